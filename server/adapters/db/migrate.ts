// Applies prisma/migrations with the standard `prisma migrate deploy`, then the job
// queue's own schema (graphile-worker's migrations, in schema graphile_worker, which
// Prisma does not manage). A database that already has every Prisma migration is
// detected with one query, so warm starts skip the CLI.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pgConfigFromUrl } from "./pg-config";
import { migrateQueue } from "../queue/graphile-queue";

const require = createRequire(import.meta.url);

export function migrationNames(root = process.cwd()): string[] {
  const dir = path.join(root, "prisma", "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export async function pendingMigrations(url: string, root = process.cwd()): Promise<string[]> {
  const wanted = migrationNames(root);
  const client = new pg.Client(pgConfigFromUrl(url));
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return wanted.filter((m) => !applied.has(m));
  } catch (e) {
    if ((e as { code?: string }).code === "42P01") return wanted; // no _prisma_migrations yet
    throw e;
  } finally {
    await client.end();
  }
}

export function prismaCli(args: string[], env: Record<string, string>, root = process.cwd()): Promise<{ code: number; output: string }> {
  const bin = require.resolve("prisma/build/index.js", { paths: [root] });
  // A file path, not a URL's pathname: a project in "My Projects" or "Área" would be %-encoded.
  const preload = fileURLToPath(new URL("./prisma-cli-preload.cjs", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", preload, bin, ...args], {
      cwd: root,
      env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrateDatabase(url: string, options: { directUrl?: string; root?: string } = {}): Promise<string[]> {
  const target = options.directUrl ?? url;
  const pending = await pendingMigrations(target, options.root);
  if (pending.length) {
    const { code, output } = await prismaCli(["migrate", "deploy"], { DATABASE_URL: url, DIRECT_URL: target }, options.root);
    if (code !== 0) throw new Error(`prisma migrate deploy failed:\n${output}`);
  }
  await migrateQueue(target);
  return pending;
}
