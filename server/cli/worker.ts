// `npm run worker`: generation workers only, no HTTP. Run any number of them, on any
// machine with the same DATABASE_URL and storage settings; they share one queue. With the
// embedded database it joins the server `npm start` runs (or starts it).
//   npm run worker -- --concurrency 4     (default WORKER_CONCURRENCY, or 2 when that is 0)
import path from "node:path";
import { loadEnvOrExit } from "./load-env";
import { dataDirProblem, describeAdapters } from "../env";
import { getLogger } from "../logger";
import { openMigratedDatabase } from "./database";
import { runningEmbeddedUrl } from "../adapters/db/embedded-postgres";
import { createServices } from "../services";
import { startGenerationWorkers } from "../generations/worker-runtime";
import { installProcessSafetyNets } from "../http/run-app-server";

const env = loadEnvOrExit();
const logger = getLogger();
const flag = process.argv.indexOf("--concurrency");
const concurrency = flag >= 0 ? Number(process.argv[flag + 1]) : env.WORKER_CONCURRENCY || 2;
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
  process.stderr.write("usage: npm run worker -- [--concurrency <1..64>]\n");
  process.exit(2);
}

// It writes the pictures (disk storage) and perhaps the database there, as npm start does.
const dataDirRefusal = dataDirProblem(env);
if (dataDirRefusal) {
  process.stderr.write(`${dataDirRefusal}\n`);
  process.exit(1);
}

const joined = env.DATABASE_URL
  ? null
  : runningEmbeddedUrl({ dataDir: path.join(env.DATA_DIR, "postgres"), port: env.EMBEDDED_PG_PORT, database: "studio" });
const database = joined ? { url: joined, stop: async () => {} } : await openMigratedDatabase(env, logger);
if (!joined && !env.DATABASE_URL) {
  // This worker owns the embedded database now, and stops it when it ends.
  logger.warn(
    "no `npm start` is running on this data folder: this worker started the embedded PostgreSQL itself, " +
      "and `npm start` cannot share it until the worker stops. Start `npm start` first and the worker joins it.",
  );
}
const services = createServices({ env, databaseUrl: database.url });
logger.info(describeAdapters({ ...env, WORKER_CONCURRENCY: concurrency }).replace(/ in this process(;|$)/, " in this process (no HTTP)$1"));
const workers = await startGenerationWorkers(services, { concurrency });
// As in the app process: a stray rejection is logged, an uncaught exception ends the process
// (after the jobs had a moment) — its jobs come back through their leases.
installProcessSafetyNets(logger, () => workers.stop());

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  logger.info("stopping: running jobs finish or go back to the queue");
  await workers.stop();
  await services.close();
  await database.stop();
  process.exit(0);
}
// embedded-postgres installs its own exit hooks when this process started the server;
// this process owns the order instead (see server/cli/start.ts).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => void shutdown());
}
