// Figure 4: the time the rate limit and daily quota checks add to a request, on the
// local Redis (the TCP adapter the app uses with REDIS_URL), next to a bare Redis PING
// round trip over the same kind of connection, interleaved in the same run. Keys live under a
// prefix of this run's own and are deleted afterwards (never a flush).
import { createLimiterStore } from "../server/adapters/limiter";
import { createTcpRedis } from "../server/adapters/limiter/tcp-redis";
import { createDb } from "../server/adapters/db/client";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { reserveDailyGeneration } from "../server/limits/daily-quota";
import { checkRateLimit } from "../server/limits/rate-limit";
import type { Report } from "./lib/report";
import { ms, ratio, timeInterleaved } from "./lib/stats";

export async function runLimits(databaseUrl: string, report: Report, iterations = 400) {
  const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `bench:limits:${process.pid}:${Date.now().toString(36)}:`;
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LIMITER_PREFIX: prefix });
  const logger = createLogger({ level: "silent" });
  const limiter = createLimiterStore(env, "redis", logger, prefix);
  const redis = createTcpRedis(redisUrl, { logger, commandTimeoutMs: env.LIMITER_TIMEOUT_MS });
  const { db, pool } = createDb({ url: databaseUrl, max: 2 });
  const userId = `bench-limits-${process.pid}`;
  // Limits high enough that nothing is refused: the figure is the cost of asking.
  await db.user.create({ data: { id: userId, name: "bench limits", dailyGenLimit: 1_000_000_000 } });
  const deps = { limiter, logger, db, overrides: { read: 1_000_000_000, generate: 1_000_000_000 } };
  const caller = { userId, ip: "127.0.0.1" };
  const ping = () => redis.client.ping();
  try {
    await redis.client.ping().catch((e: Error) => {
      throw new Error(`no Redis at ${redisUrl}: ${e.message}`);
    });
    const [rate, ping1] = await timeInterleaved(iterations, () => checkRateLimit(deps, "read", caller), ping);
    const [quota, ping2] = await timeInterleaved(iterations, () => reserveDailyGeneration(deps, userId), ping);
    // What `generate` pays before its model call: its rate limit, then the quota reservation.
    const [both, ping3] = await timeInterleaved(
      iterations,
      async () => {
        await checkRateLimit(deps, "generate", caller);
        await reserveDailyGeneration(deps, userId);
      },
      ping,
    );
    const pingMedian = Math.min(ping1.median, ping2.median, ping3.median);
    report.add("limits", "baseline: Redis PING round trip (median/p99)", `${ms(ping1.median)} / ${ms(ping1.p99)}`);
    report.add("limits", "rate limit check, sliding window (median/p99)", `${ms(rate.median)} / ${ms(rate.p99)}`, `÷ PING ${ratio(rate.median, ping1.median)}`);
    report.add("limits", "daily quota reservation (median/p99)", `${ms(quota.median)} / ${ms(quota.p99)}`, `÷ PING ${ratio(quota.median, ping2.median)}; includes the user's limit read from Postgres`);
    report.add("limits", "generate's checks: rate limit + quota (median/p99)", `${ms(both.median)} / ${ms(both.p99)}`, `÷ PING ${ratio(both.median, ping3.median)}`);
    report.record("limits", { redisUrl: redisUrl.replace(/\/\/[^@]*@/, "//***@"), iterations, rate, quota, both, ping: ping1, pingMedian });
  } finally {
    // Only this run's keys.
    let cursor = "0";
    do {
      const [next, keys] = await redis.client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await redis.client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    await limiter.close();
    await redis.close();
    await db.user.delete({ where: { id: userId } }).catch(() => {});
    await db.$disconnect();
    await pool.end();
  }
}
