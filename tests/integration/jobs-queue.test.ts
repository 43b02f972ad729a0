// The queue as a user meets it (issue 10): count 4, cancel (queued and running) with
// refunds, retry, the `queue` view with positions, placeholders in history and on the
// detail page, waiting on a batch, fairness between users, and the per-provider cap.
// Workers run in this process against a loopback OpenAI-compatible provider whose render
// time each test sets.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser } from "../support/pipeline";
import { startOpenAiImageServer, openAiImageEnv, type OpenAiImageServer } from "../support/openai-image-server";
import { filesMatchSucceededRows, queueJobs, statusCounts, waitUntil, waitUntilSettled } from "../support/jobs";
import { trpcErrorOf } from "../support/trpc-errors";
import { startGenerationWorkers } from "../../server/generations/worker-runtime";

let provider: OpenAiImageServer;
let services: TestServices;
let dataDir: string;

beforeAll(async () => {
  provider = await startOpenAiImageServer({ delayMs: 50 });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-queue-"));
  services = await createTestServices(
    {
      DATA_DIR: dataDir,
      ...openAiImageEnv(provider),
      RATE_LIMITS: "generate:10000,mutation:10000",
      MAX_QUEUED_PER_USER: "40",
      JOB_LEASE_MS: "2000",
    },
    { workers: 2 },
  );
});
afterAll(async () => {
  await services?.dispose();
  await provider?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const asUser = (user: { id: string }) =>
  callerFor(services, { id: user.id, name: null, email: null, imageUrl: null, dailyGenLimit: 0, via: "test" });

describe("count and waiting", () => {
  it("count: 4 → 4 rows, 4 pictures (8 files), 4 units, one batch", async () => {
    provider.setDelay(50);
    const user = await createUser(services, "four");
    const me = callerFor(services, user);
    const batch = await me.generate({ prompt: "four lighthouses", skipOptimize: true, count: 4, wait: true });
    expect(batch.generations).toHaveLength(4);
    expect(batch.generations.every((g) => g.status === "succeeded" && g.picture?.imageUrl)).toBe(true);
    const rows = await services.db.generation.findMany({
      where: { userId: user.id },
      select: { seed: true, batchId: true, storageKey: true, thumbnailKey: true },
    });
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.batchId))).toEqual(new Set([batch.batchId]));
    // The model takes no seed (openai-compatible): stored null. Seeds on a seeded model: below.
    const keys = rows.flatMap((r) => [r.storageKey!, r.thumbnailKey!]);
    const files = await filesMatchSucceededRows(services.db, dataDir);
    expect(keys.every((k) => files.files.includes(k))).toBe(true);
    expect(new Set(keys).size).toBe(8);
    expect(await me.quota()).toMatchObject({ used: 4 });
    // The batch can be read (and waited on) again.
    expect((await me.generation.batch({ batchId: batch.batchId })).generations.map((g) => g.id)).toEqual(
      batch.generations.map((g) => g.id),
    );
    expect(
      (await trpcErrorOf(callerFor(services, await createUser(services, "other")).generation.batch({ batchId: batch.batchId }))).code,
    ).toBe("NOT_FOUND");
  });

  it("count: 4 on a model that takes seeds → seeds seed … seed + 3, 4 different pictures", async () => {
    // The local (offline) model takes seeds: four different pictures of one prompt.
    const localDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-seeds-"));
    const local = await createTestServices({ RATE_LIMITS: "generate:10000", DATA_DIR: localDir }, { workers: 2 });
    try {
      const user = await createUser(local, "seeds");
      const r = await callerFor(local, user).generate({
        prompt: "seeded",
        skipOptimize: true,
        count: 4,
        seed: 2_147_483_646,
        aspectRatio: "16:9",
        wait: true,
      });
      expect(r.generations.map((g) => g.seed)).toEqual([2_147_483_646, 2_147_483_647, 0, 1]);
      expect(r.generations.map((g) => g.picture?.seed)).toEqual([2_147_483_646, 2_147_483_647, 0, 1]);
      // The tray lists them in that order too, the seed wrapping round included; so do
      // history (newest first) and, made public, the gallery: one batch reads 1, 2, 3, 4.
      const inOrder = [2_147_483_646, 2_147_483_647, 0, 1];
      expect((await callerFor(local, user).queue()).recent.map((i) => i.seed)).toEqual(inOrder);
      expect((await callerFor(local, user).history()).items.map((i) => i.seed)).toEqual(inOrder);
      // A page boundary inside the batch keeps the order across pages.
      const first = await callerFor(local, user).history({ limit: 3 });
      const rest = await callerFor(local, user).history({ limit: 3, cursor: first.nextCursor });
      expect([...first.items, ...rest.items].map((i) => i.seed)).toEqual(inOrder);
      for (const g of r.generations) await callerFor(local, user).generation.update({ id: g.id, isPublic: true });
      expect((await callerFor(local, user).discovery()).items.map((i) => i.seed)).toEqual(inOrder);
      const files = await filesMatchSucceededRows(local.db, localDir);
      expect(files.files).toHaveLength(8);
      expect(files.files).toEqual(files.expected);
      const bytes = await Promise.all(
        r.generations.map((g) => fs.readFile(path.join(localDir, g.picture!.imageUrl!.replace(/^\/images\//, "images/")))),
      );
      expect(new Set(bytes.map((b) => b.toString("base64"))).size).toBe(4);
      expect(await callerFor(local, user).quota()).toMatchObject({ used: 4 });
      const r2 = await callerFor(local, user).generate({ prompt: "random base", skipOptimize: true, count: 3, wait: true });
      const s = r2.generations.map((g) => g.seed!);
      expect(new Set(s).size).toBe(3);
      expect((s[1]! - s[0]! + 2_147_483_648) % 2_147_483_648).toBe(1);
    } finally {
      await local.dispose();
      await fs.rm(localDir, { recursive: true, force: true });
    }
  });

  it("with wait, answers with the jobs as they stand once GENERATE_WAIT_MS passes", async () => {
    provider.setDelay(3000);
    const user = await createUser(services, "impatient");
    const shortWait = { ...services, env: { ...services.env, GENERATE_WAIT_MS: 300 } };
    const { createCaller } = await import("../../server/trpc/root");
    const { createContextInner } = await import("../../server/trpc/context");
    const me = createCaller(
      createContextInner({
        services: shortWait,
        user: { id: user.id, name: null, email: null, imageUrl: null, dailyGenLimit: 10, via: "test" },
      }),
    );
    const r = await me.generate({ prompt: "slow", skipOptimize: true, wait: true });
    expect(["queued", "running"]).toContain(r.generations[0]!.status);
    expect(r.generations[0]!.picture).toBeNull();
    provider.setDelay(50);
    await waitUntilSettled(services.db, [user.id], 30_000);
  });
});

describe("cancel and retry", () => {
  it("cancels a queued job (removed from the queue) and a running one (its render aborted); both refund", async () => {
    provider.setDelay(60_000);
    const user = await createUser(services, "canceller");
    const me = callerFor(services, user);
    const before = provider.calls.length;
    const { generations } = await me.generate({ prompt: "a storm", skipOptimize: true, count: 3 });
    // Two lanes per user: two render, one waits.
    await provider.started(before + 2);
    const rows = await services.db.generation.findMany({ where: { userId: user.id }, select: { id: true, status: true } });
    const queued = rows.find((r) => r.status === "queued")!;
    const runningOnes = rows.filter((r) => r.status === "running");
    expect(runningOnes).toHaveLength(2);
    expect(await me.quota()).toMatchObject({ used: 3 });

    expect(await me.generation.cancel({ id: queued.id })).toEqual({ id: queued.id, status: "cancelled" });
    expect(await queueJobs(services.db, [queued.id])).toEqual([]);
    expect(await me.quota()).toMatchObject({ used: 2 });

    const victim = runningOnes[0]!;
    await me.generation.cancel({ id: victim.id });
    expect(await me.quota()).toMatchObject({ used: 1 });
    // The worker notices at its next heartbeat and hangs up on the provider.
    await waitUntil(
      "the render to be aborted",
      async () => provider.calls.slice(before).filter((c) => c.aborted).length,
      (n) => n === 1,
      10_000,
    );
    await waitUntil(
      "the job to leave the queue",
      () => queueJobs(services.db, [victim.id]),
      (j) => j.length === 0,
      10_000,
    );
    // Idempotent; and another user cannot cancel (NOT_FOUND), nor can a finished one be cancelled.
    expect(await me.generation.cancel({ id: victim.id })).toEqual({ id: victim.id, status: "cancelled" });
    expect(
      (await trpcErrorOf(callerFor(services, await createUser(services, "stranger")).generation.cancel({ id: runningOnes[1]!.id }))).code,
    ).toBe("NOT_FOUND");

    provider.setDelay(50);
    await me.generation.cancel({ id: runningOnes[1]!.id });
    expect(await statusCounts(services.db, [user.id])).toEqual({ cancelled: 3 });
    expect(await me.quota()).toMatchObject({ used: 0 });
    const byId = await services.db.generation.findMany({ where: { userId: user.id }, select: { storageKey: true } });
    expect(byId.every((r) => r.storageKey === null)).toBe(true);
    expect(generations).toHaveLength(3);
  }, 60_000);

  it("retries a cancelled or failed generation with a new unit; refuses to retry a finished one", async () => {
    provider.setDelay(50);
    const user = await createUser(services, "retrier");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 2 } });
    const me = callerFor(services, user);
    provider.setDelay(60_000);
    const { generations } = await me.generate({ prompt: "a second try", skipOptimize: true });
    const id = generations[0]!.id;
    await me.generation.cancel({ id });
    provider.setDelay(50);
    expect(await me.generation.retry({ id })).toMatchObject({ id, status: "queued" });
    const { batchId } = await services.db.generation.findUniqueOrThrow({ where: { id }, select: { batchId: true } });
    const done = await me.generation.batch({ batchId: batchId!, wait: true });
    expect(done.generations[0]).toMatchObject({ id, status: "succeeded" });
    expect(await me.quota()).toMatchObject({ used: 1 });
    expect((await trpcErrorOf(me.generation.retry({ id }))).code).toBe("CONFLICT");
    // Uses a unit: with the limit reached, a retry is refused like a generate.
    await me.generate({ prompt: "the last one", skipOptimize: true, wait: true });
    await services.db.generation.updateMany({ where: { id }, data: { status: "failed" } });
    expect(await me.quota()).toMatchObject({ used: 1 });
    await me.generate({ prompt: "one more", skipOptimize: true, wait: true });
    expect((await trpcErrorOf(me.generation.retry({ id }))).code).toBe("TOO_MANY_REQUESTS");
  }, 60_000);
});

