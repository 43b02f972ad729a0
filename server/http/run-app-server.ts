import type { ServerBuild } from "@remix-run/node";
import { EnvError, getEnv } from "../env";
import { getLogger } from "../logger";
import { closeGracefully, createAppServer } from "./app-server";

/** Listens on HOST:PORT with the given build until SIGTERM/SIGINT. */
export function runAppServer(build: ServerBuild): void {
  let env;
  try {
    env = getEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`${e.message}\n\nSee .env.example for what each variable means.\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = getLogger();
  const server = createAppServer({ build, logger, trustProxy: env.TRUST_PROXY, mode: "production" }); // the build is always a production build (npm start builds it so)
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
}
