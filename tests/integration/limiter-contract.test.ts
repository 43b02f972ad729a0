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

/** One "process": a pool and a PostgreSQL store on the shared database. */
function openStore(url: string, prefix: string) {
  const { db, pool } = createDb({ url, max: 4 });
  return { store: createPostgresStore({ pool, prefix }), db, pool };
}

describe("the PostgreSQL store (the default)", () => {
  it("is shared by every process on the database and survives a restart", async () => {
    const database = await createTestDatabase();
    const open = () => openStore(database.url, "shared:");
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

  it("counts hits on many keys from two processes in batches: exact per key, in arrival order, never a deadlock", async () => {
    const database = await createTestDatabase();
    const open = () => openStore(database.url, "many:");
    const a = open();
    const b = open();
    try {
      const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
      for (let round = 0; round < 5; round++) {
        // Each process asks in its own order (one forwards, one backwards), 4 hits per key
        // each: batches that locked rows in arrival order would wait on each other.
        const calls = [
          ...keys.flatMap((k) => Array.from({ length: 4 }, () => a.store.hit(`${k}:${round}`, 5, 60_000).then((r) => ({ k, r })))),
          ...[...keys]
            .reverse()
            .flatMap((k) => Array.from({ length: 4 }, () => b.store.hit(`${k}:${round}`, 5, 60_000).then((r) => ({ k, r })))),
        ];
        const results = await Promise.all(calls);
        for (const k of keys) {
          const mine = results.filter((x) => x.k === k).map((x) => x.r);
          expect(mine.filter((r) => r.success)).toHaveLength(5);
          // Every allowed hit says how many are left: 4, 3, 2, 1, 0 once each.
          expect(
            mine
              .filter((r) => r.success)
              .map((r) => r.remaining)
              .sort(),
          ).toEqual([0, 1, 2, 3, 4]);
        }
      }
      // One process's hits on one key in one batch count in the order they were asked.
      const ordered = await Promise.all(Array.from({ length: 6 }, () => a.store.hit("ordered", 3, 60_000)));
      expect(ordered.map((r) => r.success)).toEqual([true, true, true, false, false, false]);
    } finally {
      for (const s of [a, b]) {
        await s.store.close();
        await s.db.$disconnect();
        await s.pool.end();
      }
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
