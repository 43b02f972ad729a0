// Chooses the limiter store once from env: Upstash REST, Redis over TCP, or (by default)
// the app's own PostgreSQL.
import type { Logger } from "pino";
import type pg from "pg";
import type { AdapterChoice, Env } from "../../env";
import { createPostgresStore } from "./postgres-store";
import { createRedisStore } from "./redis-store";
import { createTcpRedis } from "./tcp-redis";
import { createUpstashRedis } from "./upstash";
import { withTimeouts, type LimiterStore } from "./types";

export type { LimiterStore, WindowHit } from "./types";
export { LimiterUnavailableError } from "./types";

export function createLimiterStore(
  env: Env,
  choice: AdapterChoice["limiter"],
  logger: Logger,
  pool: pg.Pool,
  prefix = env.LIMITER_PREFIX,
): LimiterStore {
  return withTimeouts(createRawStore(env, choice, logger, pool, prefix), env.LIMITER_TIMEOUT_MS);
}

function createRawStore(env: Env, choice: AdapterChoice["limiter"], logger: Logger, pool: pg.Pool, prefix: string): LimiterStore {
  if (choice === "upstash") {
    return createRedisStore({
      kind: "upstash",
      redis: createUpstashRedis({
        url: env.UPSTASH_REDIS_REST_URL!,
        token: env.UPSTASH_REDIS_REST_TOKEN!,
        timeoutMs: env.LIMITER_TIMEOUT_MS,
      }),
      prefix,
    });
  }
  if (choice === "redis") {
    const redis = createTcpRedis(env.REDIS_URL!, { logger, commandTimeoutMs: env.LIMITER_TIMEOUT_MS });
    return createRedisStore({ kind: "redis", redis, prefix, close: redis.close });
  }
  return createPostgresStore({ pool, prefix });
}
