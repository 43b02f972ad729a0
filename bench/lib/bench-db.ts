// A fresh, migrated database for one bench run: on DATABASE_URL's server if set, else
// on an embedded PostgreSQL of the bench's own (./data/bench-postgres), as `npm start` would.
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../server/adapters/db/embedded-postgres";
import { migrateDatabase } from "../../server/adapters/db/migrate";
import { withDatabaseName } from "../../server/adapters/db/pg-config";

export type BenchDb = { url: string; adminUrl: string; stop: () => Promise<void> };

export async function openBenchDb(): Promise<BenchDb> {
  let adminUrl: string;
  let stopServer = async () => {};
  if (process.env.BENCH_DATABASE_URL) {
    adminUrl = withDatabaseName(process.env.BENCH_DATABASE_URL, "postgres");
  } else {
    const handle = await startEmbeddedPostgres({
      dataDir: path.join("data", "bench-postgres"),
      port: Number(process.env.BENCH_PG_PORT ?? 54460),
      database: "postgres",
    });
    adminUrl = handle.url;
    stopServer = handle.stop;
  }
  const name = `studio_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabaseName(adminUrl, name);
  await migrateDatabase(url);
  return {
    url,
    adminUrl,
    stop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await stopServer();
    },
  };
}
