import type { ProviderError } from "../adapters/models/model-port";
import { AppError } from "../errors";

/** What the caller is told when a provider fails (content-filter refusals are handled by moderation). */
export function providerFailure(e: ProviderError): AppError {
  switch (e.kind) {
    case "timeout":
      return new AppError("PROVIDER_TIMEOUT", e.message, { reason: "timeout" }, { cause: e });
    case "rate_limited":
      return new AppError(
        "SERVICE_UNAVAILABLE",
        "The image service is busy right now; try again in a minute.",
        { reason: "provider_rate_limited" },
        { cause: e },
      );
    case "content_filter":
      return new AppError("CONTENT_BLOCKED", e.message, { stage: "output", reason: "provider content filter" }, { cause: e });
    default:
      return new AppError("PROVIDER_ERROR", e.message, { reason: e.kind }, { cause: e });
  }
}
