// `npm run reconcile`: one pass of the reconciler (server/generations/reconcile.ts) — dead
// workers' jobs released and retried or failed (refunded), overdue rows failed, stored
// files without a succeeded row removed — then prints what it did. Safe to run while the
// app and workers run (every process with workers also runs it every RECONCILE_INTERVAL_MS).
import path from "node:path";
import { loadEnvOrExit } from "./load-env";
import { getLogger } from "../logger";
import { openMigratedDatabase } from "./database";
import { runningEmbeddedUrl } from "../adapters/db/embedded-postgres";
import { createServices } from "../services";
import { reconcile } from "../generations/reconcile";

const env = loadEnvOrExit();
const logger = getLogger();
const joined = env.DATABASE_URL
  ? null
  : runningEmbeddedUrl({ dataDir: path.join(env.DATA_DIR, "postgres"), port: env.EMBEDDED_PG_PORT, database: "studio" });
const database = joined ? { url: joined, stop: async () => {} } : await openMigratedDatabase(env, logger);
const services = createServices({ env, databaseUrl: database.url });
let code = 0;
try {
  const report = await reconcile(services);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (e) {
  logger.error({ err: e }, "reconcile failed");
  code = 1;
} finally {
  await services.close();
  await database.stop();
}
process.exit(code);
