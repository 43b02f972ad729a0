// The three limiter stores, built as the app builds them, with a unique key prefix per
// test so runs (and other engineers' runs) sharing one Redis or database never collide.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDb } from "../../server/adapters/db/client";
import { createPostgresStore } from "../../server/adapters/limiter/postgres-store";
import { createRedisStore } from "../../server/adapters/limiter/redis-store";
import { createTcpRedis } from "../../server/adapters/limiter/tcp-redis";
import { createUpstashRedis } from "../../server/adapters/limiter/upstash";
import { withTimeouts, type LimiterStore } from "../../server/adapters/limiter/types";
import { startUpstashRestServer } from "./upstash-rest-server";
import { createTestDatabase } from "./test-db";

export type StoreKind = "postgres" | "redis" | "upstash";

export function uniquePrefix(): string {
  return `test:${inject("runId")}:${randomBytes(4).toString("hex")}:`;
}

/** A store on its own; `databaseUrl` puts a PostgreSQL store on that database instead of a new one. */
export async function createStore(kind: StoreKind, timeoutMs = 2000, databaseUrl?: string): Promise<LimiterStore> {
  if (kind === "postgres") {
    const database = databaseUrl ? null : await createTestDatabase();
    const { db, pool } = createDb({ url: databaseUrl ?? database!.url, max: 4 });
    const store = createPostgresStore({ pool, prefix: uniquePrefix() });
    return withTimeouts(
      {
        ...store,
        close: async () => {
          await store.close();
          await db.$disconnect();
          await pool.end();
          await database?.drop();
        },
      },
      timeoutMs,
    );
  }
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
