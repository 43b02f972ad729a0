// The daily quota on the real `generate` with workers (local provider, disk storage, real
// Postgres, real Redis for the per-minute limit when present): exactly the limit succeeds
// under 200 concurrent calls, and generations that fail at the provider or are blocked on
// output give their unit back (their rows stop counting).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { ProviderError, type ModelPort } from "../../server/adapters/models/model-port";
import type { LimiterStore } from "../../server/adapters/limiter/types";
import { createTestServices, type TestServices } from "../support/test-db";
import { createStore } from "../support/limiter-stores";
import { callerFor, createUser, filesUnder, generateOne } from "../support/pipeline";

let services: TestServices;
let limiter: LimiterStore;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-quota-"));
  // The per-minute limit and the queue cap are raised so the daily quota is what stops these bursts.
  services = await createTestServices({ DATA_DIR: dataDir, RATE_LIMITS: "generate:1000", MAX_QUEUED_PER_USER: "500" }, { workers: 2 });
  limiter = await createStore(inject("redisUrl") ? "redis" : "postgres", 5000, services.databaseUrl);
  services.limiter = limiter;
  // The real local provider, except that a prompt saying so fails at the provider, and one
  // saying "filtered" is refused by the provider's own output filter.
  const real = services.models;
  services.models = {
    ...real,
    render: (req) =>
      req.prompt.includes("provider outage")
        ? Promise.reject(new ProviderError("upstream", "The provider is down.", false, 500))
        : req.prompt.includes("filtered")
          ? real.render(req).then((r) => ({ ...r, contentFilter: { blocked: true, reason: "test filter" } }))
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
  it("lets exactly 10 of 200 concurrent calls through; the rest get the daily 429; 10 pictures", async () => {
    const user = await createUser(services, "burst");
    const me = callerFor(services, user);
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => me.generate({ ...input, wait: true })));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(10);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as TRPCError] : []));
    expect(refused).toHaveLength(190);
    for (const e of refused) {
      expect(e.code, `${e.message} ${String((e.cause as Error | undefined)?.message)}`).toBe("TOO_MANY_REQUESTS");
      expect(e.message).toMatch(/^Daily generation limit reached/);
    }
    expect(await me.quota()).toMatchObject({ limit: 10, used: 10, remaining: 0 });
    expect(await services.db.generation.count({ where: { userId: user.id, status: "succeeded" } })).toBe(10);
    // Refused calls never wrote a row.
    expect(await services.db.generation.count({ where: { userId: user.id } })).toBe(10);
    const keys = await services.db.generation.findMany({ where: { userId: user.id }, select: { storageKey: true, thumbnailKey: true } });
    const files = new Set(await filesUnder(path.join(dataDir, "images")));
    for (const k of keys) expect(files.has(k.storageKey!) && files.has(k.thumbnailKey!)).toBe(true);
  });

  it("refunds generations that fail at the provider or are refused by its output filter", async () => {
    const user = await createUser(services, "unlucky");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 4 } });
    const me = callerFor(services, user);
    const failed = await me.generate({ ...input, prompt: "provider outage harbour", wait: true }).catch((e: TRPCError) => e);
    expect(failed).toBeInstanceOf(TRPCError);
    expect((failed as TRPCError).code).toBe("BAD_GATEWAY");
    const blocked = await me.generate({ ...input, prompt: "a filtered harbour", wait: true }).catch((e: TRPCError) => e);
    expect((blocked as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    expect(await me.quota()).toMatchObject({ limit: 4, used: 0, remaining: 4 });
    // Concurrent failures and successes: once settled, only the successes count (while
    // in flight a failing one holds its unit: the reservation comes before the model call).
    const mixed = await Promise.allSettled([
      me.generate({ ...input, prompt: "provider outage again", wait: true }),
      me.generate({ ...input, wait: true }),
      me.generate({ ...input, prompt: "provider outage once more", wait: true }),
      me.generate({ ...input, wait: true }),
    ]);
    expect(mixed.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(await me.quota()).toMatchObject({ used: 2, remaining: 2 });
    await generateOne(me, input);
    await generateOne(me, input);
    const after = await me.generate(input).catch((e: TRPCError) => e);
    expect((after as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    // The failed rows are kept (the tray shows them, retry can use them), without files.
    const failedRows = await services.db.generation.findMany({ where: { userId: user.id, status: "failed" } });
    expect(failedRows).toHaveLength(4);
    expect(failedRows.every((r) => r.storageKey === null && r.errorCode !== null)).toBe(true);
  });

  it("takes a raised limit into account on the next call", async () => {
    const user = await createUser(services, "raised");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 1 } });
    const me = callerFor(services, user);
    await generateOne(me, input);
    expect(((await me.generate(input).catch((e) => e)) as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 2 } });
    expect((await generateOne(me, input)).status).toBe("succeeded");
  });
});
