// Crash safety (issue 10, "the invariants"), with real OS processes killed by SIGKILL:
//   - a separate `npm run worker` process killed mid-render, then another started;
//   - the web process (node build/index.js) killed while 100 generate calls are in flight,
//     then restarted with a worker.
// After each: every job is finished, retried or failed-and-refunded; no row stays queued or
// running; no stored file lives without a succeeded row; quota used = succeeded + in flight.
// The provider is a loopback OpenAI-compatible server whose renders take as long as the
// test says, so the kill lands mid-render.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser } from "../support/pipeline";
import { startOpenAiImageServer, openAiImageEnv, type OpenAiImageServer } from "../support/openai-image-server";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";
import { filesMatchSucceededRows, queueJobs, statusCounts, waitUntil, waitUntilSettled } from "../support/jobs";
import { startAppServer, type AppServer } from "../support/app-server";
import { createApiToken } from "../../server/users/api-tokens";
import { reconcile } from "../../server/generations/reconcile";

let provider: OpenAiImageServer;
let services: TestServices;
let dataDir: string;
let workerEnv: Record<string, string>;
const running: Array<WorkerProcess | AppServer> = [];

// Short leases and a fast reconciler, so a death is noticed in about two seconds.
const jobEnv = { JOB_LEASE_MS: "1500", RECONCILE_INTERVAL_MS: "500", ORPHAN_FILE_GRACE_MS: "3000", RENDER_MAX_ATTEMPTS: "1" };

beforeAll(async () => {
  provider = await startOpenAiImageServer();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-crash-"));
  const env = { DATA_DIR: dataDir, ...openAiImageEnv(provider), ...jobEnv, RATE_LIMITS: "generate:10000", MAX_QUEUED_PER_USER: "1000" };
  services = await createTestServices(env);
  workerEnv = { DATABASE_URL: services.databaseUrl, ...env };
});
afterAll(async () => {
  for (const p of running) await ("kill9" in p ? p.kill9() : p.stop()).catch(() => {});
  await services?.dispose();
  await provider?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function quotaUsed(userId: string) {
  return (await callerFor(services, { id: userId, name: null, email: null, imageUrl: null, dailyGenLimit: 0, via: "test" }).quota()).used;
}

describe("kill -9 of a worker process mid-render", () => {
  it("retries the jobs it held on another worker; rows, files and quota agree", async () => {
    const user = await createUser(services, "crash-worker");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 50 } });
    const me = callerFor(services, user);
    const batches = [
      await me.generate({ prompt: "four boats", skipOptimize: true, count: 4 }),
      await me.generate({ prompt: "two kites", skipOptimize: true, count: 2 }),
    ];
    const ids = batches.flatMap((b) => b.generations.map((g) => g.id));

    // Renders hang until the worker is gone.
    provider.setDelay(120_000);
    const before = provider.calls.length;
    const w1 = await startWorkerProcess(workerEnv, { concurrency: 2 });
    running.push(w1);
    await provider.started(before + 2);
    const held = await services.db.generation.findMany({
      where: { id: { in: ids }, status: "running" },
      select: { id: true, attempt: true },
    });
    await w1.kill9();

    const atKill = {
      counts: await statusCounts(services.db, [user.id]),
      files: await filesMatchSucceededRows(services.db, dataDir),
      used: await quotaUsed(user.id),
    };
    expect(held).toHaveLength(2);
    expect(held.every((h) => h.attempt === 1)).toBe(true);
    expect(atKill.counts).toEqual({ running: 2, queued: 4 });
    expect(atKill.used).toBe(6);

    provider.setDelay(50);
    const w2 = await startWorkerProcess(workerEnv, { concurrency: 2 });
    running.push(w2);
    const settled = await waitUntilSettled(services.db, [user.id], 60_000);
    expect(settled).toEqual({ succeeded: 6 });

    const rows = await services.db.generation.findMany({ where: { id: { in: ids } }, select: { id: true, attempt: true, status: true } });
    // The two it was rendering started twice; the others once.
    for (const r of rows) expect(r.attempt).toBe(held.some((h) => h.id === r.id) ? 2 : 1);
    expect(await quotaUsed(user.id)).toBe(6);
    expect(await queueJobs(services.db, ids)).toEqual([]);
    const files = await filesMatchSucceededRows(services.db, dataDir);
    expect(files.files).toEqual(files.expected);
    expect(files.files).toHaveLength(12);
    console.info(
      `[crash: worker] at kill ${JSON.stringify(atKill.counts)}, files ${atKill.files.files.length}, quota used ${atKill.used}; after restart ${JSON.stringify(settled)}, files ${files.files.length}, quota used 6`,
    );
    await w2.stop();
  }, 120_000);

  it("fails and refunds the jobs of a dead worker once their starts are used up", async () => {
    const user = await createUser(services, "crash-exhausted");
    const me = callerFor(services, user);
    const { generations } = await me.generate({ prompt: "a lantern", skipOptimize: true, count: 2 });
    provider.setDelay(120_000);
    const before = provider.calls.length;
    const w = await startWorkerProcess(workerEnv, { concurrency: 2 });
    running.push(w);
    await provider.started(before + 2);
    await w.kill9();
    expect(await quotaUsed(user.id)).toBe(2);

    // A reconciler that allows one start: once the lease lapses, both are failed.
    // The two leases lapse at slightly different moments (the jobs were picked up apart), so
    // one pass may fail one and the next the other: count over passes.
    const strict = { ...services, env: { ...services.env, JOB_MAX_ATTEMPTS: 1 } };
    const total = { failed: 0, unlocked: 0 };
    await waitUntil(
      "the dead worker's jobs to be failed",
      async () => {
        const r = await reconcile(strict);
        total.failed += r.failed;
        total.unlocked += r.unlocked;
        return { ...total };
      },
      (t) => t.failed === 2,
      20_000,
      300,
    );
    expect(total.unlocked).toBe(2);
    expect(await statusCounts(services.db, [user.id])).toEqual({ failed: 2 });
    expect(await quotaUsed(user.id)).toBe(0);
    expect(
      await queueJobs(
        services.db,
        generations.map((g) => g.id),
      ),
    ).toEqual([]);
  }, 60_000);
});

