// The job queue port on graphile-worker 0.16 (docs/decisions/0013): jobs live in the
// app's own PostgreSQL (schema graphile_worker), workers are woken by LISTEN/NOTIFY, and
// jobs are added with SQL inside the caller's own transaction, so a generation's row and
// its job commit together or not at all.
import { Logger as GraphileLogger, run, runMigrations, type LogLevel, type Runner, type Task, type Worker } from "graphile-worker";
import pg from "pg";
import type { Logger } from "pino";
import { Prisma } from "../db/client";
import { pgConfigFromUrl } from "../db/pg-config";

export const QUEUE_SCHEMA = "graphile_worker";

/** graphile-worker's log lines through our pino logger (never the console). */
export function queueLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level: LogLevel, message: string) => {
    const fields = { queue: { label: scope.label, workerId: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId } };
    // A task that throws is already logged by our job handler; the library's own line is detail.
    if (level === "error") logger.warn(fields, message.split("\n")[0]);
    else if (level === "warning") logger.warn(fields, message.split("\n")[0]);
    else logger.debug(fields, message.split("\n")[0]);
  });
}

/** Installs or upgrades the queue's schema (graphile-worker's own migrations; idempotent). */
export async function migrateQueue(url: string, logger?: Logger): Promise<void> {
  const pool = new pg.Pool({ ...pgConfigFromUrl(url), max: 1, allowExitOnIdle: true, idleTimeoutMillis: 200 });
  try {
    await runMigrations({ pgPool: pool, schema: QUEUE_SCHEMA, ...(logger ? { logger: queueLogger(logger) } : {}) });
  } finally {
    await pool.end();
  }
}

export type JobSpec = {
  task: string;
  payload: Record<string, unknown>;
  /** Jobs of one named queue run one at a time, in order. */
  queueName: string | null;
  /** Unique while the job exists: lets us find, remove or replace it. */
  jobKey: string;
  /** Lower runs first. */
  priority: number;
  maxAttempts: number;
};

/** Adds jobs; run it inside the transaction that writes the rows they are for. */
export function addJobsSql(specs: JobSpec[]): Prisma.Sql {
  const rows = specs.map(
    (s) => Prisma.sql`(${s.task}::text, ${JSON.stringify(s.payload)}::json, ${s.queueName}::text, NULL::timestamptz,
      ${s.maxAttempts}::smallint, ${s.jobKey}::text, ${s.priority}::smallint, NULL::text[])::graphile_worker.job_spec`,
  );
  return Prisma.sql`SELECT 1 FROM graphile_worker.add_jobs(ARRAY[${Prisma.join(rows)}], false)`;
}

/** The largest priority a job can have (graphile-worker keeps it in a smallint). */
export const MAX_JOB_PRIORITY = 32_000;

/**
 * Removes a job that has not started; one that a worker holds cannot be removed, so it is
 * kept from running again (its task must also notice that its row is no longer queued).
 */
export function removeJobSql(jobKey: string): Prisma.Sql {
  return Prisma.sql`SELECT 1 FROM graphile_worker.remove_job(${jobKey}::text)`;
}

/** Releases jobs (and named queues) held by workers known to be dead, so they run again. */
export function forceUnlockWorkersSql(workerIds: string[]): Prisma.Sql {
  return Prisma.sql`SELECT graphile_worker.force_unlock_workers(${workerIds}::text[])`;
}

/** Which of these job keys exist, and whether each can still run (not exhausted). */
export function jobStatesSql(jobKeys: string[]): Prisma.Sql {
  return Prisma.sql`SELECT key, locked_by AS "lockedBy", (attempts < max_attempts) AS runnable
    FROM graphile_worker._private_jobs WHERE key = ANY(${jobKeys}::text[])`;
}

/**
 * Deletes idle named queues whose names start with `prefix` (graphile-worker keeps one row
 * per queue name forever, and its job pick-up locks every idle queue row). Run it where
 * no job can be added to those queues meanwhile (the owner's advisory lock).
 */
export function deleteIdleQueuesSql(prefix: string): Prisma.Sql {
  return Prisma.sql`DELETE FROM graphile_worker._private_job_queues q
    WHERE q.queue_name LIKE ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} AND q.locked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id)`;
}

/** Names of idle queues (no jobs, not locked), to clean up owner by owner. */
export function idleQueueNamesSql(limit: number): Prisma.Sql {
  return Prisma.sql`SELECT q.queue_name AS name FROM graphile_worker._private_job_queues q
    WHERE q.locked_at IS NULL AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id)
    LIMIT ${limit}`;
}

/** First wait before asking again after an empty pick-up; doubles up to the poll interval. */
const FIRST_RETRY_MS = 10;

/**
 * graphile-worker 0.16's pick-up (get_job, "strategy 2") locks every available named-queue
 * row, FOR UPDATE SKIP LOCKED, until its statement commits. Two workers asking at the same
 * moment — in one process or in two — can so find "no job" while hundreds wait, and the
 * loser then sleeps for the whole poll interval: only a new job's NOTIFY would wake it. With
 * per-user queues that happens every few dozen jobs, more often the more workers there are.
 * So after an empty pick-up a worker asks again soon, backing off (10, 20, 40 … ms) to the
 * poll interval, and starts over once it gets a job: a worker that truly has nothing to do
 * polls a handful of times more, then as before.
 */
