import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { pgConfigFromUrl, schemaFromUrl } from "./pg-config";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";
export type { GenerationStatus, ModerationStage } from "./generated/enums";

export type CreateDbOptions = { url: string; max?: number };

/** A Prisma client over a pg pool, with no native query engine (driver-adapter mode). */
export function createDb({ url, max = 10 }: CreateDbOptions): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ ...pgConfigFromUrl(url), max, idleTimeoutMillis: 30_000 });
  const schema = schemaFromUrl(url);
  const adapter = new PrismaPg(pool, schema ? { schema } : undefined);
  const db = new PrismaClient({ adapter });
  return { db, pool };
}