describe("the queue, history and detail page while jobs wait", () => {
  it("lists my queued and running jobs with positions, recent ones, and shows placeholders", async () => {
    provider.setDelay(60_000);
    const user = await createUser(services, "watcher");
    const me = callerFor(services, user);
    const before = provider.calls.length;
    const { generations } = await me.generate({ prompt: "a patient queue", skipOptimize: true, count: 4 });
    await provider.started(before + 2);
    const q = await me.queue();
    // One Generate's variations in their order, as the studio's grid shows them.
    expect(q.active.map((i) => i.id)).toEqual(generations.map((g) => g.id));
    const running = q.active.filter((i) => i.status === "running");
    const waiting = q.active.filter((i) => i.status === "queued");
    expect(running).toHaveLength(2);
    expect(running.every((i) => i.stage === "rendering" && i.position === null)).toBe(true);
    expect(waiting.map((i) => i.position).sort()).toEqual([1, 2]);
    expect(q.active.every((i) => i.prompt === "a patient queue")).toBe(true);

    // History and the detail page show them as placeholders to their owner only.
    const history = await me.history({});
    expect(history.items.filter((i) => i.status !== "succeeded")).toHaveLength(4);
    expect(history.items.every((i) => i.imageUrl === null)).toBe(true);
    expect((await me.generation.get({ id: generations[0]!.id })).status).toMatch(/queued|running/);
    const other = callerFor(services, await createUser(services, "peeker"));
    expect((await trpcErrorOf(other.generation.get({ id: generations[0]!.id }))).code).toBe("NOT_FOUND");
    expect((await callerFor(services, null).discovery({})).items.some((i) => i.id === generations[0]!.id)).toBe(false);

    for (const g of generations) await me.generation.cancel({ id: g.id });
    const after = await me.queue();
    expect(after.active).toEqual([]);
    expect(after.recent.filter((i) => i.status === "cancelled").map((i) => i.id)).toEqual(generations.map((g) => g.id));
    provider.setDelay(50);
  }, 60_000);
});

