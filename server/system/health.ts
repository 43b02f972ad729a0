import type { Db } from "../adapters/db/client";
import pkg from "../../package.json";

export type Health = {
  ok: boolean;
  version: string;
  database: { ok: boolean; latencyMs: number; error?: string };
  uptimeSeconds: number;
};

export async function checkHealth(db: Db, options: { includeDatabase?: boolean } = {}): Promise<Health> {
  const started = performance.now();
  let database: Health["database"];
  if (options.includeDatabase === false) {
    return { ok: true, version: pkg.version, database: { ok: true, latencyMs: 0 }, uptimeSeconds: Math.round(process.uptime()) };
  }
  try {
    await db.$queryRaw`SELECT 1`;
    database = { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    database = { ok: false, latencyMs: Math.round(performance.now() - started), error: "database unreachable" };
  }
  return { ok: database.ok, version: pkg.version, database, uptimeSeconds: Math.round(process.uptime()) };
}
