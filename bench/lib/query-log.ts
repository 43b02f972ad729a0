// A Prisma client (same driver adapter as the app's) that records every statement it
// sends, with its parameters: what a bench counts (statements of a bulk delete) or
// EXPLAINs (the very statement a feed sends).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../server/adapters/db/generated/client";
import { pgConfigFromUrl } from "../../server/adapters/db/pg-config";
import type { Db } from "../../server/adapters/db/client";

export type LoggedStatement = { query: string; params: unknown[] };

export function loggingDb(url: string): { db: Db; statements: LoggedStatement[]; wire: string[]; stop: () => Promise<void> } {
  const pool = new pg.Pool({ ...pgConfigFromUrl(url), max: 4 });
  // Every statement text that reaches PostgreSQL, transaction control included (Prisma's
  // log leaves out the BEGIN of an interactive transaction).
  const wire: string[] = [];
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      wire.push(typeof first === "string" ? first : String((first as { text?: string })?.text ?? ""));
      return query(...args);
    };
  });
  const client = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  const statements: LoggedStatement[] = [];
  client.$on("query", (e) => {
    let params: unknown[] = [];
    try {
      params = JSON.parse(e.params) as unknown[];
    } catch {
      // Not JSON: left empty.
    }
    statements.push({ query: e.query, params });
  });
  return {
    db: client as unknown as Db,
    statements,
    wire,
    stop: async () => {
      await client.$disconnect();
      await pool.end();
    },
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a logged statement, on a connection of its own. */
export async function explainStatement(url: string, s: LoggedStatement, settings: string[] = []): Promise<string> {
  const c = new pg.Client(pgConfigFromUrl(url));
  await c.connect();
  try {
    for (const set of settings) await c.query(set);
    const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${s.query}`, s.params);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await c.end();
  }
}
