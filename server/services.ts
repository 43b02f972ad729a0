// The adapters this process uses, chosen once from the validated env. Procedures and
// loaders get them through the tRPC context; tests build their own with createServices.
import type { Logger } from "pino";
import type pg from "pg";
import { chooseAdapters, getEnv, preparedStatementsOn, type AdapterChoice, type Env } from "./env";
import { getLogger } from "./logger";
import { createDb, type Db } from "./adapters/db/client";
import { usePreparedStatements } from "./adapters/db/sql";
import { createLimiterStore, type LimiterStore } from "./adapters/limiter";
import { createAuthPort, type AuthPort } from "./adapters/auth";
import { createModelPort } from "./adapters/models/create-model-port";
import type { ModelPort } from "./adapters/models/model-port";
import { createStorage } from "./adapters/storage/create-storage";
import type { StoragePort } from "./adapters/storage/storage-port";
import { createProgressPort, type ProgressPort } from "./adapters/progress";

export type Services = {
  env: Env;
  adapters: AdapterChoice;
  logger: Logger;
  db: Db;
  /** The pg pool under db, for the hot paths that skip Prisma (server/adapters/db/sql.ts). */
  pool: pg.Pool;
  /** Counters for per-minute rate limits (Upstash, Redis or PostgreSQL). */
  limiter: LimiterStore;
  /** How a request proves its user (Clerk or local sessions). */
  auth: AuthPort;
  storage: StoragePort;
  models: ModelPort;
  /** Live generation progress (Redis Streams shared by every instance, or in-process). */
  progress: ProgressPort;
  /** The database's URL (the job queue's workers open their own pool on it); absent when a test passed its own db. */
  databaseUrl: string | undefined;
  /** Releases pools and connections (tests, graceful shutdown). */
  close: () => Promise<void>;
};

export type ServiceOverrides = Partial<Omit<Services, "close" | "databaseUrl">> & { databaseUrl?: string };

export function createServices(overrides: ServiceOverrides = {}): Services {
  const env = overrides.env ?? getEnv();
  const logger = overrides.logger ?? getLogger();
  const url = overrides.databaseUrl ?? env.DATABASE_URL;
  if (!overrides.db && !url) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which starts the embedded database");
  }
  if (overrides.db && !overrides.pool) throw new Error("a db override needs its pool too");
  usePreparedStatements(preparedStatementsOn({ PG_PREPARED_STATEMENTS: env.PG_PREPARED_STATEMENTS, DATABASE_URL: url }));
  const owned = overrides.db ? undefined : createDb({ url: url! });
  const db = overrides.db ?? owned!.db;
  const pool = overrides.pool ?? owned!.pool;
  const adapters = overrides.adapters ?? chooseAdapters(env);
  const limiter = overrides.limiter ?? createLimiterStore(env, adapters.limiter, logger, pool);
  const progress = overrides.progress ?? createProgressPort(env, adapters.progress, logger);
  return {
    env,
    adapters,
    logger,
    db,
    pool,
    limiter,
    auth: overrides.auth ?? createAuthPort(env, adapters.auth),
    storage: overrides.storage ?? createStorage(env, adapters.storage),
    models: overrides.models ?? createModelPort(env, adapters.models),
    progress,
    databaseUrl: url,
    close: async () => {
      if (!overrides.progress) await progress.close();
      if (!overrides.limiter) await limiter.close();
      if (owned) {
        await owned.db.$disconnect();
        await owned.pool.end();
      }
    },
  };
}

let singleton: Services | undefined;

export function getServices(): Services {
  singleton ??= createServices();
  return singleton;
}
