// One contract, three stores: in-process, Redis over TCP (shebang-stripping adapter),
// and Upstash REST (the real @upstash/redis client against a loopback REST server on the
// real Redis). Redis-backed ones are skipped, loudly, only when there is no Redis (never in CI).
import { afterEach, describe, expect, inject, it } from "vitest";
import type { LimiterStore } from "../../server/adapters/limiter/types";
import { createStore, type StoreKind } from "../support/limiter-stores";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kinds: StoreKind[] = ["memory", "redis", "upstash"];

describe.each(kinds)("limiter store contract: %s", (kind) => {
  const needsRedis = kind !== "memory";
  let store: LimiterStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it.skipIf(needsRedis && !inject("redisUrl"))("lets exactly max of 50 concurrent hits through", async () => {
    store = await createStore(kind);
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

  it.skipIf(needsRedis && !inject("redisUrl"))("reserves exactly max units under 50 concurrent callers, and refunds", async () => {
    store = await createStore(kind);
    const day = 24 * 60 * 60 * 1000;
    const results = await Promise.all(Array.from({ length: 50 }, () => store!.reserve("q", 10, day)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => r.ok).map((r) => r.used).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const state = await store.peek("q");
    expect(state.used).toBe(10);
    // One window for everyone: the expiry was set once, by the first unit.
    expect(state.reset).toBeGreaterThan(Date.now() + day - 60_000);
    expect(state.reset).toBeLessThanOrEqual(Date.now() + day);
    await Promise.all([store.release("q"), store.release("q"), store.release("q")]);
    expect((await store.peek("q")).used).toBe(7);
    expect((await store.reserve("q", 10, day)).ok).toBe(true);
    expect((await store.reserve("q", 8, day)).ok).toBe(false);
  });

  it.skipIf(needsRedis && !inject("redisUrl"))("starts a new daily window when the old one expires", async () => {
    store = await createStore(kind);
    expect((await store.reserve("d", 1, 400)).ok).toBe(true);
    expect((await store.reserve("d", 1, 400)).ok).toBe(false);
    await sleep(500);
    expect(await store.peek("d")).toEqual({ used: 0, reset: null });
    expect((await store.reserve("d", 1, 400)).ok).toBe(true);
  });

  it.skipIf(needsRedis && !inject("redisUrl"))("treats a refund of nothing as harmless", async () => {
    store = await createStore(kind);
    await store.release("never-used");
    expect(await store.peek("never-used")).toEqual({ used: 0, reset: null });
    expect((await store.reserve("never-used", 1, 60_000)).ok).toBe(true);
  });
});
