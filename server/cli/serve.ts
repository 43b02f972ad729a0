// Serves a built app (build/index.js) with server/http/app-server.ts. `npm start` runs
// this after preparing the database; tests and benchmarks run it the same way.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { loadEnvOrExit } from "./load-env";
import { getLogger } from "../logger";
import { closeGracefully, createAppServer } from "../http/app-server";

const env = loadEnvOrExit();
const logger = getLogger();
const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const server = createAppServer({ build, logger, trustProxy: env.TRUST_PROXY, mode: process.env.NODE_ENV ?? "production" });
server.listen(env.PORT, env.HOST, () => logger.info({ url: `http://${env.HOST}:${env.PORT}` }, "listening"));
server.on("error", (e) => {
  logger.fatal({ err: e }, "could not listen");
  process.exit(1);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    await closeGracefully(server);
    process.exit(0);
  });
}
