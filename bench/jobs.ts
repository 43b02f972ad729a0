// Generation jobs (issue 10), three figures, each against a baseline or its own variant
// in the same run:
//   enqueue — `generate` through the real tRPC caller (validation, moderation, rate limit,
//             quota + queue count under the user's lock, rows + jobs in one transaction)
//             vs a bare INSERT of the same row, interleaved sample by sample;
//   pickup  — enqueue → a worker process claims it (LISTEN/NOTIFY), one job at a time;
//   workers — jobs/s with one worker process vs two, an instant provider (a loopback
//             OpenAI-compatible server answering a 64 px PNG at once), rounds interleaved.
// Worker processes are `npm run worker` (tsx server/cli/worker.ts) on the bench database.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { makeThumbnail } from "../server/generations/run-generation";
import { enqueueGenerations } from "../server/generations/enqueue-generations";
import { generateInput } from "../server/generations/schemas";
import { renderProcedural } from "../server/adapters/models/local/procedural-renderer";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { createServices, type Services } from "../server/services";
import { createContextInner } from "../server/trpc/context";
import { createCaller } from "../server/trpc/root";
import type { SessionUser } from "../server/users/session-user";
import { startOpenAiImageServer, openAiImageEnv, type OpenAiImageServer } from "../tests/support/openai-image-server";
import { startWorkerProcess, type WorkerProcess } from "../tests/support/worker-process";
import type { Report } from "./lib/report";
import { ms, ratio, summarize, timeInterleaved } from "./lib/stats";

const PROMPT = "a lighthouse on a rocky island at sunset";

function benchServices(url: string, dir: string, extra: Record<string, string> = {}): Services {
  const env = parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: url,
    DATA_DIR: dir,
    RATE_LIMITS: "generate:1000000000",
    MAX_QUEUED_PER_USER: "1000",
    ...extra,
  });
  return createServices({ env, databaseUrl: url, logger: createLogger({ level: "silent" }) });
}

async function benchUser(services: Services, id: string): Promise<SessionUser> {
  await services.db.user.create({ data: { id, name: "bench", dailyGenLimit: 1_000_000_000 } });
  return { id, name: "bench", email: null, imageUrl: null, dailyGenLimit: 1_000_000_000, via: "test" };
}

