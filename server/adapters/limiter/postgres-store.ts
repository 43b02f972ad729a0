// Per-minute limits in the app's own PostgreSQL: the default store. Durable and shared by
// every process on the same database, with nothing else to run (docs/decisions/0013).
// One counter row per (key, window); a hit weighs the previous window's count by how much
// of it still overlaps the sliding window, rounded down, as @upstash/ratelimit's
// slidingWindow does, so a burst across a window boundary lets through at most one more
// than the limit (for a limit of 1, that is a second call just after the edge).
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
  // Straight on the pool: one statement per batch of hits, where Prisma's own cost would double it.
  const run = pgRunner(opts.pool);
  const sweep = () =>
    run(Prisma.sql`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < (now() AT TIME ZONE 'UTC')`).catch(() => {
      // Best effort: the next sweep retries, and expired rows are never read as current.
    });
  const sweeper = setInterval(sweep, opts.sweepMs ?? SWEEP_MS);
  sweeper.unref();

  // Hits that arrive in the same turn of the event loop go to PostgreSQL as one statement
  // (under load, a round trip per read was most of what the limit cost; bench figure 3).
  let pending: PendingHit[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    for (let i = 0; i < batch.length; i += MAX_BATCH) void hitMany(run, batch.slice(i, i + MAX_BATCH));
  };

  return {
    kind: "postgres",
    hit(rawKey, max, windowMs): Promise<WindowHit> {
      return new Promise((resolve, reject) => {
        if (!pending.length) setImmediate(flush);
        pending.push({ key: `${prefix}${rawKey}`, max, windowMs, resolve, reject });
      });
    },
    statementKey: (rawKey) => `${prefix}${rawKey}`,
    async ping() {
      await run(Prisma.sql`SELECT 1`);
    },
    async close() {
      clearInterval(sweeper);
    },
  };
}

type PendingHit = { key: string; max: number; windowMs: number; resolve: (hit: WindowHit) => void; reject: (err: unknown) => void };

const MAX_BATCH = 100;

/**
 * One statement for a batch of hits (studio_rate_limit_hit, migration
 * generation_job_functions): each counter row's lock (ON CONFLICT … DO UPDATE … WHERE
 * re-checks the latest committed count) makes concurrent hits exact, and a second hit on
 * the same key in the batch sees the first. The rows are locked in key order, the same in
 * every batch of every process, so two batches never deadlock. The clock is the database's.
 */
async function hitMany(run: ReturnType<typeof pgRunner>, batch: PendingHit[]): Promise<void> {
  try {
    if (batch.length === 1) {
      const [h] = batch;
      const [row] = await run<HitRow>(
        Prisma.sql`SELECT counted, weighted, reset_ms FROM studio_rate_limit_hit(${h!.key}, ${h!.max}::int, ${h!.windowMs}::int)`,
      );
      h!.resolve(windowHitOf(row!, h!.max));
      return;
    }
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowMs - b.windowMs));
    const rows = await run<HitRow>(Prisma.sql`
      SELECT r.counted, r.weighted, r.reset_ms
      FROM unnest(${batch.map((h) => h.key)}::text[], ${batch.map((h) => h.max)}::int[], ${batch.map((h) => h.windowMs)}::int[])
        WITH ORDINALITY AS u(key, max, window_ms, i)
      CROSS JOIN LATERAL studio_rate_limit_hit(u.key, u.max, u.window_ms) r
      ORDER BY u.i`);
    if (rows.length !== batch.length) throw new Error(`rate limit batch answered ${rows.length} rows for ${batch.length} hits`);
    batch.forEach((h, i) => h.resolve(windowHitOf(rows[i]!, h.max)));
  } catch (err) {
    for (const h of batch) h.reject(err);
  }
}
