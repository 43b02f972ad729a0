// The adapters this process uses, chosen once from the validated env. Procedures and
// loaders get them through the tRPC context; tests build their own with createServices.
import type { Logger } from "pino";
import { chooseAdapters, getEnv, type AdapterChoice, type Env } from "./env";
import { getLogger } from "./logger";
import { createDb, type Db } from "./adapters/db/client";

export type Services = {
  env: Env;
  adapters: AdapterChoice;
  logger: Logger;
  db: Db;
  /** Releases pools and connections (tests, graceful shutdown). */
  close: () => Promise<void>;
};

export type ServiceOverrides = Partial<Omit<Services, "close">> & { databaseUrl?: string };

export function createServices(overrides: ServiceOverrides = {}): Services {
  const env = overrides.env ?? getEnv();
  const logger = overrides.logger ?? getLogger();
  const url = overrides.databaseUrl ?? env.DATABASE_URL;
  if (!overrides.db && !url) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which starts the embedded database");
  }
  const owned = overrides.db ? undefined : createDb({ url: url! });
  const db = overrides.db ?? owned!.db;
  return {
    env,
    adapters: overrides.adapters ?? chooseAdapters(env),
    logger,
    db,
    close: async () => {
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
