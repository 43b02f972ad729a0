// The three limiter stores, built as the app builds them, with a unique key prefix per
// test so runs (and other engineers' runs) sharing one Redis never collide.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createMemoryStore } from "../../server/adapters/limiter/memory-store";
import { createRedisStore } from "../../server/adapters/limiter/redis-store";
import { createTcpRedis } from "../../server/adapters/limiter/tcp-redis";
import { createUpstashRedis } from "../../server/adapters/limiter/upstash";
import { withTimeouts, type LimiterStore } from "../../server/adapters/limiter/types";
import { startUpstashRestServer } from "./upstash-rest-server";

export type StoreKind = "memory" | "redis" | "upstash";

export function uniquePrefix(): string {
  return `test:${inject("runId")}:${randomBytes(4).toString("hex")}:`;
}

export async function createStore(kind: StoreKind, timeoutMs = 2000): Promise<LimiterStore> {
  if (kind === "memory") return withTimeouts(createMemoryStore(), timeoutMs);
  const redisUrl = inject("redisUrl");
  if (!redisUrl) throw new Error("no Redis for this run");
  const prefix = uniquePrefix();
  if (kind === "redis") {
    const redis = createTcpRedis(redisUrl, { commandTimeoutMs: timeoutMs });
    return withTimeouts(createRedisStore({ kind: "redis", redis, prefix, close: redis.close }), timeoutMs);
  }
  const server = await startUpstashRestServer(redisUrl);
  const redis = createUpstashRedis({ url: server.url, token: server.token, timeoutMs });
  return withTimeouts(createRedisStore({ kind: "upstash", redis, prefix, close: server.close }), timeoutMs);
}
