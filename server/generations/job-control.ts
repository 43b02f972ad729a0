// What a user does with their jobs: cancel one (a refund: a cancelled row stops counting),
// retry a failed or cancelled one (a new unit), and see their queue with positions.
import { Prisma, type Db, type GenerationStatus } from "../adapters/db/client";
import { addJobsSql } from "../adapters/queue/graphile-queue";
import type { StoragePort } from "../adapters/storage/storage-port";
import { AppError } from "../errors";
import { findModel } from "../models/catalogue";
import { admissionRefusal, admitGenerationsSql, type AdmissionRow } from "../limits/daily-quota";
import type { Services } from "../services";
import { jobSpecFor } from "./enqueue-generations";
import { jobKeyOf, jobSettings, NOW_UTC } from "./job-settings";
import { notifySettled } from "./settled-signal";
import { publishProgress } from "./publish-progress";

type Deps = Pick<Services, "db" | "progress" | "env" | "logger" | "models">;

const notFound = () => new AppError("NOT_FOUND", "No such picture.");

/** Deletes a job no worker holds; a held one is left to its worker (which sees the row and stops). */
const deleteIdleJobSql = (generationId: string) =>
  Prisma.sql`DELETE FROM graphile_worker._private_jobs WHERE key = ${jobKeyOf(generationId)} AND locked_at IS NULL`;

export async function cancelGeneration(deps: Deps, userId: string, id: string): Promise<{ id: string; status: GenerationStatus }> {
  const row = await deps.db.$transaction(async (tx) => {
    const [found] = await tx.$queryRaw<Array<{ status: GenerationStatus; batchId: string | null; progressId: string | null }>>`
      SELECT status, "batchId", "progressId" FROM "Generation" WHERE id = ${id} AND "userId" = ${userId} FOR UPDATE`;
    if (!found || found.status === "deleted") throw notFound();
    if (found.status === "cancelled") return { ...found, changed: false };
    if (found.status !== "queued" && found.status !== "running") {
      throw new AppError("CONFLICT", `That generation has already ${found.status === "succeeded" ? "finished" : "failed"}.`, {
        status: found.status,
      });
    }
    // A running job keeps its workerId: its worker stops at its next heartbeat, or, if it
    // is dead, the reconciler releases the job it held.
    await tx.$executeRaw`UPDATE "Generation" SET status = 'cancelled', stage = NULL, "finishedAt" = ${NOW_UTC},
      "errorMessage" = 'Cancelled.', "updatedAt" = ${NOW_UTC} WHERE id = ${id}`;
    await tx.$executeRaw(deleteIdleJobSql(id));
    return { ...found, changed: true };
  });
  if (row.changed) {
    publishProgress(deps, userId, id, { stage: "cancelled", generationId: id });
    if (row.progressId) publishProgress(deps, userId, row.progressId, { stage: "cancelled", generationId: id });
    notifySettled(row.batchId);
    deps.logger.info({ generationId: id, was: row.status }, "generation cancelled");
  }
  return { id, status: "cancelled" };
}

export async function retryGeneration(
  deps: Deps,
  userId: string,
  id: string,
): Promise<{ id: string; batchId: string | null; status: GenerationStatus }> {
  const settings = jobSettings(deps.env);
  const row = await deps.db.$transaction(async (tx) => {
    // The user's lock and the quota/queue verdict first (the same rule as generate's);
    // a refusal is answered only after the row's own checks.
    const [admission] = await tx.$queryRaw<AdmissionRow[]>(admitGenerationsSql(userId, 1, settings));
    const [found] = await tx.$queryRaw<Array<{ status: GenerationStatus; model: string; batchId: string | null }>>`
      SELECT status, model, "batchId" FROM "Generation" WHERE id = ${id} AND "userId" = ${userId} FOR UPDATE`;
    if (!found || found.status === "deleted") throw notFound();
    if (found.status !== "failed" && found.status !== "cancelled") {
      throw new AppError("CONFLICT", "Only a failed or cancelled generation can be retried.", { status: found.status });
    }
    const model = findModel(deps.models.catalogue, found.model);
    if (!model || model.kind !== "image" || model.provider !== deps.models.provider) {
      throw new AppError("BAD_REQUEST", `Model "${found.model}" is no longer available on this server.`, { field: "model" });
    }
    if (admission!.verdict !== "admitted") throw admissionRefusal(admission!, settings.maxQueuedPerUser);
    const lane = admission!.lanes![0]!;
    const priority = admission!.priorities![0]!;
    await tx.$executeRaw`UPDATE "Generation" SET status = 'queued', stage = NULL, attempt = 0, "workerId" = NULL, "heartbeatAt" = NULL,
      "startedAt" = NULL, "finishedAt" = NULL, "errorMessage" = NULL, "errorCode" = NULL, "errorDetails" = NULL, "retryCount" = 0,
      "queueLane" = ${lane}::int, "queuePriority" = ${priority}::int, "reservedAt" = ${NOW_UTC}, "updatedAt" = ${NOW_UTC}
      WHERE id = ${id}`;
    await tx.$executeRaw`${addJobsSql([jobSpecFor(settings, { id, userId, lane, priority })])}`;
    return found;
  });
  publishProgress(deps, userId, id, { stage: "queued", generationId: id });
  deps.logger.info({ generationId: id }, "generation retried");
  return { id, batchId: row.batchId, status: "queued" };
}

