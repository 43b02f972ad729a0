// `npm run bench`: every figure in one run, one table, one JSON file under
// bench/results/. `npm run bench -- --only enqueue,feed` runs a subset.
//   figures: enqueue (1), feed (2), search, throughput (3 + memory 5), limits (4), weight (6), soak (7),
//            pickup (8), workers (9); "generate" is the old name of enqueue
// Env: BENCH_DATABASE_URL (a server to make the scratch database on; default an embedded
// PostgreSQL in ./data/bench-postgres on BENCH_PG_PORT=54460), BENCH_DURATION (s per load run, 10),
// BENCH_ROWS (rows for figures 2 and search, 1,000,000), BENCH_REDIS_URL (figure 4, redis://127.0.0.1:6379),
// BENCH_SOAK_SECONDS (s of load per server in figure 7, 60); for figures 1, 8 and 9 see bench/jobs.ts
// (BENCH_BEFORE: another checkout to time in the same run, interleaved).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "../server/adapters/db/client";
import { createApiToken } from "../server/users/api-tokens";
import { openBenchDb } from "./lib/bench-db";
import { Report } from "./lib/report";
import { bulkLoad, runFeedDepth, TOTAL_ROWS } from "./feed-depth";
import { runEnqueueLatency, runPickupLatency, runWorkerThroughput } from "./jobs";
import { runLimits } from "./limits";
import { runSoak } from "./soak";
import { MALLOC_DEFAULTS } from "../server/cli/app-process";
import { buildApp, DISCOVERY_PATH, runThroughput, serveApp, type Served } from "./throughput";
import { INSPECT_ARGS, inspectorUrl } from "./lib/inspector";
import { clerkModeEnv, createClerkKey, mintSessionToken } from "../tests/support/clerk-keys";
import { runWeight } from "./weight";
import { runSearchAndSorts } from "./search-sorts";

const FIGURES = ["enqueue", "feed", "search", "throughput", "limits", "weight", "soak", "pickup", "workers"] as const;
type Figure = (typeof FIGURES)[number];

function parseOnly(argv: string[]): Set<Figure> {
  const i = argv.indexOf("--only");
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--only="))?.slice(7);
  if (!raw) return new Set(FIGURES);
  const picked = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === "generate" ? "enqueue" : s));
  const unknown = picked.filter((p) => !(FIGURES as readonly string[]).includes(p));
  if (unknown.length) {
    process.stderr.write(`unknown figure(s): ${unknown.join(", ")}; choose from ${FIGURES.join(", ")}\n`);
    process.exit(2);
  }
  return new Set(picked as Figure[]);
}

/** Runs one step with a deadline, so one stuck figure cannot hold the run. */
async function step(report: Report, name: string, limitMs: number, fn: () => Promise<void>): Promise<boolean> {
  process.stdout.write(`\n▶ ${name}\n`);
  const t = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${limitMs / 1000} s`)), limitMs))),
    ]);
    return true;
  } catch (e) {
    report.add(name, "error", "n/a", (e as Error).message.split("\n")[0]);
    report.record(`${name}Error`, String((e as Error).stack ?? e));
    return false;
  } finally {
    clearTimeout(timer);
    process.stdout.write(`  (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
  }
}

