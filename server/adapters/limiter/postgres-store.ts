// Per-minute limits in the app's own PostgreSQL: the default store. Durable and shared by
// every process on the same database, with nothing else to run (docs/decisions/0013).
// One counter row per (key, window); a hit weighs the previous window's count by how much
// of it still overlaps the sliding window, as @upstash/ratelimit's slidingWindow does, so
// a burst across a window boundary cannot let twice the limit through.
import type pg from "pg";
import { Prisma } from "../db/client";
import { pgRunner } from "../db/sql";
import type { LimiterStore, WindowHit } from "./types";

type HitRow = { counted: number | null; weighted: number; reset_ms: string };

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
      // One statement: the counter row's lock (ON CONFLICT … DO UPDATE … WHERE re-checks the
      // latest committed count) makes concurrent hits exact. The clock is the database's,
      // shared by every process.
      const [row] = await run<HitRow>(Prisma.sql`
        WITH w AS (
          SELECT k.now_ms / ${windowMs}::bigint AS cur, k.now_ms % ${windowMs}::bigint AS elapsed
          FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms) k
        ), prev AS (
          SELECT floor(coalesce((SELECT c.count FROM "RateLimitCounter" c
                                 WHERE c.key = ${key} AND c."windowMs" = ${windowMs}::int AND c."window" = w.cur - 1), 0)
                       * (${windowMs}::bigint - w.elapsed)::float8 / ${windowMs}::float8)::int AS weighted
          FROM w
        ), up AS (
          INSERT INTO "RateLimitCounter" AS c (key, "windowMs", "window", count, "expiresAt")
          SELECT ${key}, ${windowMs}::int, w.cur, 1, to_timestamp(((w.cur + 2) * ${windowMs}::bigint) / 1000.0) AT TIME ZONE 'UTC'
          FROM w, prev WHERE prev.weighted + 1 <= ${max}::int
          ON CONFLICT (key, "windowMs", "window") DO UPDATE SET count = c.count + 1
            WHERE c.count + (SELECT weighted FROM prev) + 1 <= ${max}::int
          RETURNING c.count
        )
        SELECT (SELECT count FROM up) AS counted, (SELECT weighted FROM prev) AS weighted, (w.cur + 1) * ${windowMs}::bigint AS reset_ms FROM w`);
      const success = row!.counted !== null;
      return {
        success,
        limit: max,
        remaining: success ? Math.max(0, max - row!.counted! - row!.weighted) : 0,
        reset: Number(row!.reset_ms),
      };
    },
    async close() {
      clearInterval(sweeper);
    },
  };
}
