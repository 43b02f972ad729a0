import type { ServerBuild } from "@remix-run/node";
import type { Logger } from "pino";
import sharp from "sharp";
import { dataDirProblem, EnvError, getEnv, startRefusal } from "../env";
import { getLogger } from "../logger";
import { closeGracefully, createAppServer } from "./app-server";
import { getServices } from "../services";
import { startGenerationWorkers, type GenerationWorkers } from "../generations/worker-runtime";
import { V8_FLAGS } from "./v8-flags";

/** How long an uncaught exception leaves requests in flight to finish before the process exits. */
const FATAL_DRAIN_MS = 10_000;

/**
 * Last-resort handlers (docs/decisions/0011-provider-faults-stay-in-the-request.md):
 * - a rejected promise nobody handled is logged and the server keeps serving: it has
 *   unwound its own stack, so no shared state is half-updated;
 * - an uncaught exception may have left anything half-done, so the server stops accepting,
 *   gives requests in flight `drainMs` to finish, and exits 1 for its supervisor to restart it.
 */
export function installProcessSafetyNets(logger: Logger, drain: () => Promise<void>, drainMs = FATAL_DRAIN_MS): void {
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: reason }, "unhandled promise rejection (kept serving)");
  });
  let exiting = false;
  process.on("uncaughtException", (err, origin) => {
    logger.fatal(
      { err, origin },
      exiting ? "uncaught exception while draining" : "uncaught exception: draining requests in flight, then exiting",
    );
    if (exiting) return;
    exiting = true;
    setTimeout(() => process.exit(1), drainMs).unref();
    drain().then(
      () => process.exit(1),
      () => process.exit(1),
    );
  });
}

/** Listens on HOST:PORT with the given build (and tRPC's fetch handler) until SIGTERM/SIGINT. */
export function runAppServer(build: ServerBuild, trpc: (req: Request) => Promise<Response>): void {
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
  // The same refusals as npm start: `node build/index.js` is a way in too.
  const refusal = startRefusal(env) ?? dataDirProblem(env);
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exit(1);
  }
  const logger = getLogger();
  // libvips' operation cache (up to 50 MiB by default) keeps results for reuse; every picture
  // here is new, so it only held memory (docs/decisions/0014-memory-under-load.md).
  sharp.cache(false);
  if (process.platform === "linux" && (!env.MALLOC_ARENA_MAX || !env.MALLOC_MMAP_THRESHOLD_)) {
    logger.warn(
      "memory: start the server with MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576 (npm start does) or it keeps far more memory after load; see README",
    );
  }
  if (!V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
    logger.info(
      `memory and speed: \`node ${V8_FLAGS.join(" ")} build/index.js\` (as npm start runs it) keeps requests after an idle spell as fast as before it and the heap's peak about a third lower; see README`,
    );
  }
  // The build is always a production build (npm start builds it so).
  const server = createAppServer({ build, logger, trustProxy: env.TRUST_PROXY, mode: "production", trpc, publicCache: env.PUBLIC_CACHE });
  installProcessSafetyNets(logger, () => closeGracefully(server, FATAL_DRAIN_MS - 1000));
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
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await closeGracefully(server);
    // Running jobs finish (or, past the grace period, go back to the queue).
    await (await workers)?.stop();
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, stop);
  // Started by `npm start` (an IPC channel to it): when that process ends, however it ends,
  // stop as if told to, rather than serve on as an orphan holding the port.
  if (process.channel) {
    process.once("disconnect", () => {
      logger.warn("npm start ended: stopping the server");
      void stop();
    });
    process.channel.unref();
  }
}