describe("fairness and back-pressure", () => {
  it("user B's first job starts while user A still has 20 queued", async () => {
    // Long enough renders that A's pile cannot drain while the test looks at it.
    provider.setDelay(1500);
    const a = await createUser(services, "hog");
    const b = await createUser(services, "newcomer");
    await services.db.user.update({ where: { id: a.id }, data: { dailyGenLimit: 100 } });
    const before = provider.calls.length;
    for (let i = 0; i < 6; i++) await callerFor(services, a).generate({ prompt: "hog batch", skipOptimize: true, count: 4 });
    await provider.started(before + 2);
    expect((await statusCounts(services.db, [a.id])).queued).toBeGreaterThanOrEqual(20);
    const { generations } = await callerFor(services, b).generate({ prompt: "my first", skipOptimize: true });
    const bStarted = await waitUntil(
      "B's job to start",
      () => services.db.generation.findUniqueOrThrow({ where: { id: generations[0]!.id }, select: { startedAt: true } }),
      (r) => r.startedAt !== null,
      20_000,
      20,
    );
    const aStartedBefore = await services.db.generation.count({ where: { userId: a.id, startedAt: { lt: bStarted.startedAt! } } });
    // Two were rendering when B arrived; B takes the next free worker (one job's run time),
    // ahead of A's 20 waiting jobs.
    expect(aStartedBefore).toBeLessThanOrEqual(4);
    expect(await services.db.generation.count({ where: { userId: a.id, startedAt: null } })).toBeGreaterThanOrEqual(18);
    for (const r of await services.db.generation.findMany({
      where: { userId: a.id, status: { in: ["queued", "running"] } },
      select: { id: true },
    })) {
      // Clearing up: one may finish between the read and its cancel, which is refused as finished.
      await asUser(a)
        .generation.cancel({ id: r.id })
        .catch((e: unknown) => {
          if (!/already finished/.test(String((e as Error).message))) throw e;
        });
    }
    provider.setDelay(50);
    await waitUntilSettled(services.db, [a.id, b.id], 30_000);
  }, 60_000);

  it("keeps at most PROVIDER_CONCURRENCY renders in flight across workers", async () => {
    // A provider of its own, so nothing else renders on it meanwhile.
    const own = await startOpenAiImageServer({ delayMs: 200 });
    const capped = await createTestServices({
      DATA_DIR: dataDir,
      ...openAiImageEnv(own),
      PROVIDER_CONCURRENCY: "1",
      USER_CONCURRENCY: "4",
      RATE_LIMITS: "generate:10000",
    });
    const workers = await startGenerationWorkers(capped, { concurrency: 3, reconcileEveryMs: 0 });
    try {
      const user = await createUser(capped, "capped");
      const r = await callerFor(capped, user).generate({ prompt: "one at a time", skipOptimize: true, count: 4, wait: true });
      expect(r.generations.every((g) => g.status === "succeeded")).toBe(true);
      expect(own.calls).toHaveLength(4);
      expect(own.maxInFlight()).toBe(1);
      // Renders did not overlap.
      const calls = [...own.calls].sort((x, y) => x.startedAt - y.startedAt);
      for (let i = 1; i < calls.length; i++) expect(calls[i]!.startedAt).toBeGreaterThanOrEqual(calls[i - 1]!.endedAt!);
    } finally {
      await workers.stop();
      await capped.dispose();
      await own.close();
    }
  }, 60_000);
});
