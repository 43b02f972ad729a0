// Resolves the database for a CLI: DATABASE_URL if set, else the embedded server.
import type { Logger } from "pino";
import type { Env } from "../env";
import { startEmbeddedPostgres } from "../adapters/db/embedded-postgres";
import { migrateDatabase } from "../adapters/db/migrate";
import path from "node:path";

export type DatabaseHandle = {
  url: string;
  directUrl: string;
  /** The embedded cluster's folder (DATA_DIR/postgres, or where root had to keep it). */
  embeddedDataDir?: string;
  stop: () => Promise<void>;
};

export async function openDatabase(env: Env, logger: Logger): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, directUrl: env.DIRECT_URL ?? env.DATABASE_URL, stop: async () => {} };
  }
  const started = performance.now();
  const handle = await startEmbeddedPostgres({
    dataDir: path.join(env.DATA_DIR, "postgres"),
    port: env.EMBEDDED_PG_PORT,
    database: "studio",
    fallbackDir: env.EMBEDDED_PG_FALLBACK_DIR,
    onLog: (line) => logger.debug({ postgres: line.trim() }, "embedded postgres"),
    onNotice: (message) => logger.info(message),
  });
  if (handle.relocatedBecause) {
    const { dir, mode } = handle.relocatedBecause;
    logger.info(
      `embedded postgres keeps its data in ${handle.dataDir}: it runs as the "postgres" user under root, and that user cannot enter ${dir} (mode ${mode.toString(8)})`,
    );
  }
  logger.info(
    { ms: Math.round(performance.now() - started), port: env.EMBEDDED_PG_PORT, dataDir: handle.dataDir },
    "embedded postgres ready",
  );
  return { url: handle.url, directUrl: handle.url, embeddedDataDir: handle.dataDir, stop: handle.stop };
}

export async function openMigratedDatabase(env: Env, logger: Logger): Promise<DatabaseHandle> {
  const db = await openDatabase(env, logger);
  try {
    const started = performance.now();
    const applied = await migrateDatabase(db.url, { directUrl: db.directUrl });
    if (applied.length) logger.info({ applied, ms: Math.round(performance.now() - started) }, "migrations applied");
    return db;
  } catch (e) {
    await db.stop();
    throw e;
  }
}
