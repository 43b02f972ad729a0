// The reconciler: after any process died at any moment, it brings rows, jobs and files
// back to the invariants (docs/decisions/0013):
//   - a running job whose worker's lease lapsed is retried (up to JOB_MAX_ATTEMPTS starts)
//     or failed — a failed row no longer counts, which is the refund;
//   - no row stays queued or running past its deadline;
//   - a job a dead worker still holds is released (and removed when its row is settled);
//   - no stored file older than the grace period lives without a succeeded row;
//   - tombstones of deleted pictures go once they leave the quota window.
// Every change is fenced on the state it saw, so several reconcilers (one per worker
// process, plus `npm run reconcile`) can run at once.
import { Prisma, type GenerationStatus } from "../adapters/db/client";
import { addJobsSql, deleteIdleQueuesSql, forceUnlockWorkersSql, idleQueueNamesSql } from "../adapters/queue/graphile-queue";
import { dailyQuota } from "../limits/catalogue";
import type { Services } from "../services";
import { jobSpecFor } from "./enqueue-generations";
import { jobKeyOf, jobSettings, laneQueuePrefix, lockUserSql, NOW_UTC, runDeadlineMs, userOfQueueName } from "./job-settings";
import { notifySettled } from "./settled-signal";
import { publishProgress } from "./publish-progress";

type Deps = Pick<Services, "db" | "storage" | "models" | "progress" | "env" | "logger">;

export type ReconcileReport = {
  /** Running rows whose worker died, put back in the queue. */
  requeued: number;
  /** Rows failed (and so refunded): attempts used up, deadlines passed, jobs lost. */
  failed: number;
  /** Jobs released from dead workers. */
  unlocked: number;
  /** Stored files with no succeeded row, removed. */
  orphanFiles: number;
  /** Tombstones of deleted pictures purged. */
  purged: number;
  /** Idle per-user queues removed from the job queue's table. */
  idleQueues: number;
};

const BATCH = 500;

const secs = (ms: number) => Prisma.sql`make_interval(secs => ${ms / 1000})`;

type StaleJob = {
  key: string;
  lockedBy: string;
  generationId: string;
  status: GenerationStatus | null;
  attempt: number | null;
  fresh: boolean;
  userId: string | null;
  queueLane: number | null;
  queuePriority: number | null;
  batchId: string | null;
};

export async function reconcile(deps: Deps, now = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { requeued: 0, failed: 0, unlocked: 0, orphanFiles: 0, purged: 0, idleQueues: 0 };
  await releaseDeadWorkers(deps, report);
  await failLostAndOverdue(deps, report);
  await removeOrphanFiles(deps, report, now);
  await purgeTombstones(deps, report);
  await removeIdleQueues(deps, report);
  const changed = Object.values(report).some((n) => n > 0);
  deps.logger[changed ? "info" : "debug"](report, "reconciled");
  return report;
}

/** A failed row, fenced on the status and attempt we saw. */
async function failRow(
  deps: Deps,
  tx: Prisma.TransactionClient,
  id: string,
  seen: { status: GenerationStatus; attempt: number },
  message: string,
): Promise<boolean> {
  const n = await tx.$executeRaw`UPDATE "Generation" SET status = 'failed', stage = NULL, "errorCode" = 'INTERNAL',
      "errorMessage" = ${message}, "finishedAt" = ${NOW_UTC}, "updatedAt" = ${NOW_UTC}
    WHERE id = ${id} AND status = ${seen.status}::"GenerationStatus" AND attempt = ${seen.attempt}`;
  return n === 1;
}

/**
 * Jobs locked longer than a lease, whose row shows no live worker (its lease lapsed, or
 * the row is settled or gone): the worker holding them is dead. Release its jobs; put a
 * running row back in the queue, or fail it once its starts are used up.
 */
