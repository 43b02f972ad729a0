// Generation jobs (issue 10), three figures, each against a baseline or its own variant
// in the same run:
//   enqueue — `generate` through the real tRPC caller (validation, moderation, rate limit,
//             quota + queue count under the user's lock, rows + jobs: one statement) vs a
//             bare INSERT of the same row, interleaved sample by sample; and the domain's
//             enqueue alone vs the same as it was (four round trips, bench/lib/enqueue-before.ts);
//   pickup  — enqueue → a worker process claims it (LISTEN/NOTIFY), one job at a time;
//   workers — jobs/s with one worker process vs two, an instant provider (a loopback
//             OpenAI-compatible server answering a 64 px PNG at once), rounds interleaved,
//             with CPU per job by process (bench/lib/cpu-accounting.ts); then the same with
//             a provider taking 50 ms, where the cores are not the limit.
// Worker processes are `npm run worker` (tsx server/cli/worker.ts) on the bench database.
// BENCH_BEFORE names another checkout (e.g. an older commit, `git archive`d, with node_modules
// linked and the generated Prisma client copied in) whose `generate` and workers are timed
// in the same run, interleaved.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
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
import { ms, ratio, summarize, timeInterleaved, timeInterleavedAll } from "./lib/stats";
import { enqueueBefore } from "./lib/enqueue-before";
import { cpuPerJob, cpuSnapshot, type CpuPerJob } from "./lib/cpu-accounting";

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

/**
 * Services and a tRPC caller from another checkout of the project (e.g. `git archive <commit>
 * | tar -x`, with node_modules linked and the generated Prisma client copied in), for
 * before/after figures in one run. Its code runs against this run's database, so its schema
 * must be compatible with this one's migrations.
 */
async function beforeCheckout(dir: string, url: string, dataDir: string) {
  const root = path.resolve(dir);
  const mod = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(root, file)).href)) as T;
  const { parseEnv: parse } = await mod<typeof import("../server/env")>("server/env.ts");
  const { createLogger: logger } = await mod<typeof import("../server/logger")>("server/logger.ts");
  const { createServices: create } = await mod<typeof import("../server/services")>("server/services.ts");
  const { createContextInner: context } = await mod<typeof import("../server/trpc/context")>("server/trpc/context.ts");
  const { createCaller: caller } = await mod<typeof import("../server/trpc/root")>("server/trpc/root.ts");
  const env = parse({
    NODE_ENV: "test",
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    RATE_LIMITS: "generate:1000000000",
    MAX_QUEUED_PER_USER: "1000",
  });
  const services = create({ env, databaseUrl: url, logger: logger({ level: "silent" }) });
  return {
    caller: (user: SessionUser) => caller(context({ services, user } as Parameters<typeof context>[0])),
    close: () => services.close(),
  };
}

