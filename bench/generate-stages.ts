// Times one generation on the local provider, split by stage, on a real PostgreSQL: queued
// through `generate`, rendered by a worker in this process, timings read from the row.
//   npx tsx bench/generate-stages.ts [runs]      (BENCH_ADMIN_URL overrides the server)
// Creates a scratch database, migrates it, runs the pipeline, prints medians, drops it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "../server/adapters/db/migrate";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { createServices } from "../server/services";
import { createContextInner } from "../server/trpc/context";
import { createCaller } from "../server/trpc/root";
import { startGenerationWorkers } from "../server/generations/worker-runtime";

const runs = Number(process.argv[2] ?? 10);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `bench_pipeline_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-images-"));
try {
  await migrateDatabase(url.toString());
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: url.toString(), DATA_DIR: dataDir, RATE_LIMITS: "generate:100000" });
  const services = createServices({ env, databaseUrl: url.toString(), logger: createLogger({ level: "silent" }) });
  const workers = await startGenerationWorkers(services, { concurrency: 1, reconcileEveryMs: 0 });
  await services.db.user.create({ data: { id: "bench", name: "bench", dailyGenLimit: 100_000 } });
  const caller = createCaller(
    createContextInner({
      services,
      user: { id: "bench", name: "bench", email: null, imageUrl: null, dailyGenLimit: 100_000, via: "test" },
    }),
  );
  const rows: Array<Record<string, number>> = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const { generations } = await caller.generate({
      prompt: `a lighthouse on a rocky island at sunset ${i}`,
      style: "digital-art",
      wait: true,
    });
    const wall = performance.now() - t;
    const r = await services.db.generation.findUniqueOrThrow({ where: { id: generations[0]!.id } });
    if (i > 0)
      rows.push({ optimize: r.optimizeMs!, render: r.renderMs!, store: r.storeMs!, total: r.generationDuration!, wall: Math.round(wall) });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const keys = Object.keys(rows[0]!);
  const out = Object.fromEntries(
    keys.map((k) => [
      k,
      { median: median(rows.map((r) => r[k]!)), min: Math.min(...rows.map((r) => r[k]!)), max: Math.max(...rows.map((r) => r[k]!)) },
    ]),
  );
  process.stdout.write(
    `local provider, 1:1 (1024x1024), ${runs} runs after one warm-up (ms; wall = generate with wait: true):\n${JSON.stringify(out, null, 2)}\n`,
  );
  await workers.stop();
  await services.close();
} finally {
  await new Promise((r) => setTimeout(r, 300));
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await fs.rm(dataDir, { recursive: true, force: true });
}