function retryEmptyPickups(runner: Runner, pollIntervalMs: number): () => void {
  const nextDelay = new Map<Worker, number>();
  const released = new WeakSet<Worker>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  runner.events.on("job:start", ({ worker }) => nextDelay.delete(worker));
  runner.events.on("worker:release", ({ worker }) => released.add(worker));
  runner.events.on("worker:getJob:empty", ({ worker }) => {
    const delay = nextDelay.get(worker) ?? FIRST_RETRY_MS;
    if (stopped || delay >= pollIntervalMs) return;
    nextDelay.set(worker, delay * 2);
    // Jittered, so two workers that collided do not collide again.
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        // nudge() starts the pick-up at once if the worker is still waiting (else it is busy: nothing to do).
        if (!stopped && !released.has(worker)) worker.nudge();
      },
      delay * (0.5 + Math.random()),
    );
    timers.add(timer);
  });
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
  };
}

export type QueueTask<P> = (payload: P, job: { id: string; workerId: string; attempts: number; signal?: AbortSignal }) => Promise<void>;

export type QueueWorkers = {
  /** Stops taking jobs, lets running ones finish (aborting them after `abortAfterMs`), releases connections. */
  stop: () => Promise<void>;
};

/** Longest wait between two attempts to bring the workers back while the database is away. */
const MAX_RESTART_DELAY_MS = 30_000;

export async function startQueueWorkers(opts: {
  url: string;
  concurrency: number;
  tasks: Record<string, QueueTask<never>>;
  logger: Logger;
  /** Fallback poll for jobs scheduled in the future (retries); new jobs arrive by NOTIFY. */
  pollIntervalMs?: number;
  /** After a stop, running jobs get this long before their abort signal fires. */
  abortAfterMs?: number;
  /** First wait before restarting workers that a database error stopped (doubles up to 30 s). */
  restartDelayMs?: number;
}): Promise<QueueWorkers> {
  // Workers, the LISTEN connection and a spare.
  const pool = new pg.Pool({ ...pgConfigFromUrl(opts.url), max: opts.concurrency + 2, idleTimeoutMillis: 10_000 });
  pool.on("error", (err) => opts.logger.warn({ err: { message: err.message } }, "queue pool connection error"));
  const taskList: Record<string, Task> = {};
  for (const [name, task] of Object.entries(opts.tasks)) {
    taskList[name] = (payload, helpers) =>
      (task as QueueTask<unknown>)(payload, {
        id: String(helpers.job.id),
        workerId: helpers.job.locked_by ?? "",
        attempts: helpers.job.attempts,
        signal: helpers.abortSignal,
      });
  }
  const pollInterval = opts.pollIntervalMs ?? 2000;
  const launch = () =>
    run({
      pgPool: pool,
      schema: QUEUE_SCHEMA,
      concurrency: opts.concurrency,
      noHandleSignals: true,
      pollInterval,
      logger: queueLogger(opts.logger),
      taskList,
      gracefulShutdownAbortTimeout: opts.abortAfterMs ?? 5000,
      // Crontab: none (the reconciler runs on its own timer).
      parsedCronItems: [],
    });

  const tally = { jobs: 0, emptyPickups: 0, restarts: 0 };
  let stopping = false;
  let current: { runner: Runner; stopRetries: () => void } | null = null;
  let restarting: Promise<void> | null = null;
  let wakeRestart: (() => void) | null = null;

  const attach = (runner: Runner) => {
    const stopRetries = retryEmptyPickups(runner, pollInterval);
    runner.events.on("worker:getJob:empty", () => tally.emptyPickups++);
    runner.events.on("job:start", () => tally.jobs++);
    // graphile-worker 0.16 ends a worker that cannot record a job's end (the database went
    // away as the job finished) and never starts another in its place: the process would
    // stay up with no worker at all. So the workers are started again.
    runner.events.on("worker:fatalError", ({ error }) => restart(runner, error));
    runner.promise.catch((err: unknown) => restart(runner, err));
    current = { runner, stopRetries };
  };

  /** Stops the runner a worker of which died, then starts a new one once the database lets it. */
  const restart = (runner: Runner, why: unknown) => {
    if (stopping || restarting || current?.runner !== runner) return;
    opts.logger.warn(
      { err: { message: (why as Error)?.message ?? String(why) } },
      "a queue worker stopped on a database error: restarting the workers (their jobs come back through their leases)",
    );
    restarting = (async () => {
      const old = current!;
      current = null;
      old.stopRetries();
      // Its other workers' jobs go back to the queue (ShuttingDown) if they do not finish in time.
      await Promise.race([old.runner.stop().catch(() => {}), sleep(20_000)]);
      for (let delay = opts.restartDelayMs ?? 1000; !stopping; delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wakeRestart = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeRestart = null;
        if (stopping) return;
        try {
          const runner = await launch();
          if (stopping) {
            await runner.stop().catch(() => {});
            return;
          }
          attach(runner);
          tally.restarts++;
          opts.logger.info({ restarts: tally.restarts }, "queue workers restarted");
          return;
        } catch (err) {
          opts.logger.warn(
            { err: { message: (err as Error).message }, retryInMs: Math.min(delay * 2, MAX_RESTART_DELAY_MS) },
            "queue workers could not restart yet",
          );
        }
      }
    })().finally(() => (restarting = null));
  };

  try {
    attach(await launch());
  } catch (e) {
    await pool.end();
    throw e;
  }
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        wakeRestart?.();
        await restarting;
        if (current) {
          current.stopRetries();
          await current.runner.stop().catch(() => {});
          await current.runner.promise.catch(() => {});
        }
        opts.logger.info(tally, "queue workers stopped");
        await pool.end();
      })()),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
