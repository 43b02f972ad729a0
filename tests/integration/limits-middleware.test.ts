// Limits on real Postgres and (when present) real Redis: per-minute limits in the
// middleware; the daily quota and the queue cap in the generations domain (counted from
// the rows, overrides on the next call); 429s that say which limit was hit.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { TRPCError } from "@trpc/server";
import { createContext, createContextInner } from "../../server/trpc/context";
import { appRouter, createCaller } from "../../server/trpc/root";
import { setDailyLimit } from "../../server/limits/daily-quota";
import { createApiToken } from "../../server/users/api-tokens";
import type { LimiterStore } from "../../server/adapters/limiter/types";
import type { SessionUser } from "../../server/users/session-user";
import { createTestServices, type TestServices } from "../support/test-db";
import { createStore } from "../support/limiter-stores";
import { createLimitsTestCaller } from "../support/limits-test-router";
import { trpcErrorOf } from "../support/trpc-errors";

let services: TestServices;
let limiter: LimiterStore;
let n = 0;

beforeAll(async () => {
  // Real Redis when there is one (always in CI); the contract suite proves the stores agree.
  limiter = await createStore(inject("redisUrl") ? "redis" : "postgres");
  // No workers: these only enqueue, and queued rows are what the quota counts.
  services = await createTestServices({ RATE_LIMITS: "generate:1000" });
  services.limiter = limiter;
});
afterAll(async () => {
  await limiter?.close();
  await services?.dispose();
});

async function newUser(dailyGenLimit = 10): Promise<SessionUser> {
  const id = `user_mw_${++n}_${Date.now()}`;
  await services.db.user.create({ data: { id, name: `User ${n}`, dailyGenLimit } });
  return { id, name: `User ${n}`, email: null, imageUrl: null, dailyGenLimit, via: "test" };
}

function callerFor(user: SessionUser | null, ip = "127.0.0.1") {
  const resHeaders = new Headers();
  const caller = createLimitsTestCaller(createContextInner({ services, user, ip, resHeaders }));
  return { caller, resHeaders };
}

function appCallerFor(user: SessionUser) {
  const resHeaders = new Headers();
  return { app: createCaller(createContextInner({ services, user, resHeaders })), resHeaders };
}

const prompt = { prompt: "a quiet harbour", skipOptimize: true } as const;

function detailsOf(e: TRPCError) {
  return (e.cause as { data?: Record<string, unknown> }).data;
}

