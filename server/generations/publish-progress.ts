// Progress is best effort: never awaited by the pipeline, never able to fail it. The port
// promises not to reject; this keeps an unexpected rejection from becoming an unhandled one.
import type { ProgressEvent } from "../adapters/progress";
import type { Services } from "../services";

export function publishProgress(
  deps: Pick<Services, "progress" | "logger">,
  userId: string,
  channel: string,
  event: Omit<ProgressEvent, "at">,
): void {
  deps.progress.publish(userId, channel, event).catch((err: unknown) => deps.logger.warn({ err }, "progress event lost"));
}
