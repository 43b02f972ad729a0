// Statements built with Prisma.sql (parameters, never string concatenation), run straight
// on the pg pool under Prisma: for the few hot paths where Prisma's per-query cost (about
// 0.6–0.9 ms of query compilation and protocol on the event loop) is most of the time —
// enqueueing a generation and the per-minute limit (bench figures 1 and 4).
import { createHash } from "node:crypto";
import type pg from "pg";
import type { Prisma } from "./client";

export type SqlRunner = <T>(sql: Prisma.Sql) => Promise<T[]>;

/**
 * Statements run as named prepared statements (unless PG_PREPARED_STATEMENTS=false): each
 * connection parses and plans one once, then only binds and executes it (an unnamed
 * statement is planned on every call; for the picture page's statement that was ~1.5 ms of
 * PostgreSQL's CPU a request). The name is a digest of the text, so the same text is the
 * same statement on any connection. Behind a transaction-mode pooler (PgBouncer before
 * 1.21, some hosted poolers) a statement prepared on one server connection is not there on
 * the next: turn them off there.
 */
export function pgRunner(client: pg.Pool | pg.PoolClient): SqlRunner {
  return async <T>(sql: Prisma.Sql) => (await client.query(statement(sql.text, sql.values as unknown[]))).rows as T[];
}

let prepared = true;

/** Whether statements are prepared by name (createServices sets it from PG_PREPARED_STATEMENTS). */
export function usePreparedStatements(enabled: boolean): void {
  prepared = enabled;
}

/** A query config: named (prepared once per connection) when prepared statements are on. */
export function statement(text: string, values: unknown[], name?: string): pg.QueryConfig {
  return prepared ? { name: name ?? statementName(text), text, values } : { text, values };
}

const names = new Map<string, string>();
const MAX_NAMES = 2000;

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s_${createHash("sha1").update(text).digest("base64url")}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * BEGIN … COMMIT on one pooled connection; ROLLBACK if `work` throws. `begin` may replace
 * the BEGIN with a parameterless script that starts with it (e.g. BEGIN plus a lock), to
 * save a round trip.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (run: SqlRunner) => Promise<T>, begin = "BEGIN"): Promise<T> {
  if (!/^BEGIN\b/.test(begin)) throw new Error("a transaction script must start with BEGIN");
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(pgRunner(client));
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
