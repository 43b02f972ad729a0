// The per-minute limit on the real `generate`, on each store: with the PostgreSQL store (the
// default) the hit is counted inside the enqueue's own statement; with Redis (when there is
// one) the middleware counts it first. Either way every call that passes validation counts
// once — an allowed one, one the daily quota refuses, a blocked prompt — a refused one
// writes nothing, and the answer carries the X-RateLimit headers.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { TRPCError } from "@trpc/server";
import type { LimiterStore } from "../../server/adapters/limiter/types";
import { createContextInner } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import type { SessionUser } from "../../server/users/session-user";
import { createTestServices, type TestServices } from "../support/test-db";
import { createStore, type StoreKind } from "../support/limiter-stores";
import { createUser } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import { awayFromWindowEdge } from "../support/limit-window";

const PER_MINUTE = 4;
const kinds: StoreKind[] = inject("redisUrl") ? ["postgres", "redis"] : ["postgres"];

describe.each(kinds)("generate's per-minute limit, %s store", (kind) => {
  let services: TestServices;
  let limiter: LimiterStore;

  beforeAll(async () => {
    // No workers: these only enqueue. The daily quota is raised per user where it must not bite.
    services = await createTestServices({ RATE_LIMITS: `generate:${PER_MINUTE}`, MAX_QUEUED_PER_USER: "100" });
    limiter = await createStore(kind, 5000, services.databaseUrl);
    services.limiter = limiter;
  });
  afterAll(async () => {
    await limiter?.close();
    await services?.dispose();
  });

  // Each test's calls in one limiter window (tests/support/limit-window.ts).
  beforeEach(() => awayFromWindowEdge(60_000, 5_000));

  async function userWithLimit(daily: number): Promise<SessionUser> {
    const user = await createUser(services, `rate-${kind}`);
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: daily } });
    return { ...user, dailyGenLimit: daily };
  }

  function caller(user: SessionUser) {
    const resHeaders = new Headers();
    return { me: createCaller(createContextInner({ services, user, resHeaders })), resHeaders };
  }

  const rows = (userId: string) => services.db.generation.count({ where: { userId } });

  it("lets the allowance through with headers, then refuses with a rate 429 that writes nothing", async () => {
    const user = await userWithLimit(100);
    const { me, resHeaders } = caller(user);
    for (let i = 0; i < PER_MINUTE; i++) {
      await me.generate({ prompt: `a harbour ${i}`, skipOptimize: true, count: 2 });
      expect(resHeaders.get("X-RateLimit-Limit")).toBe(String(PER_MINUTE));
      expect(resHeaders.get("X-RateLimit-Remaining")).toBe(String(PER_MINUTE - i - 1));
    }
    const e = await trpcErrorOf(me.generate({ prompt: "one more", skipOptimize: true }));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect((e.cause as { data?: Record<string, unknown> }).data).toMatchObject({ limit: "rate", max: PER_MINUTE, remaining: 0 });
    expect(Number(resHeaders.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(await rows(user.id)).toBe(2 * PER_MINUTE);
  });

  it("counts exactly under concurrent calls", async () => {
    const user = await userWithLimit(100);
    const { me } = caller(user);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => me.generate({ prompt: `burst ${i}`, skipOptimize: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(PER_MINUTE);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as TRPCError);
    expect(refused.every((err) => err.code === "TOO_MANY_REQUESTS")).toBe(true);
    expect(await rows(user.id)).toBe(PER_MINUTE);
  });

  it("counts calls the daily quota refuses and blocked prompts too; a refused blocked prompt logs nothing", async () => {
    const user = await userWithLimit(1);
    const { me } = caller(user);
    await me.generate({ prompt: "the one the quota allows", skipOptimize: true });
    expect((await trpcErrorOf(me.generate({ prompt: "over the daily quota", skipOptimize: true }))).code).toBe("TOO_MANY_REQUESTS");
    expect((await trpcErrorOf(me.generate({ prompt: "a g0ry beheading scene" }))).code).toBe("UNPROCESSABLE_CONTENT");
    expect((await trpcErrorOf(me.generate({ prompt: "a g0ry beheading scene" }))).code).toBe("UNPROCESSABLE_CONTENT");
    // Four calls counted: the fifth is refused by the per-minute limit before moderation logs it.
    const e = await trpcErrorOf(me.generate({ prompt: "a g0ry beheading scene" }));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect((e.cause as { data?: Record<string, unknown> }).data).toMatchObject({ limit: "rate" });
    expect(await services.db.moderationLog.count({ where: { userId: user.id } })).toBe(2);
    expect(await rows(user.id)).toBe(1);
  });
});