const only = parseOnly(process.argv.slice(2));
// --profile: after figure 3's measured rounds, one CPU profile per target (bench/results/profiles/).
const profile = process.argv.includes("--profile");
const duration = Number(process.env.BENCH_DURATION ?? 10);
const rows = Number(process.env.BENCH_ROWS ?? TOTAL_ROWS);
const report = new Report();
const started = performance.now();
process.stdout.write(
  `bench: ${[...only].join(", ")} · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}) · load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
report.record("loadAverageAtStart", os.loadavg());

const benchDb = await openBenchDb();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-data-"));
const { db, pool } = createDb({ url: benchDb.url });
try {
  if (only.has("enqueue")) {
    await step(report, "enqueue", 180_000, () => runEnqueueLatency(benchDb.url, report));
  }
  if (only.has("pickup")) {
    await step(report, "pickup", 180_000, () => runPickupLatency(benchDb.url, report));
  }
  if (only.has("workers")) {
    await step(report, "workers", 300_000, () => runWorkerThroughput(benchDb.url, report));
  }
  if (only.has("limits")) {
    await step(report, "limits", 120_000, () => runLimits(benchDb.url, report));
  }
  // Figures 2 and 3 read the same 1,000,000-row table.
  if (only.has("feed") || only.has("search") || only.has("throughput")) {
    await step(report, "load", 900_000, async () => {
      const loadMs = await bulkLoad(benchDb.url, rows);
      report.add("feed", `bulk load ${rows.toLocaleString("en")} generations (SQL)`, `${(loadMs / 1000).toFixed(1)} s`);
    });
  }
  if (only.has("feed")) {
    await step(report, "feed", 180_000, () => runFeedDepth(db, benchDb.url, report));
  }
  if (only.has("search")) {
    await step(report, "search", 600_000, () => runSearchAndSorts(db, benchDb.url, report));
  }
  if (only.has("throughput") || only.has("weight")) {
    let app: Served | undefined;
    let clerkApp: Served | undefined;
    const clerkKey = createClerkKey();
    const nodeArgs = profile ? INSPECT_ARGS : [];
    const ready =
      (await step(report, "build", 180_000, async () => buildApp())) &&
      (await step(report, "serve", 60_000, async () => {
        // Per-minute read limits raised (60 a minute per address would refuse a 64-connection
        // run in a second) so that the limit check still runs on every uncached call.
        const limits = { RATE_LIMITS: "read:1000000000", RATE_LIMITS_ANONYMOUS: "read:1000000000" };
        app = await serveApp(benchDb.url, dataDir, limits, nodeArgs);
        // The same app signed in through Clerk (session tokens verified offline with CLERK_JWT_KEY).
        clerkApp = await serveApp(
          benchDb.url,
          dataDir,
          {
            ...limits,
            ...clerkModeEnv(clerkKey),
          },
          nodeArgs,
        );
      }));
    try {
      if (ready && app && clerkApp && only.has("throughput")) {
        const [served, clerkServed] = [app, clerkApp];
        await step(report, "throughput", 120_000 + duration * 40_000, async () => {
          await db.user.createMany({
            data: [
              { id: "bench-reader", name: "Bench reader" },
              { id: "user_bench_clerk", name: "Bench Clerk reader" },
            ],
          });
          const { token } = await createApiToken(db, "bench-reader", "bench");
          const now = Math.floor(Date.now() / 1000);
          const jwt = await mintSessionToken(clerkKey, { sub: "user_bench_clerk", iat: now - 5, exp: now + 4 * 3600 });
          // The newest public picture of the bulk load (the gallery's first card).
          const [{ id: publicId }] = await db.$queryRaw<{ id: string }[]>`
            SELECT id FROM "Generation" WHERE "isPublic" AND status = 'succeeded' ORDER BY "createdAt" DESC, id DESC LIMIT 1`;
          const token_ = { authorization: `Bearer ${token}` };
          const clerk = { authorization: `Bearer ${jwt}` };
          const noCache = { "cache-control": "no-cache" };
          const getPath = `/api/trpc/generation.get?input=${encodeURIComponent(JSON.stringify({ json: { id: publicId } }))}`;
          const a = served.url;
          await runThroughput(served, benchDb.url, report, {
            duration,
            pidOf: (url) => (url.startsWith(clerkServed.url) ? clerkServed.pid : served.pid),
            targets: [
              { key: "a1", label: "tRPC discovery, API token", url: a + DISCOVERY_PATH, headers: token_, cpuTarget: 2.2, p99Target: 2.5 },
              {
                key: "a2",
                label: "tRPC discovery, Clerk JWT",
                url: clerkServed.url + DISCOVERY_PATH,
                headers: clerk,
                cpuTarget: 2.2,
                p99Target: 2.5,
              },
              {
                key: "a3",
                label: "tRPC discovery, anonymous, past the cache",
                url: a + DISCOVERY_PATH,
                headers: noCache,
                cpuTarget: 2.0,
                p99Target: 2.5,
              },
              { key: "a4", label: "tRPC discovery, anonymous (shared cache)", url: a + DISCOVERY_PATH, headers: {}, rpsTarget: 1 },
              { key: "a5", label: "tRPC generation.get, anonymous (shared cache)", url: a + getPath, headers: {}, rpsTarget: 1 },
              { key: "b1", label: "SSR /discover, API token", url: a + "/discover", headers: token_, cpuTarget: 5.5 },
              { key: "b2", label: "SSR /g/:id, API token", url: `${a}/g/${publicId}`, headers: token_, cpuTarget: 5.5 },
              { key: "b3", label: "SSR /discover, anonymous, past the cache", url: a + "/discover", headers: noCache },
              { key: "b4", label: "SSR /discover, anonymous (shared cache)", url: a + "/discover", headers: {}, rpsTarget: 1 },
              { key: "b5", label: "SSR /g/:id, anonymous (shared cache)", url: `${a}/g/${publicId}`, headers: {}, rpsTarget: 1 },
              { key: "b6", label: "SSR /, anonymous (shared cache)", url: a + "/", headers: {}, rpsTarget: 1 },
            ],
            profile: profile
              ? {
                  dir: path.join("bench", "results", "profiles", new Date().toISOString().replace(/[:.]/g, "-")),
                  inspectorOf: (pid) => inspectorUrl((pid === clerkServed.pid ? clerkServed : served).output()),
                }
              : undefined,
          });
        });
      }
      if (ready && app && only.has("weight")) {
        const served = app;
        await step(report, "weight", 120_000, () => runWeight(served, benchDb.url, dataDir, report));
      }
    } finally {
      await app?.stop();
      await clerkApp?.stop();
    }
  }
  if (only.has("soak")) {
    const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
    const ready = only.has("throughput") || only.has("weight") || (await step(report, "build", 180_000, async () => buildApp()));
    if (ready) {
      await step(report, "soak", 2 * (seconds + 30) * 1000 + 120_000, () =>
        runSoak(benchDb.url, dataDir, report, {
          seconds,
          variants: [
            { label: "as npm start serves it", env: {} },
            // The baseline: the same server with glibc's malloc defaults.
            { label: "glibc malloc defaults", env: Object.fromEntries(Object.keys(MALLOC_DEFAULTS).map((k) => [k, undefined])) },
          ],
        }),
      );
    }
  }
} finally {
  await db.$disconnect();
  await pool.end();
  await benchDb.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
}

process.stdout.write(`\n${report.table()}\n`);
const file = report.write();
process.stdout.write(
  `\nwritten to ${file} and bench/results/latest.json · ${((performance.now() - started) / 1000).toFixed(0)} s in all\n`,
);