/** Enqueue latency: the whole `generate` call (no worker runs) vs a bare INSERT of the same queued row. */
export async function runEnqueueLatency(url: string, report: Report, calls = Number(process.env.BENCH_ENQUEUE_CALLS ?? 300)) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-enqueue-"));
  const services = benchServices(url, dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Many users, so one user's queue cap never bites and no lock is contended (calls are sequential anyway).
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => benchUser(services, `bench-enqueue-${process.pid}-${i}`)));
    const callers = users.map((user) => createCaller(createContextInner({ services, user })));
    const generate = (i: number) =>
      callers[Math.abs(i) % callers.length]!.generate({ prompt: `${PROMPT} ${i}`, style: "digital-art", skipOptimize: true });
    const baseline = (i: number) =>
      client.query(
        `INSERT INTO "Generation" (id, "userId", status, "batchId", width, height, "originalPrompt", model, provider, style, "aspectRatio",
           "detailLevel", seed, "isPublic", "reservedAt", "createdAt", "updatedAt")
         VALUES ($1, $2, 'queued', $3, 1024, 1024, $4, 'local-procedural', 'local', 'digital-art', '1:1', 'medium', $5, false, now(), now(), now())`,
        [
          `bl${randomBytes(10).toString("hex")}`,
          users[Math.abs(i) % users.length]!.id,
          randomBytes(8).toString("hex"),
          `${PROMPT} ${i}`,
          Math.abs(i),
        ],
      );
    const [gen, base] = await timeInterleaved(calls, generate, baseline, 20);
    // Where the time goes: the domain's enqueue alone (quota count under the lock, rows + jobs), interleaved with the INSERT again.
    const input = generateInput.parse({ prompt: PROMPT, style: "digital-art", skipOptimize: true });
    const [domain, base2] = await timeInterleaved(
      Math.min(calls, 150),
      (i) => enqueueGenerations(services, users[Math.abs(i) % users.length]!.id, input),
      baseline,
      10,
    );
    report.add("enqueue", `generate → queued (tRPC caller, median/p99, n=${gen.n})`, `${ms(gen.median)} / ${ms(gen.p99)}`);
    report.add("enqueue", "baseline: bare INSERT of the same row (median/p99)", `${ms(base.median)} / ${ms(base.p99)}`);
    report.add(
      "enqueue",
      "generate ÷ INSERT (median / p99)",
      `${ratio(gen.median, base.median)} / ${ratio(gen.p99, base.p99)}`,
      "target: median ≤ 3×",
    );
    report.add(
      "enqueue",
      "of which the domain's enqueue (no tRPC, no rate limit) ÷ INSERT, median",
      `${ms(domain.median)} ÷ ${ms(base2.median)} = ${ratio(domain.median, base2.median)}`,
    );
    report.record("enqueue", { calls, generate: gen, baseline: base, domainEnqueue: domain, domainBaseline: base2 });
  } finally {
    await client.end();
    await services.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

type WorkerEnv = { env: Record<string, string>; provider: OpenAiImageServer; dir: string };

async function workerEnv(url: string): Promise<WorkerEnv> {
  const provider = await startOpenAiImageServer({ delayMs: 0 });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-workers-"));
  return {
    provider,
    dir,
    env: {
      DATABASE_URL: url,
      DATA_DIR: dir,
      ...openAiImageEnv(provider),
      LOG_LEVEL: "warn",
      RECONCILE_INTERVAL_MS: "0",
      RATE_LIMITS: "generate:1000000000",
      MAX_QUEUED_PER_USER: "1000",
    },
  };
}

async function startWorkers(w: WorkerEnv, processes: number): Promise<WorkerProcess[]> {
  return Promise.all(
    Array.from({ length: processes }, () => startWorkerProcess({ ...w.env, LOG_LEVEL: "info" }, { concurrency: 2, timeoutMs: 60_000 })),
  );
}

/** Enqueue → pick-up: one job at a time into an idle worker process; claim time − commit time. */
export async function runPickupLatency(url: string, report: Report, samples = Number(process.env.BENCH_PICKUP_SAMPLES ?? 200)) {
  const w = await workerEnv(url);
  const services = benchServices(url, w.dir, openAiImageEnv(w.provider));
  const workers = await startWorkers(w, 1);
  try {
    const user = await benchUser(services, `bench-pickup-${process.pid}`);
    const caller = createCaller(createContextInner({ services, user }));
    const latencies: number[] = [];
    for (let i = -10; i < samples; i++) {
      const { generations } = await caller.generate({ prompt: `pickup ${i}`, skipOptimize: true });
      const committed = Date.now();
      const id = generations[0]!.id;
      let startedAt: Date | null = null;
      while (!startedAt) {
        startedAt = (await services.db.generation.findUniqueOrThrow({ where: { id }, select: { startedAt: true } })).startedAt;
        if (!startedAt) await new Promise((r) => setTimeout(r, 2));
      }
      if (i >= 0) latencies.push(startedAt.getTime() - committed);
      // Let it finish, and the worker go back to waiting on LISTEN, before the next one.
      while ((await services.db.generation.findUniqueOrThrow({ where: { id }, select: { status: true } })).status !== "succeeded")
        await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    }
    const s = summarize(latencies);
    report.add(
      "pickup",
      `enqueue → worker pick-up (p50 / p99, n=${s.n}, 1 idle worker process)`,
      `${ms(s.median)} / ${ms(s.p99)}`,
      "target: p50 ≤ 50 ms, p99 ≤ 250 ms; clock: this process vs the worker's (one machine)",
    );
    report.record("pickup", { samples, latency: s });
  } finally {
    for (const p of workers) await p.stop();
    await services.close();
    await w.provider.close();
    await fs.rm(w.dir, { recursive: true, force: true });
  }
}

/** Jobs/s with one and with two worker processes (2 jobs each at a time), instant provider; rounds alternate. */
export async function runWorkerThroughput(
  url: string,
  report: Report,
  jobs = Number(process.env.BENCH_JOBS ?? 200),
  rounds = Number(process.env.BENCH_JOB_ROUNDS ?? 2),
) {
  const w = await workerEnv(url);
  const services = benchServices(url, w.dir, openAiImageEnv(w.provider));
  try {
    // Many users, so per-user lanes never limit the workers.
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => benchUser(services, `bench-throughput-${process.pid}-${i}`)));
    const callers = users.map((user) => createCaller(createContextInner({ services, user })));
    const rates: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let round = 0; round < rounds; round++) {
      for (const n of [1, 2] as const) {
        // Queue everything first (no worker running), then time the drain.
        const batch = `${round}-${n}-${randomBytes(3).toString("hex")}`;
        for (let i = 0; i < jobs; i++)
          await callers[i % callers.length]!.generate({ prompt: `throughput ${batch} ${i}`, skipOptimize: true });
        const workers = await startWorkers(w, n);
        const t = performance.now();
        for (;;) {
          const left = await services.db.generation.count({
            where: { originalPrompt: { startsWith: `throughput ${batch} ` }, status: { in: ["queued", "running"] } },
          });
          if (left === 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        rates[n].push(jobs / ((performance.now() - t) / 1000));
        for (const p of workers) await p.stop();
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [one, two] = [median(rates[1]), median(rates[2])];
    report.add(
      "workers",
      `jobs/s, instant provider, ${jobs} jobs per round: 1 worker process vs 2`,
      `${one.toFixed(1)} vs ${two.toFixed(1)}`,
      `2 ÷ 1 = ${ratio(two, one)} (target ≥ 1.6×); ${os.cpus().length} cores`,
    );
    // The worker's own largest CPU cost per picture, as it makes thumbnails and as it did before (WebP effort 4).
    const png = await renderProcedural({ prompt: PROMPT, seed: 7, style: "digital-art", width: 1024, height: 1024 });
    const [thumb, thumbBefore] = await timeInterleaved(
      40,
      () => makeThumbnail(png),
      () => makeThumbnail(png, 4),
      5,
    );
    report.add(
      "workers",
      "thumbnail of a 1024² PNG: WebP effort 4 vs 2 (the worker's), median",
      `${ms(thumbBefore.median)} vs ${ms(thumb.median)}`,
    );
    report.record("workers", { jobs, rounds, jobsPerSecond: rates, thumbnail: thumb, thumbnailEffort4: thumbBefore });
  } finally {
    await services.close();
    await w.provider.close();
    await fs.rm(w.dir, { recursive: true, force: true });
  }
}
