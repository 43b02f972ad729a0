// `npm start`: validate config, bring up the database (embedded by default), apply
// migrations, build the Remix app, then serve it with remix-serve.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { loadEnvOrExit } from "./load-env";
import { chooseAdapters, describeAdapters, localAuthProblems, productionProblems } from "../env";
import { getLogger } from "../logger";
import { openMigratedDatabase } from "./database";

const require = createRequire(import.meta.url);
const env = loadEnvOrExit();
const logger = getLogger();
const choice = chooseAdapters(env);

const refused = productionProblems(env, choice);
if (refused.length) {
  process.stderr.write(`Refusing to start in production on embedded defaults:\n${refused.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}
const exposed = localAuthProblems(env, choice);
if (exposed.length) {
  process.stderr.write(`Refusing to start:\n${exposed.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}

const t0 = performance.now();
const db = await openMigratedDatabase(env, logger).catch((e: Error) => {
  logger.fatal({ err: e }, "database could not be started");
  process.exit(1);
});

const skipBuild = process.argv.includes("--no-build") && fs.existsSync("build/index.js");
if (!skipBuild) {
  const remix = require.resolve("@remix-run/dev/dist/cli.js");
  const built = spawnSync(process.execPath, [remix, "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) {
    logger.fatal("remix build failed");
    await db.stop();
    process.exit(1);
  }
}

logger.info(describeAdapters(env, choice));

const serve = require.resolve("@remix-run/serve/dist/cli.js");
const child = spawn(process.execPath, [serve, "build/index.js"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    APP_ENV: env.NODE_ENV,
    DATABASE_URL: db.url,
    DIRECT_URL: db.directUrl,
    HOST: env.HOST,
    PORT: String(env.PORT),
  },
});
logger.info({ url: `http://${env.HOST}:${env.PORT}`, ms: Math.round(performance.now() - t0) }, "serving");

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
child.on("exit", async (code) => {
  await db.stop().catch(() => {});
  process.exit(code ?? 0);
});
