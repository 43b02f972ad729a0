// A batch (one `generate` call's 1–4 generations) as its caller sees it, and waiting for it
// to finish: what lets a TypeScript caller still get finished pictures in one await.
import type { Db, GenerationStatus } from "../adapters/db/client";
import type { StoragePort } from "../adapters/storage/storage-port";
import { AppError, APP_ERROR_CODES, type AppErrorCode } from "../errors";
import { FINAL_STATUSES } from "./job-settings";
import { generationViewSelect, toGenerationViews, type GenerationView } from "./generation-view";
import { nextSettle } from "./settled-signal";

export type BatchItem = {
  id: string;
  seed: number | null;
  status: GenerationStatus;
  /** The finished picture (succeeded only). */
  picture: GenerationView | null;
  /** Why it failed (failed only). */
  error: { code: AppErrorCode; message: string; details: Record<string, unknown> | null } | null;
};
export type BatchResult = { batchId: string; generations: BatchItem[] };

const batchSelect = { ...generationViewSelect, errorCode: true, errorMessage: true, errorDetails: true, queuePriority: true } as const;

const isFinal = (s: GenerationStatus) => (FINAL_STATUSES as readonly string[]).includes(s);

function codeOf(raw: string | null): AppErrorCode {
  return raw && (APP_ERROR_CODES as readonly string[]).includes(raw) ? (raw as AppErrorCode) : "INTERNAL";
}

type Deps = { db: Db; storage: Pick<StoragePort, "viewUrls"> };

export async function readBatch({ db, storage }: Deps, userId: string, batchId: string): Promise<BatchResult> {
  const rows = await db.generation.findMany({
    where: { batchId, userId, status: { not: "deleted" } },
    select: batchSelect,
    orderBy: [{ createdAt: "asc" }, { queuePriority: "asc" }],
  });
  if (rows.length === 0) throw new AppError("NOT_FOUND", "No such batch.");
  const succeeded = rows.filter((r) => r.status === "succeeded");
  const views = await toGenerationViews(
    succeeded.map(({ errorCode: _c, errorMessage: _m, errorDetails: _d, queuePriority: _p, ...view }) => view),
    userId,
    storage,
  );
  const pictureOf = new Map(views.map((v) => [v.id, v]));
  return {
    batchId,
    generations: rows.map((r) => ({
      id: r.id,
      seed: r.seed,
      status: r.status,
      picture: pictureOf.get(r.id) ?? null,
      error:
        r.status === "failed"
          ? {
              code: codeOf(r.errorCode),
              message: r.errorMessage ?? "The generation failed.",
              details: (r.errorDetails as Record<string, unknown> | null) ?? null,
            }
          : null,
    })),
  };
}

/**
 * Waits until every generation of the batch is finished, or `waitMs` passes (then answers
 * with the generations as they stand: the jobs go on). Woken at once by a worker in this
 * process, otherwise by polling the rows (50 ms, growing to 500 ms).
 *
 * When none succeeded and one failed, the call fails with that generation's error, so a
 * one-picture caller sees the same 4xx/5xx as when it rendered in the request.
 */
export async function waitForBatch(deps: Deps, userId: string, batchId: string, waitMs: number): Promise<BatchResult> {
  const deadline = Date.now() + waitMs;
  let poll = 50;
  for (;;) {
    const batch = await readBatch(deps, userId, batchId);
    const finished = batch.generations.every((g) => isFinal(g.status));
    if (finished) {
      const failed = batch.generations.find((g) => g.error);
      if (failed && !batch.generations.some((g) => g.status === "succeeded")) {
        throw new AppError(failed.error!.code, failed.error!.message, failed.error!.details ?? undefined);
      }
      return batch;
    }
    const left = deadline - Date.now();
    if (left <= 0) return batch;
    await nextSettle(batchId, Math.min(poll, left));
    poll = Math.min(Math.round(poll * 1.5), 500);
  }
}
