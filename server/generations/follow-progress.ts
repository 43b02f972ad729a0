// Following one generation's progress by its id. Events come through the progress port
// (in-process, or Redis Streams across instances); the row is also read every few seconds,
// so the stream still ends when no event can reach this process (a worker in another
// process without REDIS_URL) or the events have expired.
import type { ProgressEvent } from "../adapters/progress";
import { isFinalStage, type SubscribeOptions } from "../adapters/progress/progress-port";
import type { GenerationStatus } from "../adapters/db/client";
import { AppError } from "../errors";
import type { Services } from "../services";

const ROW_CHECK_MS = 2000;

function finalEvent(generationId: string, status: GenerationStatus | null, message: string | null): ProgressEvent | null {
  const at = new Date();
  if (status === "succeeded") return { stage: "done", generationId, at };
  if (status === "cancelled") return { stage: "cancelled", generationId, at };
  if (status === "failed" || status === "deleted" || status === null)
    return { stage: "failed", generationId, message: message ?? "The generation failed.", at };
  return null;
}

export async function* followGeneration(
  services: Pick<Services, "db" | "progress">,
  userId: string,
  generationId: string,
  opts: SubscribeOptions,
): AsyncGenerator<[string, ProgressEvent]> {
  const readRow = () =>
    services.db.generation.findFirst({ where: { id: generationId, userId }, select: { status: true, errorMessage: true } });
  const row = await readRow();
  if (!row || row.status === "deleted") throw new AppError("NOT_FOUND", "No such picture.");
  let lastId = opts.lastEventId ?? "0";
  const settled = finalEvent(generationId, row.status, row.errorMessage);
  if (settled) {
    yield [lastId, settled];
    return;
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const events = services.progress.subscribe(userId, generationId, { signal: controller.signal, lastEventId: opts.lastEventId });
  let next = events.next();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<"tick">((resolve) => (timer = setTimeout(() => resolve("tick"), ROW_CHECK_MS)));
      const got = await Promise.race([next, tick]).finally(() => clearTimeout(timer));
      if (opts.signal?.aborted) return;
      if (got === "tick") {
        const now = await readRow();
        const end = finalEvent(generationId, now?.status ?? null, now?.errorMessage ?? null);
        if (end) {
          yield [lastId, end];
          return;
        }
        continue;
      }
      if (got.done) return;
      lastId = got.value[0];
      yield got.value;
      if (isFinalStage(got.value[1].stage)) return;
      next = events.next();
    }
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    controller.abort();
    await events.return(undefined).catch(() => {});
  }
}
