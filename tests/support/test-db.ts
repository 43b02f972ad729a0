// Each test file gets its own database, cloned from the run's migrated template.
import pg from "pg";
import { inject } from "vitest";
import { createServices, type Services } from "../../server/services";
import { createLogger } from "../../server/logger";
import { parseEnv } from "../../server/env";
import { withDatabaseName } from "../../server/adapters/db/pg-config";
import { startGenerationWorkers } from "../../server/generations/worker-runtime";

let counter = 0;

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("pgAdminUrl");
  const name = `studio_test_${inject("runId")}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Cloning a template fails if another clone of it is in progress: serialise.
  await admin.query("SELECT pg_advisory_lock(727274)");
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
  } finally {
    await admin.query("SELECT pg_advisory_unlock(727274)");
    await admin.end();
  }
  return {
    url: withDatabaseName(adminUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // pg's pool.end() resolves before its sockets finish closing; a FORCE drop that
      // lands meanwhile kills them with 57P01, which surfaces as an uncaught error.
      for (let i = 0; i < 40; i++) {
        const { rows } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export type TestServices = Services & { databaseUrl: string; dispose: () => Promise<void> };

/**
 * Real services on a fresh, migrated database of this file's own; with `workers`, that many
 * generation workers run in this process (as in the app), stopped by dispose().
 */
export async function createTestServices(
  envOverrides: Record<string, string> = {},
  opts: { workers?: number } = {},
): Promise<TestServices> {
  const database = await createTestDatabase();
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: database.url, ...envOverrides });
  const services = createServices({ env, databaseUrl: database.url, logger: createLogger({ level: "silent" }) });
  const workers = opts.workers ? await startGenerationWorkers(services, { concurrency: opts.workers, pollIntervalMs: 500 }) : null;
  return Object.assign(services, {
    databaseUrl: database.url,
    dispose: async () => {
      await workers?.stop();
      await services.close();
      await database.drop();
    },
  });
}