/** Enqueue latency: the whole `generate` call (no worker runs) vs a bare INSERT of the same queued row. */
export async function runEnqueueLatency(url: string, report: Report, calls = Number(process.env.BENCH_ENQUEUE_CALLS ?? 300)) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-enqueue-"));
  const services = benchServices(url, dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Many users, each called in turn: no lock is contended (calls are sequential anyway) and
    // each user's queue stays short, as MAX_QUEUED_PER_USER (8 by default) keeps it in real
    // use (no worker drains these, and the count under the lock reads a user's queued rows).
    // Each phase has users of its own; the INSERTs too, so they lengthen no queue.
    let made = 0;
    const someUsers = (n: number) =>
      Promise.all(Array.from({ length: n }, () => benchUser(services, `bench-enqueue-${process.pid}-${made++}`)));
    const everyone: SessionUser[] = [];
    const phaseUsers = async (n: number) => {
      const list = await someUsers(n);
      everyone.push(...list);
      return list;
    };
    const baselineUsers = await phaseUsers(20);
    const baseline = (i: number) =>
      client.query(
        `INSERT INTO "Generation" (id, "userId", status, "batchId", width, height, "originalPrompt", model, provider, style, "aspectRatio",
           "detailLevel", seed, "isPublic", "reservedAt", "createdAt", "updatedAt")
         VALUES ($1, $2, 'queued', $3, 1024, 1024, $4, 'local-procedural', 'local', 'digital-art', '1:1', 'medium', $5, false, now(), now(), now())`,
        [
          `bl${randomBytes(10).toString("hex")}`,
          baselineUsers[Math.abs(i) % baselineUsers.length]!.id,
          randomBytes(8).toString("hex"),
          `${PROMPT} ${i}`,
          Math.abs(i),
        ],
      );
    type Generate = (input: { prompt: string; style: "digital-art"; skipOptimize: true }) => Promise<unknown>;
    const generateOn = (generates: Generate[]) => (i: number) =>
      generates[Math.abs(i) % generates.length]!({ prompt: `${PROMPT} ${i}`, style: "digital-art", skipOptimize: true });
    const callersOf = (list: SessionUser[]) => list.map((user) => createCaller(createContextInner({ services, user })).generate);

    const [gen, base] = await timeInterleaved(calls, generateOn(callersOf(await phaseUsers(100))), baseline, 20);
    // BENCH_BEFORE (another checkout): its own `generate`, through its own services and router
    // on the same database, interleaved with this one's and the INSERT (the two share users).
    const checkout = process.env.BENCH_BEFORE ? await beforeCheckout(process.env.BENCH_BEFORE, url, dir) : null;
    if (checkout) {
      const shared = await phaseUsers(100);
      const [genNow, genBefore, base3] = await timeInterleavedAll(
        calls,
        [generateOn(callersOf(shared)), generateOn(shared.map((user) => checkout.caller(user).generate)), baseline],
        20,
      );
      report.add(
        "enqueue",
        `generate now vs before (${process.env.BENCH_BEFORE}) vs INSERT, interleaved (median)`,
        `${ms(genNow.median)} vs ${ms(genBefore.median)} vs ${ms(base3.median)}`,
        `${ratio(genNow.median, base3.median)} vs ${ratio(genBefore.median, base3.median)} the INSERT`,
      );
      report.record("enqueueBefore", { generateNow: genNow, generateBefore: genBefore, baseline: base3 });
      await checkout.close();
    }
    // Where the time goes: the domain's enqueue alone (one statement), the same as it was
    // before (four round trips: bench/lib/enqueue-before.ts) and the INSERT, in turn.
    const input = generateInput.parse({ prompt: PROMPT, style: "digital-art", skipOptimize: true });
    const domainUsers = await phaseUsers(100);
    const userOf = (i: number) => domainUsers[Math.abs(i) % domainUsers.length]!.id;
    const [domain, before, base2] = await timeInterleavedAll(
      Math.min(calls, 200),
      [(i) => enqueueGenerations(services, userOf(i), input), (i) => enqueueBefore(services, userOf(i), input), baseline],
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
      `before (four round trips, same run): ${ms(before.median)} = ${ratio(before.median, base2.median)}`,
    );
    report.record("enqueue", {
      calls,
      generate: gen,
      baseline: base,
      domainEnqueue: domain,
      domainEnqueueBefore: before,
      domainBaseline: base2,
    });
    // Leave no queued jobs behind for the worker figures (no worker ran here).
    const ids = everyone.map((u) => u.id);
    await client.query(
      `SELECT graphile_worker.remove_job('gen:' || id) FROM "Generation" WHERE "userId" = ANY($1::text[]) AND status = 'queued'`,
      [ids],
    );
    await client.query(`DELETE FROM "Generation" WHERE "userId" = ANY($1::text[])`, [ids]);
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

async function startWorkers(w: WorkerEnv, processes: number, cwd?: string): Promise<WorkerProcess[]> {
  return Promise.all(
    Array.from({ length: processes }, () =>
      startWorkerProcess({ ...w.env, LOG_LEVEL: "info" }, { concurrency: 2, timeoutMs: 60_000, ...(cwd ? { cwd } : {}) }),
    ),
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

const SLOW_PROVIDER_MS = 50;

/**
 * Jobs/s with one and with two worker processes (2 jobs each at a time), instant provider;
 * rounds alternate. Each round queues its jobs first (no worker running), starts the
 * processes, and counts from the moment all of them are up: the jobs finished after it,
 * over the time until the last one finished (the rows' own finishedAt), so a process that
 * booted earlier than the other gets no head start. Meanwhile it accounts for CPU per job:
 * the worker processes, PostgreSQL, this process (the loopback provider and the drain
 * poll) and the rest of the machine.
 */
export async function runWorkerThroughput(
  url: string,
  report: Report,
  jobs = Number(process.env.BENCH_JOBS ?? 200),
  rounds = Number(process.env.BENCH_JOB_ROUNDS ?? 2),
  slowRounds = Number(process.env.BENCH_SLOW_JOB_ROUNDS ?? 1),
) {
  const w = await workerEnv(url);
  const services = benchServices(url, w.dir, openAiImageEnv(w.provider));
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    const backendPid = (await watcher.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    // Many users, so per-user lanes never limit the workers.
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => benchUser(services, `bench-throughput-${process.pid}-${i}`)));
    const callers = users.map((user) => createCaller(createContextInner({ services, user })));
    type Round = { rate: number; counted: number; workerIds: number; cpu: CpuPerJob; emptyPickups: number | null };
    // BENCH_BEFORE (another checkout): its workers run in the same rounds, interleaved.
    const variants = [
      { key: "now", cwd: undefined as string | undefined },
      ...(process.env.BENCH_BEFORE ? [{ key: "before", cwd: process.env.BENCH_BEFORE }] : []),
    ];
    const results: Record<string, Round[]> = {};
    const drain = async (key: string, tag: string, n: 1 | 2, variant: { key: string; cwd: string | undefined }) => {
      // Queue everything first (no worker running), then time the drain.
      const batch = `${tag}-${n}-${variant.key}-${randomBytes(3).toString("hex")}`;
      for (let i = 0; i < jobs; i++)
        await callers[i % callers.length]!.generate({ prompt: `throughput ${batch} ${i}`, skipOptimize: true });
      const workers = await startWorkers(w, n, variant.cwd);
      const from = Date.now();
      const cpu0 = cpuSnapshot(
        workers.map((p) => p.pid),
        backendPid,
      );
      // A cheap count (the status index: only in-flight rows are read), every 20 ms; the end time comes from the rows.
      const inFlight = async () =>
        (
          await watcher.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "Generation" WHERE status IN ('queued', 'running') AND "originalPrompt" LIKE $1`,
            [`throughput ${batch} %`],
          )
        ).rows[0]!.n;
      while ((await inFlight()) > 0) await new Promise((r) => setTimeout(r, 20));
      const cpu1 = cpuSnapshot(
        workers.map((p) => p.pid),
        backendPid,
      );
      const { rows } = await watcher.query<{ counted: number; last: string; workerIds: number }>(
        `SELECT count(*)::int AS counted, (extract(epoch FROM max("finishedAt")) * 1000)::bigint AS last,
           count(DISTINCT "workerId")::int AS "workerIds"
         FROM "Generation" WHERE "originalPrompt" LIKE $1 AND status = 'succeeded' AND "finishedAt" > to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'`,
        [`throughput ${batch} %`, from],
      );
      const r = rows[0]!;
      for (const p of workers) await p.stop();
      // Each process says, as it stops, how many pick-ups found no job (ours; a before-checkout may not).
      const emptyPickups = workers
        .map((p) => /"emptyPickups":(\d+)[^\n]*"queue workers stopped"/.exec(p.output())?.[1])
        .reduce<number | null>((sum, v) => (v === undefined ? sum : (sum ?? 0) + Number(v)), null);
      (results[key] ??= []).push({
        rate: r.counted / ((Number(r.last) - from) / 1000),
        counted: r.counted,
        workerIds: r.workerIds,
        cpu: cpuPerJob(cpu0, cpu1, r.counted, n),
        emptyPickups,
      });
    };
    for (let round = 0; round < rounds; round++) {
      for (const n of [1, 2] as const) {
        for (const variant of variants) await drain(`${variant.key}:${n}`, String(round), n, variant);
      }
    }
    // The same with a provider that takes 50 ms a picture (a real one takes seconds), so that
    // the machine's two cores are not what limits either: how the workers themselves scale.
    w.provider.setDelay(SLOW_PROVIDER_MS);
    for (let round = 0; round < slowRounds; round++) {
      for (const n of [1, 2] as const) await drain(`slow:${n}`, `slow${round}`, n, variants[0]!);
    }
    w.provider.setDelay(0);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const med = (key: string, f: (r: Round) => number) => median(results[key]!.map(f));
    const cpuLine = (key: string) => {
      const f = (k: keyof CpuPerJob) => med(key, (r) => r.cpu[k]);
      return `workers ${f("workers").toFixed(1)} (JS threads ${f("workersMainThreads").toFixed(1)}, each ${(100 * f("mainThreadBusy")).toFixed(0)} % busy) + PostgreSQL ${f("postgres").toFixed(1)} + bench ${f("bench").toFixed(1)} + others ${f("others").toFixed(1)} ms; machine ${f("coresBusy").toFixed(2)} cores busy, ${f("idlePercent").toFixed(0)} % idle`;
    };
    const empties = (key: string) => results[key]!.map((r) => (r.emptyPickups === null ? "?" : String(r.emptyPickups))).join(", ");
    const scaling = (key: string, what: string, label: string, note: string) => {
      const [one, two] = [med(`${key}:1`, (r) => r.rate), med(`${key}:2`, (r) => r.rate)];
      const each = (n: number) => results[`${key}:${n}`]!.map((r) => r.rate.toFixed(1)).join(", ");
      report.add(
        "workers",
        `jobs/s, ${what}, ${jobs} jobs per round: 1 worker process vs 2${label}`,
        `${one.toFixed(1)} vs ${two.toFixed(1)}`,
        `2 ÷ 1 = ${ratio(two, one)}${note}; ${os.cpus().length} cores; rounds ${each(1)} vs ${each(2)}`,
      );
      report.add("workers", `CPU per job, 1 worker process (median of rounds)${label}`, cpuLine(`${key}:1`));
      report.add("workers", `CPU per job, 2 worker processes (median of rounds)${label}`, cpuLine(`${key}:2`));
      report.add(
        "workers",
        `pick-ups that found no job, per round, 1 process vs 2${label}`,
        `${empties(`${key}:1`)} vs ${empties(`${key}:2`)}`,
      );
    };
    for (const { key } of variants)
      scaling(key, "instant provider", key === "now" ? "" : ` (${key}: ${process.env.BENCH_BEFORE})`, " (target ≥ 1.6×)");
    if (slowRounds > 0) scaling("slow", `provider taking ${SLOW_PROVIDER_MS} ms`, ` (${SLOW_PROVIDER_MS} ms provider)`, "");
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
    report.record("workers", {
      jobs,
      rounds,
      loadAverage: os.loadavg(),
      perRound: results,
      thumbnail: thumb,
      thumbnailEffort4: thumbBefore,
    });
  } finally {
    await watcher.end();
    await services.close();
    await w.provider.close();
    await fs.rm(w.dir, { recursive: true, force: true });
  }
}
