// The daily quota on the real `generate` (local provider, disk storage, real Postgres,
// real Redis when present): exactly the limit succeeds under 200 concurrent calls, and
// failed or blocked generations give their unit back.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { ProviderError, type ModelPort } from "../../server/adapters/models/model-port";
import type { LimiterStore } from "../../server/adapters/limiter/types";
import { createTestServices, type TestServices } from "../support/test-db";
import { createStore } from "../support/limiter-stores";
import { callerFor, createUser } from "../support/pipeline";

let services: TestServices;
let limiter: LimiterStore;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-quota-"));
  // The per-minute limit is raised so the daily quota is what stops these bursts.
  services = await createTestServices({ DATA_DIR: dataDir, RATE_LIMITS: "generate:1000" });
  limiter = await createStore(inject("redisUrl") ? "redis" : "memory", 5000);
  services.limiter = limiter;
  // The real local provider, except that a prompt saying so fails at the provider.
  const real = services.models;
  services.models = {
    ...real,
    render: (req) =>
      req.prompt.includes("provider outage")
        ? Promise.reject(new ProviderError("upstream", "The provider is down.", false, 500))
        : real.render(req),
  } satisfies ModelPort;
});
afterAll(async () => {
  await limiter?.close();
  await services?.dispose();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const input = { prompt: "a quiet harbour at dawn", skipOptimize: true, aspectRatio: "1:1", detailLevel: "low" } as const;

describe("generate under the daily quota", () => {
  it("lets exactly 10 of 200 concurrent calls through; the rest get the daily 429", async () => {
    const user = await createUser(services, "burst");
    const me = callerFor(services, user);
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => me.generate(input)));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(10);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as TRPCError] : []));
    expect(refused).toHaveLength(190);
    for (const e of refused) {
      expect(e.code).toBe("TOO_MANY_REQUESTS");
      expect(e.message).toMatch(/^Daily generation limit reached/);
    }
    expect(await me.quota()).toMatchObject({ limit: 10, used: 10, remaining: 0 });
    expect(await services.db.generation.count({ where: { userId: user.id, status: "succeeded" } })).toBe(10);
    // Refused calls never reached the pipeline: no rows beyond the ten.
    expect(await services.db.generation.count({ where: { userId: user.id } })).toBe(10);
  });

  it("refunds failed and blocked generations", async () => {
    const user = await createUser(services, "unlucky");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 4 } });
    const me = callerFor(services, user);
    const failed = await me.generate({ ...input, prompt: "provider outage harbour" }).catch((e: TRPCError) => e);
    expect(failed).toBeInstanceOf(TRPCError);
    expect((failed as TRPCError).code).toBe("BAD_GATEWAY");
    const blocked = await me.generate({ ...input, prompt: "a gory harbour" }).catch((e: TRPCError) => e);
    expect((blocked as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    expect(await me.quota()).toMatchObject({ limit: 4, used: 0, remaining: 4 });
    // Concurrent failures and successes: once settled, only the successes count (while
    // in flight a failing call holds its unit: the reservation comes before the model call).
    const mixed = await Promise.allSettled([
      me.generate({ ...input, prompt: "provider outage again" }),
      me.generate(input),
      me.generate({ ...input, prompt: "provider outage once more" }),
      me.generate(input),
    ]);
    expect(mixed.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(await me.quota()).toMatchObject({ used: 2, remaining: 2 });
    await me.generate(input);
    await me.generate(input);
    const after = await me.generate(input).catch((e: TRPCError) => e);
    expect((after as TRPCError).code).toBe("TOO_MANY_REQUESTS");
  });

  it("takes a raised limit into account on the next call", async () => {
    const user = await createUser(services, "raised");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 1 } });
    const me = callerFor(services, user);
    await me.generate(input);
    expect(((await me.generate(input).catch((e) => e)) as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 2 } });
    expect((await me.generate(input)).status).toBe("succeeded");
  });
});
