import type { PoolConfig } from "pg";

/**
 * Turns a postgres:// URL into discrete pg settings. PrismaPg ignores a database
 * override when given a connectionString, so every caller passes fields instead.
 */
export function pgConfigFromUrl(url: string): PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
  };
}

/** The Postgres schema named by `?schema=` (Prisma's convention), if any. */
export function schemaFromUrl(url: string): string | undefined {
  return new URL(url).searchParams.get("schema") ?? undefined;
}

/** The same server URL, pointing at another database. */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
