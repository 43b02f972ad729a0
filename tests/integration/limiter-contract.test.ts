// One contract, three stores: PostgreSQL (the default), Redis over TCP (shebang-stripping
// adapter), and Upstash REST (the real @upstash/redis client against a loopback REST server
// on the real Redis). Redis-backed ones are skipped, loudly, only when there is no Redis
// (never in CI).
import { afterEach, describe, expect, inject, it } from "vitest";
import type { LimiterStore } from "../../server/adapters/limiter/types";
import { createStore, type StoreKind } from "../support/limiter-stores";
import { createTestDatabase } from "../support/test-db";
import { createDb } from "../../server/adapters/db/client";
import { createPostgresStore } from "../../server/adapters/limiter/postgres-store";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kinds: StoreKind[] = ["postgres", "redis", "upstash"];

describe.each(kinds)("limiter store contract: %s", (kind) => {
  const needsRedis = kind !== "postgres";
  let store: LimiterStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it.skipIf(needsRedis && !inject("redisUrl"))("lets exactly max of 50 concurrent hits through", async () => {
    // A generous per-call bound: 50 calls at once on a loaded machine must not read as "store down".
    store = await createStore(kind, 8000);
    const results = await Promise.all(Array.from({ length: 50 }, () => store!.hit("burst", 10, 60_000)));
    expect(results.filter((r) => r.success)).toHaveLength(10);
    expect(results.every((r) => r.limit === 10)).toBe(true);
    expect(Math.min(...results.map((r) => r.remaining))).toBe(0);
    expect(results.every((r) => r.reset > Date.now())).toBe(true);
    // Another key is counted separately.
    expect((await store.hit("other", 10, 60_000)).success).toBe(true);
  });

  it.skipIf(needsRedis && !inject("redisUrl"))("lets calls through again once the window has passed", async () => {
    store = await createStore(kind);
    const windowMs = 1000;
    // Start just after a window boundary (Upstash aligns windows to multiples of the
    // window), so the hits below land in one window rather than straddling two.
    await sleep(windowMs - (Date.now() % windowMs) + 20);
    for (let i = 0; i < 3; i++) expect((await store.hit("w", 3, windowMs)).success).toBe(true);
    const refused = await store.hit("w", 3, windowMs);
    expect(refused.success).toBe(false);
    // A sliding window forgets the previous window's hits after two windows at most.
    await sleep(2 * windowMs + 100);
    expect((await store.hit("w", 3, windowMs)).success).toBe(true);
  });
});

describe("the PostgreSQL store (the default)", () => {
  it("is shared by every process on the database and survives a restart", async () => {
    const database = await createTestDatabase();
    const open = () => {
      const { db, pool } = createDb({ url: database.url, max: 4 });
      return { store: createPostgresStore({ pool, prefix: "shared:" }), db, pool };
    };
    const a = open();
    const b = open();
    try {
      // Two app instances, 20 concurrent hits each, one limit of 10.
      const results = await Promise.all([
        ...Array.from({ length: 20 }, () => a.store.hit("k", 10, 60_000)),
        ...Array.from({ length: 20 }, () => b.store.hit("k", 10, 60_000)),
      ]);
      expect(results.filter((r) => r.success)).toHaveLength(10);
      // "Restart": a new store on the same database still refuses.
      await a.store.close();
      await a.db.$disconnect();
      await a.pool.end();
      const c = open();
      expect((await c.store.hit("k", 10, 60_000)).success).toBe(false);
      await c.store.close();
      await c.db.$disconnect();
      await c.pool.end();
    } finally {
      await b.store.close();
      await b.db.$disconnect();
      await b.pool.end();
      await database.drop();
    }
  });

  it("sweeps counters once they can no longer count", async () => {
    const database = await createTestDatabase();
    const { db, pool } = createDb({ url: database.url, max: 2 });
    const store = createPostgresStore({ pool, prefix: "sweep:", sweepMs: 100 });
    try {
      await store.hit("short", 5, 2000);
      expect(await db.rateLimitCounter.count()).toBe(1);
      // Kept for two windows (the next one weighs it in), then swept by the timer.
      const deadline = Date.now() + 20_000;
      while ((await db.rateLimitCounter.count()) > 0 && Date.now() < deadline) await sleep(100);
      expect(await db.rateLimitCounter.count()).toBe(0);
    } finally {
      await store.close();
      await db.$disconnect();
      await pool.end();
      await database.drop();
    }
  });
});