describe("per-minute limits", () => {
  it("refuses the 11th mutation in a minute with a rate 429 and headers", async () => {
    const user = await newUser();
    const { caller, resHeaders } = callerFor(user);
    for (let i = 0; i < 10; i++) await caller.write();
    expect(resHeaders.get("X-RateLimit-Limit")).toBe("10");
    expect(resHeaders.get("X-RateLimit-Remaining")).toBe("0");
    const e = await trpcErrorOf(caller.write());
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    const details = detailsOf(e)!;
    expect(details).toMatchObject({ limit: "rate", max: 10, remaining: 0 });
    expect(Date.parse(details.resetAt as string)).toBeGreaterThan(Date.now());
    expect(Number(resHeaders.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(resHeaders.get("X-RateLimit-Reset"))).toBeGreaterThan(Date.now() / 1000);
    // Someone else is not affected.
    expect(await callerFor(await newUser()).caller.write()).toBe("written");
  });

  it("keys anonymous callers by IP, with the catalogue's anonymous allowance", async () => {
    const ip = `10.1.${n}.${Math.floor(Math.random() * 250)}`;
    const { caller } = callerFor(null, ip);
    const results = await Promise.allSettled(Array.from({ length: 70 }, () => caller.read()));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(60);
    expect(await callerFor(null, `${ip}9`).caller.read()).toBe("read");
  });
});

describe("daily quota and queue cap (the generations domain)", () => {
  it("lets exactly the user's limit through and then says so", async () => {
    const user = await newUser(3);
    const { app, resHeaders } = appCallerFor(user);
    for (let i = 0; i < 3; i++) expect((await app.generate(prompt)).generations).toHaveLength(1);
    const e = await trpcErrorOf(app.generate(prompt));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(e.message).toMatch(/^Daily generation limit reached \(3 per day\)\. It resets at \d{4}-/);
    expect(detailsOf(e)).toMatchObject({ limit: "daily", max: 3, remaining: 0 });
    expect(resHeaders.get("X-RateLimit-Limit")).toBe("3");
    expect(Number(resHeaders.get("Retry-After"))).toBeGreaterThan(23 * 3600);
    // Refused calls write nothing.
    expect(await services.db.generation.count({ where: { userId: user.id } })).toBe(3);
  });

  it("takes `count` units at once, or none", async () => {
    const user = await newUser(5);
    const { app } = appCallerFor(user);
    const four = await app.generate({ ...prompt, count: 4, seed: 100 });
    expect(four.generations.map((g) => g.seed)).toEqual([100, 101, 102, 103]);
    expect(new Set(four.generations.map((g) => g.id)).size).toBe(4);
    expect(four.generations.every((g) => g.status === "queued")).toBe(true);
    const e = await trpcErrorOf(app.generate({ ...prompt, count: 2 }));
    expect(detailsOf(e)).toMatchObject({ limit: "daily", max: 5, remaining: 1 });
    expect(e.message).toMatch(/1 left, fewer than you asked for/);
    expect(await createCaller(createContextInner({ services, user })).quota()).toMatchObject({ used: 4, remaining: 1 });
  });

  it("caps what one user may have queued or running: 429 with details.limit = queue", async () => {
    const user = await newUser(100);
    const { app, resHeaders } = appCallerFor(user);
    await app.generate({ ...prompt, count: 4 });
    await app.generate({ ...prompt, count: 4 });
    const e = await trpcErrorOf(app.generate(prompt));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(detailsOf(e)).toMatchObject({ limit: "queue", max: 8, remaining: 0 });
    expect(resHeaders.get("Retry-After")).toMatch(/^\d+$/);
    // A cancelled one frees its place (and its unit).
    const queued = await services.db.generation.findFirstOrThrow({ where: { userId: user.id, status: "queued" } });
    await app.generation.cancel({ id: queued.id });
    expect((await app.generate(prompt)).generations).toHaveLength(1);
  });

  it("counts 200 concurrent calls exactly (the rows are the reservation)", async () => {
    const user = await newUser(10);
    const { app } = appCallerFor(user);
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => app.generate(prompt)));
    const ok = results.filter((r) => r.status === "fulfilled");
    // The queue cap (8) bites before the daily limit (10).
    expect(ok).toHaveLength(8);
    expect(await services.db.generation.count({ where: { userId: user.id } })).toBe(8);
  });

  it("counts nothing for a prompt blocked at the input stage", async () => {
    const user = await newUser(2);
    const { app } = appCallerFor(user);
    expect((await trpcErrorOf(app.generate({ prompt: "a gory harbour" }))).code).toBe("UNPROCESSABLE_CONTENT");
    expect(await createCaller(createContextInner({ services, user })).quota()).toMatchObject({ limit: 2, used: 0, remaining: 2 });
  });

  it("applies a per-user override on the very next call", async () => {
    const user = await newUser(1);
    const { app } = appCallerFor(user);
    await app.generate(prompt);
    expect((await trpcErrorOf(app.generate(prompt))).code).toBe("TOO_MANY_REQUESTS");
    await setDailyLimit(services.db, user.id, 3);
    expect((await app.generate(prompt)).generations).toHaveLength(1);
    const q = await createCaller(createContextInner({ services, user })).quota();
    expect(q).toMatchObject({ limit: 3, used: 2, remaining: 1 });
    expect(q.resetAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("answers over HTTP with status 429 and the X-RateLimit headers", async () => {
    const user = await newUser(1);
    const { token } = await createApiToken(services.db, user.id, "http");
    const call = () =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        req: new Request("http://127.0.0.1/api/trpc/generate", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ json: prompt }),
        }),
        createContext: ({ req, resHeaders }) => createContext({ req, resHeaders, services }),
      });
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-limit")).toBe("1");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = await refused.json();
    expect(body.error.json.data.details).toMatchObject({ limit: "daily", max: 1, remaining: 0 });
  });
});
