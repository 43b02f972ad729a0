// Issue 11's figures on the feed figure's 1,000,000-row table: prompt search (one common
// word, first page; a typo'd word through trigrams), each with the EXPLAIN of its
// statement (a GIN index should show), and top / trending pages at depth 10,000 against
// depth 0 (keyset, so the ratio should stay near 1).
import pg from "pg";
import type { Db } from "../server/adapters/db/client";
import { encodeCursor, listDiscovery } from "../server/generations/feeds";
import { ms, ratio, timeInterleaved, timeMany } from "./lib/stats";
import type { Report } from "./lib/report";

const PAGE = 24;
const DEPTH = 10_000;

async function explain(url: string, sql: string, params: unknown[]): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET pg_trgm.word_similarity_threshold = 0.5`);
    const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await c.end();
  }
}

export async function runSearchAndSorts(db: Db, url: string, report: Report, iterations = 40) {
  const storage = { viewUrls: async (objects: { key: string }[]) => objects.map((o) => `/images/${o.key}`) };
  const deps = { db, storage };

  // Search: a word in 5% of rows, and the same word misspelt (no full-text match).
  const common = await timeMany(iterations, () => listDiscovery(deps, null, { limit: PAGE, q: "lighthouse" }));
  const typo = await timeMany(iterations, () => listDiscovery(deps, null, { limit: PAGE, q: "lighthuose" }));
  const check = await listDiscovery(deps, null, { limit: PAGE, q: "lighthuose" });
  report.add("search", "q=lighthouse (5% of rows), first page (median/p99)", `${ms(common.median)} / ${ms(common.p99)}`, "target ≤ 20 ms");
  report.add(
    "search",
    "q=lighthuose (typo → trigram), first page (median/p99)",
    `${ms(typo.median)} / ${ms(typo.p99)}`,
    `target ≤ 50 ms; ${check.items.length} found`,
  );
  const doc = `(g."originalPrompt" || ' ' || coalesce(g."betterPrompt", ''))`;
  const ftsPlan = await explain(
    url,
    `SELECT g.id FROM "Generation" g WHERE g."isPublic" AND g.status = 'succeeded' AND to_tsvector('english'::regconfig, ${doc}) @@ websearch_to_tsquery('english', $1)
       ORDER BY ts_rank(to_tsvector('english'::regconfig, ${doc}), websearch_to_tsquery('english', $1)) DESC, g."createdAt" DESC, g.id DESC LIMIT ${PAGE + 1}`,
    ["lighthouse"],
  );
  const trgmPlan = await explain(
    url,
    `SELECT g.id FROM "Generation" g WHERE g."isPublic" AND g.status = 'succeeded' AND ${doc} %> $1
       ORDER BY word_similarity($1, ${doc}) DESC, g."createdAt" DESC, g.id DESC LIMIT ${PAGE + 1}`,
    ["lighthuose"],
  );
  report.add("search", "full-text plan uses the GIN index", /prompt_fts_idx/.test(ftsPlan) ? "yes" : "NO", "searchFtsPlan in the JSON");
  report.add("search", "trigram plan uses the GIN index", /prompt_trgm_idx/.test(trgmPlan) ? "yes" : "NO", "searchTrgmPlan in the JSON");
  report.record("searchFtsPlan", ftsPlan);
  report.record("searchTrgmPlan", trgmPlan);

  // Sorts: the row at depth 10,000 of each order, found once (not timed), as a cursor.
  for (const [sort, column, letter] of [
    ["top", `"likeCount"`, "l"],
    ["trending", `"trendingScore"`, "h"],
  ] as const) {
    const [anchor] = await db.$queryRawUnsafe<{ id: string; createdAt: Date; score: string }[]>(
      `SELECT id, "createdAt", ${column}::text AS score FROM "Generation" WHERE "isPublic" AND status = 'succeeded'
         ORDER BY ${column} DESC, "createdAt" DESC, id DESC OFFSET ${DEPTH - 1} LIMIT 1`,
    );
    const cursor = encodeCursor(anchor!, { mode: `n${letter}`, score: anchor!.score });
    const input = (c?: string) => ({ limit: PAGE, sort, window: "all" as const, cursor: c });
    const [shallow, deep] = await timeInterleaved(
      iterations,
      () => listDiscovery(deps, null, input()),
      () => listDiscovery(deps, null, input(cursor)),
    );
    report.add(
      "sorts",
      `${sort}: depth 0 / depth ${DEPTH.toLocaleString("en")} (median)`,
      `${ms(shallow.median)} / ${ms(deep.median)}`,
      `deep÷shallow ${ratio(deep.median, shallow.median)} (target ≤ 2)`,
    );
    report.record(`sort_${sort}`, { shallow, deep });
  }
}