export type QueueItem = {
  id: string;
  batchId: string | null;
  status: GenerationStatus;
  /** optimizing / rendering / storing while running. */
  stage: string | null;
  /** 1 = next to start, among everyone's queued jobs (approximate: per-user lanes reorder). */
  position: number | null;
  prompt: string;
  seed: number | null;
  aspectRatio: string;
  width: number;
  height: number;
  thumbnailUrl: string | null;
  errorMessage: string | null;
  createdAt: Date;
};

export type QueueView = { active: QueueItem[]; recent: QueueItem[] };

type QueueRow = Omit<QueueItem, "position" | "thumbnailUrl"> & { position: bigint | null; thumbnailKey: string | null; isPublic: boolean };

/**
 * My queued and running jobs (oldest first) and my last finished ones (newest first); the
 * variations of one Generate (one instant) in their order (ids sort so), as the studio's grid shows them.
 */
export async function listQueue(
  { db, storage }: { db: Db; storage: Pick<StoragePort, "viewUrls"> },
  userId: string,
  recentLimit = 12,
): Promise<QueueView> {
  const [active, recent] = await Promise.all([
    db.$queryRaw<QueueRow[]>`
      SELECT g.id, g."batchId", g.status, g.stage, g."originalPrompt" AS prompt, g.seed, g."aspectRatio", g.width, g.height,
             g."thumbnailKey", g."isPublic", g."errorMessage", g."createdAt",
             CASE WHEN g.status = 'queued' THEN (
               SELECT count(*) + 1 FROM "Generation" q
               WHERE q.status = 'queued' AND (q."queuePriority", q."reservedAt", q.id) < (g."queuePriority", g."reservedAt", g.id)
             ) END AS position
      FROM "Generation" g
      WHERE g."userId" = ${userId} AND g.status IN ('queued', 'running')
      ORDER BY g."createdAt", g.id DESC -- a batch's ids count down (newGenerationIds)
    `,
    db.$queryRaw<QueueRow[]>`
      SELECT g.id, g."batchId", g.status, g.stage, g."originalPrompt" AS prompt, g.seed, g."aspectRatio", g.width, g.height,
             g."thumbnailKey", g."isPublic", g."errorMessage", g."createdAt", NULL::bigint AS position
      FROM "Generation" g
      WHERE g."userId" = ${userId} AND g.status IN ('succeeded', 'failed', 'cancelled')
        AND g."createdAt" > ${NOW_UTC} - interval '1 day'
      ORDER BY g."createdAt" DESC, g.id DESC
      LIMIT ${recentLimit}`,
  ]);
  // Thumbnails through the storage port, as every view makes them (private ones stay the owner's).
  const withThumbs = recent.filter((r) => r.thumbnailKey);
  const urls = withThumbs.length ? await storage.viewUrls(withThumbs.map((r) => ({ key: r.thumbnailKey!, isPublic: r.isPublic }))) : [];
  const thumbOf = new Map(withThumbs.map((r, i) => [r.id, urls[i] ?? null]));
  const shape = ({ thumbnailKey: _k, isPublic: _p, ...r }: QueueRow): QueueItem => ({
    ...r,
    position: r.position === null ? null : Number(r.position),
    thumbnailUrl: thumbOf.get(r.id) ?? null,
  });
  return { active: active.map(shape), recent: recent.map(shape) };
}