async function releaseDeadWorkers(deps: Deps, report: ReconcileReport) {
  const s = jobSettings(deps.env);
  const stale = await deps.db.$queryRaw<StaleJob[]>`
    SELECT j.key, j.locked_by AS "lockedBy", substr(j.key, 5) AS "generationId", g.status, g.attempt, g."userId", g."queueLane",
           g."queuePriority", g."batchId", (g."heartbeatAt" IS NOT NULL AND g."heartbeatAt" > ${NOW_UTC} - ${secs(s.leaseMs)}) AS fresh
    FROM graphile_worker._private_jobs j
    LEFT JOIN "Generation" g ON g.id = substr(j.key, 5)
    WHERE j.key LIKE 'gen:%' AND j.locked_at IS NOT NULL AND j.locked_at < now() - ${secs(s.leaseMs)}
    LIMIT ${BATCH}`;
  for (const job of stale) {
    if (job.status === "running" && job.fresh) continue; // alive: its worker still beats
    await deps.db.$transaction(async (tx) => {
      // The job must still be held by the same worker (or this ran twice).
      const held = await tx.$queryRaw<Array<{ one: number }>>`
        SELECT 1 AS one FROM graphile_worker._private_jobs WHERE key = ${job.key} AND locked_by = ${job.lockedBy} FOR UPDATE`;
      if (!held.length) return;
      await tx.$executeRaw(forceUnlockWorkersSql([job.lockedBy]));
      report.unlocked += 1;
      if (job.status === "running" && job.attempt !== null) {
        if (job.attempt >= s.maxAttempts) {
          if (
            await failRow(
              deps,
              tx,
              job.generationId,
              { status: "running", attempt: job.attempt },
              `The worker stopped ${job.attempt} times while rendering this picture.`,
            )
          ) {
            report.failed += 1;
            await tx.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${job.key} AND locked_at IS NULL`;
          }
        } else {
          const n = await tx.$executeRaw`UPDATE "Generation" SET status = 'queued', stage = NULL, "heartbeatAt" = NULL, "workerId" = NULL,
              "updatedAt" = ${NOW_UTC} WHERE id = ${job.generationId} AND status = 'running' AND attempt = ${job.attempt}`;
          report.requeued += n;
        }
      } else if (job.status !== "queued") {
        // Settled or gone: the job has nothing left to do.
        await tx.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${job.key} AND locked_at IS NULL`;
      }
    });
  }
}

/**
 * Rows past a deadline, or without a job that can run them: running with a lapsed lease
 * and no job held (e.g. the job was lost), running longer than any start may take,
 * queued longer than JOB_QUEUE_TIMEOUT_MS, queued without a runnable job.
 */
async function failLostAndOverdue(deps: Deps, report: ReconcileReport) {
  const s = jobSettings(deps.env);
  const runMs = runDeadlineMs(deps.models.policy);
  const rows = await deps.db.$queryRaw<
    Array<{
      id: string;
      userId: string;
      status: GenerationStatus;
      attempt: number;
      batchId: string | null;
      queueLane: number;
      queuePriority: number;
      why: string;
    }>
  >`
    SELECT g.id, g."userId", g.status, g.attempt, g."batchId", g."queueLane", g."queuePriority",
      CASE
        WHEN g.status = 'running' AND g."startedAt" < ${NOW_UTC} - ${secs(runMs)} THEN 'overdue'
        WHEN g.status = 'queued' AND g."reservedAt" < ${NOW_UTC} - ${secs(s.queueTimeoutMs)} THEN 'waited'
        WHEN j.key IS NULL OR NOT j.runnable THEN 'nojob'
        ELSE 'ok'
      END AS why
    FROM "Generation" g
    LEFT JOIN LATERAL (
      SELECT key, (attempts < max_attempts OR locked_at IS NOT NULL) AS runnable
      FROM graphile_worker._private_jobs WHERE key = 'gen:' || g.id
    ) j ON true
    WHERE g.status IN ('queued', 'running')
      AND (g.status = 'queued' OR g."heartbeatAt" IS NULL OR g."heartbeatAt" < ${NOW_UTC} - ${secs(s.leaseMs)} OR g."startedAt" < ${NOW_UTC} - ${secs(runMs)})
    LIMIT ${BATCH * 4}`;
  for (const row of rows) {
    if (row.why === "ok") continue;
    await deps.db.$transaction(async (tx) => {
      const seen = { status: row.status, attempt: row.attempt };
      if (row.why === "nojob" && row.status === "running" && row.attempt < s.maxAttempts) {
        // The worker is gone and so is its job: give the row a new one.
        const n = await tx.$executeRaw`UPDATE "Generation" SET status = 'queued', stage = NULL, "heartbeatAt" = NULL, "workerId" = NULL,
            "updatedAt" = ${NOW_UTC} WHERE id = ${row.id} AND status = 'running' AND attempt = ${row.attempt}`;
        if (n === 1) {
          await tx.$executeRaw(
            addJobsSql([jobSpecFor(s, { id: row.id, userId: row.userId, lane: row.queueLane, priority: row.queuePriority })]),
          );
          report.requeued += 1;
        }
        return;
      }
      const message =
        row.why === "overdue"
          ? "The picture took longer than any render may take."
          : row.why === "waited"
            ? "The picture waited in the queue too long; try again."
            : "The picture's job was lost.";
      if (await failRow(deps, tx, row.id, seen, message)) {
        report.failed += 1;
        await tx.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${jobKeyOf(row.id)} AND locked_at IS NULL`;
        publishProgress(deps, row.userId, row.id, { stage: "failed", generationId: row.id, message });
        notifySettled(row.batchId);
      }
    });
  }
}

/** Files older than the grace period that no succeeded row points at. */
async function removeOrphanFiles(deps: Deps, report: ReconcileReport, now: Date) {
  const s = jobSettings(deps.env);
  const cutoff = now.getTime() - s.orphanGraceMs;
  let page: string[] = [];
  const flush = async () => {
    if (!page.length) return;
    const keys = page;
    page = [];
    const used = await deps.db.$queryRaw<Array<{ key: string }>>`
      SELECT "storageKey" AS key FROM "Generation" WHERE "storageKey" = ANY(${keys}::text[]) AND status = 'succeeded'
      UNION SELECT "thumbnailKey" FROM "Generation" WHERE "thumbnailKey" = ANY(${keys}::text[]) AND status = 'succeeded'`;
    const keep = new Set(used.map((u) => u.key));
    const orphans = keys.filter((k) => !keep.has(k));
    if (orphans.length) {
      await deps.storage.remove(orphans);
      report.orphanFiles += orphans.length;
      deps.logger.info({ files: orphans.length }, "removed stored files without a succeeded generation");
    }
  };
  for await (const file of deps.storage.list()) {
    if (file.modifiedAt.getTime() > cutoff) continue;
    page.push(file.key);
    if (page.length >= BATCH) await flush();
  }
  await flush();
}

async function purgeTombstones(deps: Deps, report: ReconcileReport) {
  report.purged += await deps.db.$executeRaw`
    DELETE FROM "Generation" WHERE status = 'deleted' AND "reservedAt" < ${NOW_UTC} - ${secs(dailyQuota.windowMs)}`;
}

/** graphile-worker keeps a row per queue name forever; drop idle ones, user by user, under the user's lock. */
async function removeIdleQueues(deps: Deps, report: ReconcileReport) {
  const idle = await deps.db.$queryRaw<Array<{ name: string }>>(idleQueueNamesSql(BATCH));
  const users = new Set(idle.map((q) => userOfQueueName(q.name)).filter((u): u is string => u !== null));
  for (const userId of users) {
    report.idleQueues += await deps.db.$transaction(async (tx) => {
      await tx.$executeRaw(lockUserSql(userId));
      return tx.$executeRaw(deleteIdleQueuesSql(laneQueuePrefix(userId)));
    });
  }
}
