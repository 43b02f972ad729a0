// Generation workers in this process: the queue's worker pool running the render job, a
// heartbeat that renews the lease of every job it runs (and stops a job whose row was
// cancelled or taken over), and the periodic reconciler. The app process starts this
// with WORKER_CONCURRENCY workers; `npm run worker` starts it with no HTTP server.
import { Prisma } from "../adapters/db/client";
import { startQueueWorkers } from "../adapters/queue/graphile-queue";
import { pgRunner } from "../adapters/db/sql";
import type { Services } from "../services";
import { jobSettings, NOW_UTC, RENDER_TASK } from "./job-settings";
import { reconcile } from "./reconcile";
import { LostClaim, runGeneration, ShuttingDown } from "./run-generation";

export type GenerationWorkers = { stop: () => Promise<void> };

type Running = { attempt: number; controller: AbortController };

export async function startGenerationWorkers(
  services: Services,
  opts: { concurrency: number; reconcileEveryMs?: number; pollIntervalMs?: number } = { concurrency: services.env.WORKER_CONCURRENCY },
): Promise<GenerationWorkers> {
  if (!services.databaseUrl) throw new Error("generation workers need the database URL");
  const settings = jobSettings(services.env);
  const logger = services.logger.child({ component: "workers" });
  const running = new Map<string, Running>();

  const workers = await startQueueWorkers({
    url: services.databaseUrl,
    concurrency: opts.concurrency,
    logger,
    pollIntervalMs: opts.pollIntervalMs,
    tasks: {
      [RENDER_TASK]: async (payload: { generationId?: unknown }, job) => {
        if (typeof payload?.generationId !== "string") {
          logger.error({ jobId: job.id }, "render job without a generation id: dropped");
          return;
        }
        const controller = new AbortController();
        const onShutdown = () => controller.abort(new ShuttingDown());
        job.signal?.addEventListener("abort", onShutdown, { once: true });
        try {
          await runGeneration(services, payload.generationId, {
            workerId: job.workerId,
            signal: controller.signal,
            register: (id, attempt) => {
              running.set(id, { attempt, controller });
              return () => running.delete(id);
            },
          });
        } finally {
          job.signal?.removeEventListener("abort", onShutdown);
        }
      },
    },
  });

  let beating = false;
  const beat = async () => {
    if (beating || running.size === 0) return;
    beating = true;
    const entries = [...running];
    try {
      const ids = entries.map(([id]) => id);
      const attempts = entries.map(([, r]) => r.attempt);
      const rows = await pgRunner(services.pool)<{ id: string; status: string; renewed: boolean }>(Prisma.sql`
        WITH mine AS (SELECT * FROM unnest(${ids}::text[], ${attempts}::int[]) AS m(id, attempt)),
        renewed AS (
          UPDATE "Generation" g SET "heartbeatAt" = ${NOW_UTC}
          FROM mine WHERE g.id = mine.id AND g.attempt = mine.attempt AND g.status = 'running'
          RETURNING g.id
        )
        SELECT g.id, g.status::text AS status, (g.id IN (SELECT id FROM renewed)) AS renewed
        FROM "Generation" g WHERE g.id = ANY(${ids}::text[])`);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [id, job] of entries) {
        const row = byId.get(id);
        if (row?.renewed) continue;
        // Cancelled, failed by the reconciler, taken over, or deleted: stop working on it.
        job.controller.abort(new LostClaim(row?.status === "cancelled" ? "cancelled" : "lost"));
      }
    } catch (err) {
      // The database is unreachable: the jobs' own writes will fail too. Keep beating.
      logger.warn({ err: { message: (err as Error).message } }, "heartbeat failed");
    } finally {
      beating = false;
    }
  };
  const heartbeat = setInterval(() => void beat(), settings.heartbeatMs);
  heartbeat.unref();

  const reconcileEveryMs = opts.reconcileEveryMs ?? services.env.RECONCILE_INTERVAL_MS;
  let reconciling: Promise<unknown> | null = null;
  const reconciler =
    reconcileEveryMs > 0
      ? setInterval(() => {
          reconciling ??= reconcile(services)
            .catch((err) => logger.warn({ err: { message: (err as Error).message } }, "reconcile failed"))
            .finally(() => (reconciling = null));
        }, reconcileEveryMs)
      : null;
  reconciler?.unref();

  logger.info({ concurrency: opts.concurrency }, "generation workers started");
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        if (reconciler) clearInterval(reconciler);
        // Running jobs finish, or on abort go back to the queue; the heartbeat keeps their leases meanwhile.
        await workers.stop();
        clearInterval(heartbeat);
        await reconciling;
      })()),
  };
}
