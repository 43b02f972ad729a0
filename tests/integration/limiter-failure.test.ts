// Redis down or hung (docs/decisions/0006): the paid `generate` fails closed (503),
// cheap reads fail open, and the daily quota (counted from the rows) is still known.
// Closed ports and silent peers stand in for the outage; the
// short timeout keeps the tests quick.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createRedisStore } from "../../server/adapters/limiter/redis-store";
import { createTcpRedis } from "../../server/adapters/limiter/tcp-redis";
import { createUpstashRedis } from "../../server/adapters/limiter/upstash";
import { LimiterUnavailableError, withTimeouts, type LimiterStore } from "../../server/adapters/limiter/types";
import { createContextInner } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import { freePort } from "../support/app-server";
import { startSilentServer } from "../support/upstash-rest-server";
import { createTestServices, type TestServices } from "../support/test-db";
import { createLimitsTestCaller } from "../support/limits-test-router";

const TIMEOUT = 250;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let closedPort: number;
let services: TestServices;

beforeAll(async () => {
  silent = await startSilentServer();
  closedPort = await freePort();
  services = await createTestServices();
});
afterAll(async () => {
  await silent?.close();
  await services?.dispose();
});

const outages: Record<string, () => LimiterStore> = {
  "redis on a closed port": () => {
    const r = createTcpRedis(`redis://127.0.0.1:${closedPort}`, { commandTimeoutMs: TIMEOUT });
    return withTimeouts(createRedisStore({ kind: "redis", redis: r, prefix: "x:", close: r.close }), TIMEOUT);
  },
  "redis that never answers": () => {
    const r = createTcpRedis(`redis://127.0.0.1:${silent.port}`, { commandTimeoutMs: TIMEOUT });
    return withTimeouts(createRedisStore({ kind: "redis", redis: r, prefix: "x:", close: r.close }), TIMEOUT);
  },
  "upstash on a closed port": () =>
    withTimeouts(
      createRedisStore({
        kind: "upstash",
        redis: createUpstashRedis({ url: `http://127.0.0.1:${closedPort}`, token: "t", timeoutMs: TIMEOUT }),
        prefix: "x:",
      }),
      TIMEOUT,
    ),
  "upstash that never answers": () =>
    withTimeouts(
      createRedisStore({
        kind: "upstash",
        redis: createUpstashRedis({ url: `http://127.0.0.1:${silent.port}`, token: "t", timeoutMs: TIMEOUT }),
        prefix: "x:",
      }),
      TIMEOUT,
    ),
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).code;
}

describe.each(Object.keys(outages))("%s", (name) => {
  it("makes every store call fail with LimiterUnavailableError", async () => {
    const store = outages[name]();
    try {
      await expect(store.hit("k", 1, 1000)).rejects.toBeInstanceOf(LimiterUnavailableError);
    } finally {
      await store.close();
    }
  });

  it("refuses generate (503) and still serves cheap reads", async () => {
    const store = outages[name]();
    const id = `user_down_${Math.random().toString(36).slice(2)}`;
    await services.db.user.create({ data: { id, name: "Down" } });
    const user = { id, name: "Down", email: null, imageUrl: null, dailyGenLimit: 10, via: "test" as const };
    const ctx = createContextInner({ services: { ...services, limiter: store }, user });
    try {
      const caller = createLimitsTestCaller(ctx);
      expect(await codeOf(caller.generate())).toBe("SERVICE_UNAVAILABLE");
      expect(await caller.read()).toBe("read");
      expect(await caller.write()).toBe("written");
      const app = createCaller(ctx);
      expect(await app.me()).toMatchObject({ id });
      // The real generate is refused before anything is written.
      expect(await codeOf(app.generate({ prompt: "a harbour", skipOptimize: true }))).toBe("SERVICE_UNAVAILABLE");
      expect(await services.db.generation.count({ where: { userId: id } })).toBe(0);
      // The quota lives in the rows, not in the store: still known.
      expect(await app.quota()).toMatchObject({ limit: 10, used: 0, remaining: 10 });
    } finally {
      await store.close();
    }
  });
});
