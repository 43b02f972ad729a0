// Figure 4: what the limit checks add to a request. The per-minute rate limit on the local
// Redis (the TCP adapter the app uses with REDIS_URL) next to a bare Redis PING, and on
// PostgreSQL (the default store) next to a bare `SELECT 1` on the same pool; the daily quota + queue count,
// read from the Generation rows under the user's lock as `generate` does (studio_admit_generations,
// one statement), next to the same `SELECT 1`. Interleaved in the same run. Redis keys live under a prefix of this run's
// own and are deleted afterwards (never a flush).
import { createLimiterStore } from "../server/adapters/limiter";
import { createTcpRedis } from "../server/adapters/limiter/tcp-redis";
import { createDb } from "../server/adapters/db/client";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { admitGenerationsSql } from "../server/limits/daily-quota";
import { pgRunner } from "../server/adapters/db/sql";
import { checkRateLimit } from "../server/limits/rate-limit";
import type { Report } from "./lib/report";
import { ms, ratio, timeInterleaved } from "./lib/stats";

export async function runLimits(databaseUrl: string, report: Report, iterations = 400) {
  const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `bench:limits:${process.pid}:${Date.now().toString(36)}:`;
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LIMITER_PREFIX: prefix });
  const logger = createLogger({ level: "silent" });
  const { db, pool } = createDb({ url: databaseUrl, max: 2 });
  const redisLimiter = createLimiterStore(env, "redis", logger, pool, prefix);
  const pgLimiter = createLimiterStore(env, "postgres", logger, pool, prefix);
  const redis = createTcpRedis(redisUrl, { logger, commandTimeoutMs: env.LIMITER_TIMEOUT_MS });
  const userId = `bench-limits-${process.pid}`;
  // Limits high enough that nothing is refused: the figure is the cost of asking.
  await db.user.create({ data: { id: userId, name: "bench limits", dailyGenLimit: 1_000_000_000 } });
  const overrides = { read: 1_000_000_000, generate: 1_000_000_000 };
  const onRedis = { limiter: redisLimiter, logger, overrides };
  const onPg = { limiter: pgLimiter, logger, overrides };
  const caller = { userId, ip: "127.0.0.1" };
  const ping = () => redis.client.ping();
  const select1 = () => pool.query("SELECT 1");
  // As enqueue and retry do it: on the pool, one statement (lock, count, decide; nothing written here).
  const quota = () => pgRunner(pool)(admitGenerationsSql(userId, 1, { maxQueuedPerUser: 1000, userConcurrency: 2 }));
  try {
    await redis.client.ping().catch((e: Error) => {
      throw new Error(`no Redis at ${redisUrl}: ${e.message}`);
    });
    const [rate, ping1] = await timeInterleaved(iterations, () => checkRateLimit(onRedis, "read", caller), ping);
    const [pgRate, sel1] = await timeInterleaved(iterations, () => checkRateLimit(onPg, "read", caller), select1);
    const [daily, sel2] = await timeInterleaved(iterations, quota, select1);
    report.add("limits", "baseline: Redis PING / PostgreSQL SELECT 1 round trip (median)", `${ms(ping1.median)} / ${ms(sel1.median)}`);
    report.add(
      "limits",
      "rate limit, sliding window, on Redis (median/p99)",
      `${ms(rate.median)} / ${ms(rate.p99)}`,
      `÷ PING ${ratio(rate.median, ping1.median)}`,
    );
    report.add(
      "limits",
      "rate limit, sliding window, on PostgreSQL — the default (median/p99)",
      `${ms(pgRate.median)} / ${ms(pgRate.p99)}`,
      `÷ SELECT 1 ${ratio(pgRate.median, sel1.median)}`,
    );
    report.add(
      "limits",
      "daily quota + queue count from the rows, under the user's lock (median/p99)",
      `${ms(daily.median)} / ${ms(daily.p99)}`,
      `÷ SELECT 1 ${ratio(daily.median, sel2.median)}; one statement: lock, count, decide`,
    );
    report.record("limits", {
      redisUrl: redisUrl.replace(/\/\/[^@]*@/, "//***@"),
      iterations,
      rate,
      ping: ping1,
      pgRate,
      select1: sel1,
      daily,
    });
  } finally {
    // Only this run's keys.
    let cursor = "0";
    do {
      const [next, keys] = await redis.client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await redis.client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    await redisLimiter.close();
    await pgLimiter.close();
    await redis.close();
    await db.user.delete({ where: { id: userId } }).catch(() => {});
    await db.$disconnect();
    await pool.end();
  }
}
