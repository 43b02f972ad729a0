// `npm run bench`: every figure of issue 6 in one run, one table, one JSON file under
// bench/results/. `npm run bench -- --only generate,feed` runs a subset.
//   figures: generate (1), feed (2), throughput (3 + memory 5), limits (4), weight (6)
// Env: BENCH_DATABASE_URL (a server to make the scratch database on; default an embedded
// PostgreSQL in ./data/bench-postgres on BENCH_PG_PORT=54460), BENCH_DURATION (s per load run, 10),
// BENCH_ROWS (rows for figure 2, 1,000,000), BENCH_REDIS_URL (figure 4, redis://127.0.0.1:6379).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "../server/adapters/db/client";
import { openBenchDb } from "./lib/bench-db";
import { Report } from "./lib/report";
import { bulkLoad, runFeedDepth, TOTAL_ROWS } from "./feed-depth";
import { runGenerateOverhead } from "./generate-overhead";
import { buildApp, runThroughput, serveApp } from "./throughput";

const FIGURES = ["generate", "feed", "throughput", "limits", "weight"] as const;
type Figure = (typeof FIGURES)[number];

function parseOnly(argv: string[]): Set<Figure> {
  const i = argv.indexOf("--only");
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--only="))?.slice(7);
  if (!raw) return new Set(FIGURES);
  const picked = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = picked.filter((p) => !(FIGURES as readonly string[]).includes(p));
  if (unknown.length) {
    process.stderr.write(`unknown figure(s): ${unknown.join(", ")}; choose from ${FIGURES.join(", ")}\n`);
    process.exit(2);
  }
  return new Set(picked as Figure[]);
}

/** Runs one figure with a deadline, so one stuck figure cannot hold the run. */
async function step(report: Report, name: string, limitMs: number, fn: () => Promise<void>) {
  process.stdout.write(`\n▶ ${name}\n`);
  const t = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${limitMs / 1000} s`)), limitMs))),
    ]);
  } catch (e) {
    report.add(name, "error", "n/a", (e as Error).message.split("\n")[0]);
    report.record(`${name}Error`, String((e as Error).stack ?? e));
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
process.stdout.write(`bench: ${[...only].join(", ")} · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}) · load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
report.record("loadAverageAtStart", os.loadavg());

const benchDb = await openBenchDb();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-data-"));
const { db, pool } = createDb({ url: benchDb.url });
try {
  if (only.has("generate")) {
    await step(report, "generate", 180_000, () => runGenerateOverhead(benchDb.url, report));
  }
  // Figures 2 and 3 read the same 1,000,000-row table.
  if (only.has("feed") || only.has("throughput")) {
    await step(report, "load", 300_000, async () => {
      const loadMs = await bulkLoad(benchDb.url, rows);
      report.add("feed", `bulk load ${rows.toLocaleString("en")} generations (SQL)`, `${(loadMs / 1000).toFixed(1)} s`);
    });
  }
  if (only.has("feed")) {
    await step(report, "feed", 180_000, () => runFeedDepth(db, benchDb.url, report));
  }
  if (only.has("throughput") || only.has("weight")) {
    await step(report, "build", 180_000, async () => buildApp());
  }
  if (only.has("throughput")) {
    await step(report, "throughput", 30_000 + duration * 8_000, async () => {
      const app = await serveApp(benchDb.url, dataDir);
      try {
        await runThroughput(app, benchDb.url, report, { duration, ssrPath: null, ssrMissing: "needs the web branch's /discover page" });
      } finally {
        await app.stop();
      }
    });
  }
  if (only.has("limits")) {
    report.add("limits", "rate limit + daily quota check (median/p99)", "n/a (needs identity)");
  }
  if (only.has("weight")) {
    report.add("weight", "page weight of /discover and /create", "n/a (needs web)");
  }
} finally {
  await db.$disconnect();
  await pool.end();
  await benchDb.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
}

process.stdout.write(`\n${report.table()}\n`);
const file = report.write();
process.stdout.write(`\nwritten to ${file} and bench/results/latest.json · ${((performance.now() - started) / 1000).toFixed(0)} s in all\n`);
