// `npm run bench`: every figure in one run, one table, one JSON file under
// bench/results/. `npm run bench -- --only enqueue,feed` runs a subset.
//   figures: enqueue (1), feed (2), throughput (3 + memory 5), limits (4), weight (6), soak (7),
//            pickup (8), workers (9); "generate" is the old name of enqueue
// Env: BENCH_DATABASE_URL (a server to make the scratch database on; default an embedded
// PostgreSQL in ./data/bench-postgres on BENCH_PG_PORT=54460), BENCH_DURATION (s per load run, 10),
// BENCH_ROWS (rows for figure 2, 1,000,000), BENCH_REDIS_URL (figure 4, redis://127.0.0.1:6379),
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
import { buildApp, runThroughput, serveApp, type Served } from "./throughput";
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
    await step(report, "load", 300_000, async () => {
      const loadMs = await bulkLoad(benchDb.url, rows);
      report.add("feed", `bulk load ${rows.toLocaleString("en")} generations (SQL)`, `${(loadMs / 1000).toFixed(1)} s`);
    });
  }
  if (only.has("feed")) {
    await step(report, "feed", 180_000, () => runFeedDepth(db, benchDb.url, report));
  }
  if (only.has("search")) {
    await step(report, "search", 240_000, () => runSearchAndSorts(db, benchDb.url, report));
  }
  if (only.has("throughput") || only.has("weight")) {
    let app: Served | undefined;
    const ready =
      (await step(report, "build", 180_000, async () => buildApp())) &&
      (await step(report, "serve", 60_000, async () => {
        // Anonymous callers get 60 reads a minute per IP, which a 64-connection run from one
        // address spends in a second: the load comes from a signed-in caller (API token)
        // with RATE_LIMITS raising the read limit, so auth and the limit check still run.
        app = await serveApp(benchDb.url, dataDir, { RATE_LIMITS: "read:1000000000" });
      }));
    try {
      if (ready && app && only.has("throughput")) {
        const served = app;
        await step(report, "throughput", 30_000 + duration * 8_000, async () => {
          await db.user.create({ data: { id: "bench-reader", name: "Bench reader" } });
          const { token } = await createApiToken(db, "bench-reader", "bench");
          await runThroughput(served, benchDb.url, report, {
            duration,
            ssrPath: "/discover",
            headers: { authorization: `Bearer ${token}` },
          });
        });
      }
      if (ready && app && only.has("weight")) {
        const served = app;
        await step(report, "weight", 120_000, () => runWeight(served, benchDb.url, dataDir, report));
      }
    } finally {
      await app?.stop();
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