describe("kill -9 of the web process mid-enqueue", () => {
  it("leaves whole batches or nothing; after a restart every queued one is rendered", async () => {
    const user = await createUser(services, "crash-web");
    await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 1000 } });
    const { token } = await createApiToken(services.db, user.id, "crash");
    provider.setDelay(20);
    // Web only: no workers in the process that dies.
    const web = await startAppServer({ ...workerEnv, WORKER_CONCURRENCY: "0" });
    running.push(web);

    const calls = Array.from({ length: 100 }, (_, i) => ({ prompt: `crash batch ${i}`, count: 1 + (i % 4) }));
    let answered = 0;
    const requests = calls.map((c) =>
      fetch(`${web.url}/api/trpc/generate`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ json: { prompt: c.prompt, skipOptimize: true, count: c.count } }),
      }).then(
        (r) => {
          answered += 1;
          return r.status;
        },
        () => "cut" as const,
      ),
    );
    await waitUntil(
      "the first answers",
      async () => answered,
      (n) => n >= 5,
      30_000,
      5,
    );
    process.kill(web.pid, "SIGKILL");
    const outcomes = await Promise.all(requests);
    // An enqueue is one statement (its own transaction): one the dead process had already
    // sent still runs to its end — whole, or not at all — once it gets the user's lock.
    // Count after they have.
    await waitUntil(
      "the dead instance's statements to end",
      async () =>
        (
          await services.db.$queryRaw<Array<{ n: number }>>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`
        )[0]!.n,
      (n) => n === 0,
      30_000,
      20,
    );

    // At the kill: every batch is all there or not there at all, every row queued with its job.
    const rows = await services.db.generation.findMany({
      where: { userId: user.id },
      select: { id: true, originalPrompt: true, status: true },
    });
    for (const c of calls) expect([0, c.count]).toContain(rows.filter((r) => r.originalPrompt === c.prompt).length);
    expect(rows.every((r) => r.status === "queued")).toBe(true);
    const jobs = await queueJobs(
      services.db,
      rows.map((r) => r.id),
    );
    expect(jobs).toHaveLength(rows.length);
    expect(await quotaUsed(user.id)).toBe(rows.length);
    const answeredOk = outcomes.filter((o) => o === 200).length;
    const cut = outcomes.filter((o) => o === "cut").length;
    expect(cut).toBeGreaterThan(0);

    // Restart: the web again, and a worker.
    const web2 = await startAppServer({ ...workerEnv, WORKER_CONCURRENCY: "0" });
    running.push(web2);
    const w = await startWorkerProcess(workerEnv, { concurrency: 2 });
    running.push(w);
    const settled = await waitUntilSettled(services.db, [user.id], 120_000);
    expect(settled).toEqual(rows.length ? { succeeded: rows.length } : {});
    expect(await quotaUsed(user.id)).toBe(rows.length);
    const files = await filesMatchSucceededRows(services.db, dataDir);
    expect(files.files).toEqual(files.expected);
    console.info(
      `[crash: web] 100 calls, ${answeredOk} answered, ${cut} cut by the kill; at kill ${rows.length} rows (all queued, ${jobs.length} jobs, quota used ${rows.length}); after restart ${JSON.stringify(settled)}, files ${files.files.length}`,
    );
    await w.stop();
    await web2.stop();
  }, 180_000);
});

describe("the reconciler on its own", () => {
  it("runs once as `npm run reconcile` and says what it did", async () => {
    const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [tsx, "server/cli/reconcile.ts"], {
        env: { ...process.env, ...workerEnv, APP_ENV: "test", LOG_LEVEL: "silent" },
      });
      let stdout = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.on("exit", (code) => resolve({ code, stdout }));
    });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim().split("\n").at(-1)!)).toEqual({
      requeued: expect.any(Number),
      failed: expect.any(Number),
      unlocked: expect.any(Number),
      orphanFiles: expect.any(Number),
      purged: expect.any(Number),
      idleQueues: expect.any(Number),
    });
  }, 60_000);

  it("removes stored files no succeeded row points at, after the grace period only", async () => {
    const images = path.join(dataDir, "images", "zz");
    await fs.mkdir(images, { recursive: true });
    const old = path.join(images, "orphanOrphanOrphanOrphan01.png");
    const fresh = path.join(images, "orphanOrphanOrphanOrphan02.png");
    const temp = path.join(images, "orphanOrphanOrphanOrphan03.png.4242.tmp");
    for (const f of [old, fresh, temp]) await fs.writeFile(f, "x");
    const longAgo = new Date(Date.now() - 60_000);
    await fs.utimes(old, longAgo, longAgo);
    await fs.utimes(temp, longAgo, longAgo);
    const report = await reconcile(services);
    expect(report.orphanFiles).toBe(2);
    await expect(fs.access(old)).rejects.toThrow();
    await expect(fs.access(temp)).rejects.toThrow();
    await fs.access(fresh);
    await fs.rm(fresh);
  });
});
