import type { ServerBuild } from "@remix-run/node";
import { EnvError, getEnv } from "../env";
import { getLogger } from "../logger";
import { closeGracefully, createAppServer } from "./app-server";
import { getServices } from "../services";
import { startGenerationWorkers, type GenerationWorkers } from "../generations/worker-runtime";

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
  // Generation workers run in the app process unless WORKER_CONCURRENCY=0 (web only;
  // `npm run worker` processes do the work then).
  const workers: Promise<GenerationWorkers | null> =
    env.WORKER_CONCURRENCY > 0
      ? startGenerationWorkers(getServices(), { concurrency: env.WORKER_CONCURRENCY }).catch((e: unknown) => {
          logger.fatal({ err: e }, "could not start the generation workers");
          process.exit(1);
        })
      : Promise.resolve(null);
  server.on("error", (e) => {
    logger.fatal({ err: e }, "could not listen");
    process.exit(1);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, async () => {
      await closeGracefully(server);
      // Running jobs finish (or, past the grace period, go back to the queue).
      await (await workers)?.stop();
      process.exit(0);
    });
  }
}
