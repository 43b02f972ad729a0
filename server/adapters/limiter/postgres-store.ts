// Per-minute limits in the app's own PostgreSQL: the default store. Durable and shared by
// every process on the same database, with nothing else to run (docs/decisions/0013).
// One counter row per (key, window); a hit weighs the previous window's count by how much
// of it still overlaps the sliding window, as @upstash/ratelimit's slidingWindow does, so
// a burst across a window boundary cannot let twice the limit through.
import type pg from "pg";
import { Prisma } from "../db/client";
import { pgRunner } from "../db/sql";
import type { LimiterStore, WindowHit } from "./types";

/** What studio_rate_limit_hit answers: the new count (null when refused), the previous window's weight, the reset time. */
export type HitRow = { counted: number | null; weighted: number; reset_ms: string | number };

/** A studio_rate_limit_hit row as the limiter port's answer. */
export function windowHitOf(row: HitRow, max: number): WindowHit {
  const success = row.counted !== null;
  return {
    success,
    limit: max,
    remaining: success ? Math.max(0, max - row.counted! - row.weighted) : 0,
    reset: Number(row.reset_ms),
  };
}

/** Expired counters are deleted this often (by every process; the DELETE is cheap). */
const SWEEP_MS = 60_000;

export function createPostgresStore(opts: { pool: pg.Pool; prefix: string; sweepMs?: number }): LimiterStore {
  const { prefix } = opts;
  // Straight on the pool: one statement per request, where Prisma's own cost would double it.
  const run = pgRunner(opts.pool);
  const sweep = () =>
    run(Prisma.sql`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < (now() AT TIME ZONE 'UTC')`).catch(() => {
      // Best effort: the next sweep retries, and expired rows are never read as current.
    });
  const sweeper = setInterval(sweep, opts.sweepMs ?? SWEEP_MS);
  sweeper.unref();

  return {
    kind: "postgres",
    async hit(rawKey, max, windowMs): Promise<WindowHit> {
      const key = `${prefix}${rawKey}`;
      // One statement (studio_rate_limit_hit, migration generation_job_functions): the counter
      // row's lock (ON CONFLICT … DO UPDATE … WHERE re-checks the latest committed count) makes
      // concurrent hits exact. The clock is the database's, shared by every process.
      const [row] = await run<HitRow>(
        Prisma.sql`SELECT counted, weighted, reset_ms FROM studio_rate_limit_hit(${key}, ${max}::int, ${windowMs}::int)`,
      );
      return windowHitOf(row!, max);
    },
    statementKey: (rawKey) => `${prefix}${rawKey}`,
    async close() {
      clearInterval(sweeper);
    },
  };
}
