// Figure 2: a discovery page at depth 0 and after 100,000 rows of a 1,000,000-row table,
// keyset (the app's listDiscovery) vs. OFFSET (what naive apps do), timed in one run.
import pg from "pg";
import type { Db } from "../server/adapters/db/client";
import { listDiscovery } from "../server/generations/feeds";
import { generationViewColumns, generationViewSelect } from "../server/generations/generation-view";
import { ms, ratio, timeInterleaved } from "./lib/stats";
import { REALISTIC_ROWS_SQL } from "./lib/realistic-rows";
import type { Report } from "./lib/report";

export const TOTAL_ROWS = 1_000_000;
const DEPTH = 100_000;
const PAGE = 24;

/** Bulk-loads users and generations with set-based SQL (seconds, not hours). */
export async function bulkLoad(url: string, total = TOTAL_ROWS): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t = performance.now();
  try {
    await c.query(`INSERT INTO "User" (id, name, "dailyGenLimit", "createdAt", "updatedAt")
      SELECT 'bench-user-' || g, 'Bench user ' || g, 10, now(), now() FROM generate_series(1, 1000) g
      ON CONFLICT DO NOTHING`);
    // The search index is built once after the load (as a bulk import would), not kept
    // row by row through a million inserts: the same definition, dropped and made again.
    const { rows: gin } = await c.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'Generation' AND indexdef LIKE '%USING gin%'`,
    );
    for (const i of gin) await c.query(`DROP INDEX "${i.name}"`);
    // Prompts, visibility and likes: bench/lib/realistic-rows.ts. One row a second from
    // 2026-01-01, spread over 1,000 users.
    await c.query(
      `INSERT INTO "Generation" (id, "userId", status, "imageUrl", "thumbnailUrl", "storageKey", "thumbnailKey", width, height,
         "originalPrompt", "betterPrompt", model, provider, style, "aspectRatio", "detailLevel", seed, "isPublic",
         "likeCount", "createdAt", "updatedAt")
       SELECT 'bench' || lpad(g::text, 9, '0'), 'bench-user-' || (1 + g % 1000), 'succeeded',
         '/images/bench/' || g || '.png', '/images/bench/' || g || '.webp', 'bench/' || g || '.png', 'bench/' || g || '.webp',
         1024, 1024, original, better, 'local-preview', 'local', 'photographic', '1:1', 'medium', g, is_public, likes,
         timestamp '2026-01-01' + (g || ' seconds')::interval, now()
       FROM (${REALISTIC_ROWS_SQL}) r`,
      [total],
    );
    for (const i of gin) await c.query(i.def);
    await c.query(`VACUUM ANALYZE "Generation"`);
    // The word dictionary its trigger filled (search plans read its statistics).
    await c.query(`VACUUM ANALYZE "PromptWord"`);
  } finally {
    await c.end();
  }
  return performance.now() - t;
}

async function explain(url: string, sql: string, params: unknown[]): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await c.end();
  }
}

export async function runFeedDepth(db: Db, url: string, report: Report, iterations = 60) {
  const where = { isPublic: true, status: "succeeded" as const };
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];

  // The cursor of the row at depth 100,000, found once (not timed).
  const anchor = await db.generation.findMany({ where, orderBy, skip: DEPTH - 1, take: 1, select: { id: true, createdAt: true } });
  const { encodeCursor } = await import("../server/generations/feeds");
  const deepCursor = encodeCursor(anchor[0]!);

  // Disk-style URLs (no signing round trip), as the embedded default serves them.
  const storage = { viewUrls: async (objects: { key: string }[]) => objects.map((o) => `/images/${o.key}`) };
  const keyset = (cursor?: string) => () => listDiscovery({ db, storage }, null, { cursor, limit: PAGE });
  // The same statement as listDiscovery's, with OFFSET in place of the keyset condition.
  const offset = (skip: number) => () =>
    db.$queryRaw<Array<{ id: string }>>`SELECT ${generationViewColumns} FROM "Generation" g JOIN "User" u ON u.id = g."userId"
      WHERE g."isPublic" = true AND g.status = 'succeeded' ORDER BY g."createdAt" DESC, g.id DESC LIMIT ${PAGE + 1} OFFSET ${skip}`;

  // Same page, both ways: check they agree before timing them.
  const [a, b] = await Promise.all([keyset(deepCursor)(), offset(DEPTH)()]);
  if (a.items[0]?.id !== b[0]?.id) throw new Error(`keyset and OFFSET disagree at depth ${DEPTH}: ${a.items[0]?.id} vs ${b[0]?.id}`);

  const [k0, o0] = await timeInterleaved(iterations, keyset(), offset(0));
  const [kd, od] = await timeInterleaved(iterations, keyset(deepCursor), offset(DEPTH));
  report.add("feed", "keyset depth 0 (median/p99)", `${ms(k0.median)} / ${ms(k0.p99)}`);
  report.add(
    "feed",
    `keyset depth ${DEPTH.toLocaleString("en")} (median/p99)`,
    `${ms(kd.median)} / ${ms(kd.p99)}`,
    `deep÷shallow ${ratio(kd.median, k0.median)}`,
  );
  report.add("feed", "OFFSET depth 0 (median/p99)", `${ms(o0.median)} / ${ms(o0.p99)}`);
  report.add(
    "feed",
    `OFFSET depth ${DEPTH.toLocaleString("en")} (median/p99)`,
    `${ms(od.median)} / ${ms(od.p99)}`,
    `deep÷shallow ${ratio(od.median, o0.median)}`,
  );
  report.add("feed", "OFFSET ÷ keyset at depth", ratio(od.median, kd.median));

  // Before/after of the fixes in feeds.ts: listDiscovery as it was (findMany, keyset as an
  // OR the planner cannot turn into an index range) against the app's, same page, same run.
  const after = { createdAt: anchor[0]!.createdAt, id: anchor[0]!.id };
  const orOnly = () =>
    db.generation.findMany({
      where: { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] },
      orderBy,
      take: PAGE + 1,
      select: generationViewSelect,
    });
  const [ob, kb] = await timeInterleaved(Math.round(iterations / 2), orOnly, keyset(deepCursor));
  report.add(
    "feed",
    `keyset depth ${DEPTH.toLocaleString("en")}: findMany + OR (before) vs app (median)`,
    `${ms(ob.median)} vs ${ms(kb.median)}`,
    `before÷after ${ratio(ob.median, kb.median)}`,
  );
  report.record("feed", {
    depth: DEPTH,
    rows: TOTAL_ROWS,
    keyset0: k0,
    keysetDeep: kd,
    offset0: o0,
    offsetDeep: od,
    keysetDeepOrOnly: ob,
    keysetDeepApp: kb,
  });

  // The plan Postgres picks for the keyset page, so an unused index shows up in the report.
  // The plan of the statement listDiscovery sends (server/generations/feeds.ts), and of the
  // OR form it sent before, kept to show the difference.
  const keysetSql = (orForm: boolean) =>
    `SELECT g.id FROM "Generation" g JOIN "User" u ON u.id = g."userId" WHERE g."isPublic" = true AND g.status = 'succeeded'
       AND ${orForm ? `(g."createdAt" < $1::timestamp OR (g."createdAt" = $1::timestamp AND g.id < $2))` : `(g."createdAt", g.id) < (($1::timestamptz AT TIME ZONE 'UTC'), $2)`}
       ORDER BY g."createdAt" DESC, g.id DESC LIMIT ${PAGE + 1}`;
  const params = [anchor[0]!.createdAt.toISOString(), anchor[0]!.id];
  const plan = await explain(url, keysetSql(false), params);
  const orOnlyPlan = await explain(url, keysetSql(true), params);
  const usesRange = /Index Cond:[^\n]*createdAt/.test(plan);
  report.add(
    "feed",
    "keyset page uses an index range on createdAt",
    usesRange ? "yes" : "NO",
    usesRange ? undefined : "see feedKeysetPlan in the JSON",
  );
  report.record("feedKeysetPlan", plan);
  report.record("feedKeysetPlanOrOnly", orOnlyPlan);
}
