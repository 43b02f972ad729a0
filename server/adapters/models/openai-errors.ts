// Maps errors thrown by the `openai` client (used for Z.ai and OpenAI-compatible
// endpoints) to ProviderError kinds.
import OpenAI from "openai";
import { ProviderError } from "./model-port";

const POLICY = /sensitive|content[ _-]?(filter|policy)|safety|moderation|inappropriate|1301/i;

export function toProviderError(e: unknown, signal?: AbortSignal): ProviderError {
  if (e instanceof ProviderError) return e;
  if (signal?.aborted || e instanceof OpenAI.APIConnectionTimeoutError || e instanceof OpenAI.APIUserAbortError) {
    return new ProviderError("timeout", "The image service did not answer in time.", true, undefined, { cause: e });
  }
  if (e instanceof OpenAI.APIError && e.status) {
    const body = e.error as { code?: unknown; message?: unknown } | undefined;
    const text = `${String(body?.code ?? "")} ${String(body?.message ?? e.message)}`;
    if (POLICY.test(text) && e.status < 500)
      return new ProviderError("content_filter", "The image service refused this prompt.", false, e.status, { cause: e });
    if (e.status === 429) return new ProviderError("rate_limited", "The image service is busy (rate limited).", true, 429, { cause: e });
    if (e.status >= 500) return new ProviderError("upstream", `The image service failed (HTTP ${e.status}).`, true, e.status, { cause: e });
    return new ProviderError("upstream", `The image service rejected the request (HTTP ${e.status}).`, false, e.status, { cause: e });
  }
  if (e instanceof OpenAI.APIConnectionError)
    return new ProviderError("upstream", "Could not reach the image service.", true, undefined, { cause: e });
  if (e instanceof SyntaxError)
    return new ProviderError("bad_response", "The image service sent a malformed answer.", false, undefined, { cause: e });
  return new ProviderError("bad_response", "The image service sent an unexpected answer.", false, undefined, { cause: e });
}
