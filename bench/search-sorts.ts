// Issue 11's figures on the feed figure's 1,000,000-row table (realistic prompts and likes:
// bench/lib/realistic-rows.ts): prompt search (one common word, first page; a typo'd word,
// corrected through the word dictionary), each with the EXPLAIN of the very statements
// listDiscovery sends (a GIN index should show), against ranking every match (how search
// ran before) in the same run; top / trending pages at depth 10,000 against depth 0
// (keyset, so the ratio should stay near 1); and a 100-picture bulk delete: its time, its
// statements and transactions, and its storage calls.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "../server/adapters/db/client";
import { createDiskStorage } from "../server/adapters/storage/disk-storage";
import type { StoragePort } from "../server/adapters/storage/storage-port";
import { bulkDelete } from "../server/generations/bulk-actions";
import { encodeCursor, listDiscovery } from "../server/generations/feeds";
import { newStorageKeys } from "../server/generations/storage-keys";
import { explainStatement, loggingDb, type LoggedStatement } from "./lib/query-log";
import { ms, ratio, summarize, timeInterleaved, timeMany, type Summary } from "./lib/stats";
import type { Report } from "./lib/report";

const PAGE = 24;
const DEPTH = 10_000;
const COMMON = "lighthouse";
const TYPO = "lighthuose";
// A word in about a quarter of the prompts (light, lighting, …): a page ranks one day's
// matches, so this is what a very common word costs.
const VERY_COMMON = "light";

const storage = { viewUrls: async (objects: { key: string }[]) => objects.map((o) => `/images/${o.key}`) };

export async function runSearchAndSorts(db: Db, url: string, report: Report, iterations = 40) {
  const deps = { db, storage };
  const shares = await describeData(db, report);

  // Search: a word in 5 % of rows (public or not), and the same word misspelt.
  const common = await timeMany(iterations, () => listDiscovery(deps, null, { limit: PAGE, q: COMMON }));
  const typo = await timeMany(iterations, () => listDiscovery(deps, null, { limit: PAGE, q: TYPO }));
  const first = await listDiscovery(deps, null, { limit: PAGE, q: COMMON });
  const second = await timeMany(iterations, () => listDiscovery(deps, null, { limit: PAGE, q: COMMON, cursor: first.nextCursor }));
  const veryCommon = await timeMany(Math.round(iterations / 2), () => listDiscovery(deps, null, { limit: PAGE, q: VERY_COMMON }));
  const sortedTypo = await timeMany(Math.round(iterations / 2), () =>
    listDiscovery(deps, null, { limit: PAGE, q: TYPO, sort: "top", window: "all" }),
  );
  const corrected = await listDiscovery(deps, null, { limit: PAGE, q: TYPO });
  const allCorrected = corrected.items.every((i) => /lighthouse/i.test(`${i.originalPrompt} ${i.betterPrompt ?? ""}`));
  report.add("search", `q=${COMMON} (5 % of rows), first page (median/p99)`, `${ms(common.median)} / ${ms(common.p99)}`, "target ≤ 20 ms");
  report.add("search", `q=${COMMON}, second page (median/p99)`, `${ms(second.median)} / ${ms(second.p99)}`);
  report.add(
    "search",
    `q=${VERY_COMMON} (${shares.veryCommon} of rows), first page (median/p99)`,
    `${ms(veryCommon.median)} / ${ms(veryCommon.p99)}`,
    "no target: the worst case, one day's matches ranked",
  );
  report.add(
    "search",
    `q=${TYPO} (typo → corrected word), first page (median/p99)`,
    `${ms(typo.median)} / ${ms(typo.p99)}`,
    `target ≤ 50 ms; ${corrected.items.length} found, ${allCorrected ? "all" : "NOT all"} with "${COMMON}"`,
  );

  report.add(
    "search",
    `q=${TYPO}, sort=top (median/p99)`,
    `${ms(sortedTypo.median)} / ${ms(sortedTypo.p99)}`,
    "a sorted page: words looked up ahead",
  );
  // The statements behind each, as sent, and their plans.
  const plans = await searchPlans(url);
  const uses = (plan: string, index: string) => (plan.includes(index) ? "yes" : "NO");
  const gin = (index: string) => `Bitmap Index Scan on "${index}"`;
  report.add(
    "search",
    "full-text page: GIN index (Generation_search_idx) in its plan",
    uses(plans.fullText, gin("Generation_search_idx")),
    "searchFtsPlan in the JSON",
  );
  report.add(
    "search",
    "typo page: GIN indexes in its plan (PromptWord_word_idx, Generation_search_idx)",
    `${uses(plans.typo, gin("PromptWord_word_idx"))}, ${uses(plans.typo, gin("Generation_search_idx"))}`,
    `${plans.typoStatements} statements in all; searchTypoPlan in the JSON`,
  );
  report.record("searchFtsPlan", plans.fullText);
  report.record("searchTypoPlan", plans.typo);

  // Before: every match ranked (ts_rank over all of them, then the first page), as search
  // ran before migration search_vector_and_words, here even on the stored column.
  const rankAll = () =>
    db.$queryRaw`SELECT g.id, ts_rank(g."searchVector", q) AS score
      FROM "Generation" g, websearch_to_tsquery('english', ${COMMON}) q
      WHERE g."isPublic" AND g.status = 'succeeded' AND g."searchVector" @@ q
      ORDER BY score DESC, g."createdAt" DESC, g.id DESC LIMIT ${PAGE + 1}`;
  const [before, after] = await timeInterleaved(
    Math.round(iterations / 4),
    rankAll,
    () => listDiscovery(deps, null, { limit: PAGE, q: COMMON }),
    3,
  );
  report.add(
    "search",
    `q=${COMMON}: every match ranked (before) vs by day (app), median`,
    `${ms(before.median)} vs ${ms(after.median)}`,
    `before÷after ${ratio(before.median, after.median)}`,
  );
  report.record("search", { common, second, veryCommon, typo, sortedTypo, before, after });

  await runSorts(db, url, deps, report, iterations);
  await runBulkDelete(url, report);
}

/** What the loaded table looks like (not timed): the word's share, visibility, likes, the dictionary. */
async function describeData(db: Db, report: Report) {
  const [d] = await db.$queryRaw<
    {
      rows: number;
      pub: number;
      word: number;
      veryCommon: number;
      better: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      none: number;
      words: number;
      newestDay: number;
    }[]
  >`
    SELECT count(*)::int AS rows, count(*) FILTER (WHERE "isPublic")::int AS pub,
      count(*) FILTER (WHERE "searchVector" @@ to_tsquery('english', ${COMMON}))::int AS word,
      count(*) FILTER (WHERE "searchVector" @@ to_tsquery('english', ${VERY_COMMON}))::int AS "veryCommon",
      count(*) FILTER (WHERE "betterPrompt" IS NOT NULL)::int AS better,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY "likeCount") AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY "likeCount") AS p90,
      percentile_disc(0.99) WITHIN GROUP (ORDER BY "likeCount") AS p99, max("likeCount") AS max,
      count(*) FILTER (WHERE "likeCount" = 0)::int AS none,
      (SELECT count(*)::int FROM "PromptWord") AS words,
      count(*) FILTER (WHERE "createdAt"::date = (SELECT max("createdAt")::date FROM "Generation"))::int AS "newestDay"
    FROM "Generation"`;
  const pct = (n: number) => `${((100 * n) / d!.rows).toFixed(1)} %`;
  report.add(
    "search",
    "table",
    `${d!.rows.toLocaleString("en")} rows, ${pct(d!.pub)} public, ${pct(d!.better)} optimized; "${COMMON}" in ${pct(d!.word)}`,
    `${d!.words.toLocaleString("en")} distinct public words; ${d!.newestDay.toLocaleString("en")} pictures on the newest day`,
  );
  report.add("search", "likes per picture", `none ${pct(d!.none)}; p50 ${d!.p50}, p90 ${d!.p90}, p99 ${d!.p99}, max ${d!.max}`);
  return { veryCommon: pct(d!.veryCommon) };
}

async function searchPlans(url: string) {
  const { db, statements, stop } = loggingDb(url);
  try {
    const deps = { db, storage };
    await listDiscovery(deps, null, { limit: PAGE, q: COMMON });
    const fullText = await explainStatement(url, last(statements, "searchVector"));
    statements.length = 0;
    await listDiscovery(deps, null, { limit: PAGE, q: TYPO });
    const typoStatements = statements.length;
    // Full text first (nothing), then the corrected words: one statement each.
    const typo = await explainStatement(url, last(statements, "similarity("));
    return { fullText, typo, typoStatements };
  } finally {
    await stop();
  }
}

const last = (statements: LoggedStatement[], containing: string) => {
  const found = statements.filter((s) => s.query.includes(containing)).at(-1);
  if (!found) throw new Error(`no statement with ${containing}`);
  return found;
};

async function runSorts(db: Db, url: string, deps: { db: Db; storage: typeof storage }, report: Report, iterations: number) {
  // The row at depth 10,000 of each order, found once (not timed), as a cursor.
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
    // The deep page's statement as listDiscovery sends it: the keyset should be an index
    // range (an Index Cond on the sort's key), not a filter over the rows before it.
    const { db: logged, statements, stop } = loggingDb(url);
    let plan: string;
    try {
      await listDiscovery({ db: logged, storage }, null, input(cursor));
      plan = await explainStatement(url, last(statements, column));
    } finally {
      await stop();
    }
    const range = plan.includes(`Index Cond: (("isPublic" = true) AND (ROW(${column}, "createdAt", id) < ROW(`);
    report.add(
      "sorts",
      `${sort}: depth 0 / depth ${DEPTH.toLocaleString("en")} (median)`,
      `${ms(shallow.median)} / ${ms(deep.median)}`,
      `deep÷shallow ${ratio(deep.median, shallow.median)} (target ≤ 2); deep page an index range: ${range ? "yes" : "NO"}`,
    );
    report.record(`sort_${sort}`, { shallow, deep, plan });
  }
}

/**
 * generation.bulkDelete of 100 pictures (200 stored files, on disk), 5 rounds: the time,
 * the statements it sends (and how many transactions they make), and its storage calls.
 */
async function runBulkDelete(url: string, report: Report, rounds = 5) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-bulk-"));
  const disk = createDiskStorage(dir);
  const calls: { op: string; keys: number; ms?: number }[] = [];
  const counted: StoragePort = {
    ...disk,
    remove: async (keys) => {
      const t = performance.now();
      await disk.remove(keys);
      calls.push({ op: "remove", keys: keys.length, ms: performance.now() - t });
    },
    move: async (from, to) => {
      calls.push({ op: "move", keys: 1 });
      return disk.move(from, to);
    },
  };
  const { db, wire, stop } = loggingDb(url);
  const userId = "bench-bulk-user";
  const times: number[] = [];
  const counts: { statements: number; begins: number; commits: number; removes: number; keys: number; left: number }[] = [];
  const removeMs: number[] = [];
  let removal: { oneByOne: Summary; batched: Summary } | undefined;
  let sent: string[] = [];
  try {
    await db.$executeRaw`INSERT INTO "User" (id, name, "updatedAt") VALUES (${userId}, 'Bench bulk', now()) ON CONFLICT DO NOTHING`;
    const png = Buffer.from("not really a png: storage does not look");
    for (let round = 0; round < rounds; round++) {
      const keys = Array.from({ length: 100 }, () => newStorageKeys("png"));
      for (const k of keys) {
        await disk.put(k.original, png, "image/png");
        await disk.put(k.thumbnail, png, "image/webp");
      }
      const ids = keys.map((_, i) => `bench-bulk-${round}-${i}`);
      await db.$executeRaw`
        INSERT INTO "Generation" (id, "userId", status, "storageKey", "thumbnailKey", width, height, "originalPrompt", model,
          provider, "aspectRatio", "isPublic", "reservedAt", "createdAt", "updatedAt")
        SELECT id, ${userId}, 'succeeded', k.o, k.t, 1024, 1024, 'a lighthouse to delete', 'm', 'p', '1:1', true,
          now() - interval '2 days', now() - interval '2 days', now()
        FROM unnest(${ids}::text[], ${keys.map((k) => k.original)}::text[], ${keys.map((k) => k.thumbnail)}::text[]) AS k(id, o, t)`;
      wire.length = 0;
      calls.length = 0;
      const t = performance.now();
      const result = await bulkDelete({ db, storage: counted }, userId, ids);
      times.push(performance.now() - t);
      if (result.deleted.length !== 100) throw new Error(`bulkDelete deleted ${result.deleted.length} of 100`);
      removeMs.push(calls.find((c) => c.op === "remove")?.ms ?? 0);
      sent = wire.map((x) => x.replace(/\s+/g, " ").trim().slice(0, 160));
      const left = (await Promise.all(keys.flatMap((k) => [disk.exists(k.original), disk.exists(k.thumbnail)]))).filter(Boolean).length;
      counts.push({
        statements: wire.length,
        begins: wire.filter((q) => /^\s*BEGIN/i.test(q)).length,
        commits: wire.filter((q) => /^\s*COMMIT/i.test(q)).length,
        removes: calls.filter((c) => c.op === "remove").length,
        keys: calls.reduce((n, c) => n + c.keys, 0),
        left,
      });
    }
    // The disk's removal of 200 files: one at a time (as it was) against storage.remove
    // (sixteen at a time), alternating, on fresh files each time.
    const oneByOne: number[] = [];
    const batched: number[] = [];
    for (let round = 0; round < rounds * 2; round++) {
      const keys = Array.from({ length: 100 }, () => newStorageKeys("png")).flatMap((k) => [k.original, k.thumbnail]);
      for (const key of keys) await disk.put(key, png, "image/png");
      const t = performance.now();
      if (round % 2) await disk.remove(keys);
      else for (const key of keys) await fs.rm(disk.pathOf(key)!, { force: true });
      (round % 2 ? batched : oneByOne).push(performance.now() - t);
    }
    removal = { oneByOne: summarize(oneByOne), batched: summarize(batched) };
  } finally {
    await stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
  const s = summarize(times);
  const c = counts[0]!;
  const same = counts.every((x) => JSON.stringify(x) === JSON.stringify(c));
  report.add(
    "bulk",
    "bulkDelete of 100 pictures (median/max of 5)",
    `${ms(s.median)} / ${ms(s.max)}`,
    `of which storage.remove (200 files on disk) ${ms(summarize(removeMs).median)}`,
  );
  report.add(
    "bulk",
    "… its statements, transactions and storage calls",
    `${c.statements} statements sent (${c.begins} BEGIN, ${c.commits} COMMIT); ${c.removes} storage.remove call with ${c.keys} keys`,
    `${c.left} files left${same ? "" : "; rounds differed, see bulkDelete in the JSON"}`,
  );
  report.add(
    "bulk",
    "200 files off the disk: one at a time (before) vs storage.remove, median",
    `${ms(removal!.oneByOne.median)} vs ${ms(removal!.batched.median)}`,
    `before÷after ${ratio(removal!.oneByOne.median, removal!.batched.median)}`,
  );
  report.record("bulkDelete", { times: s, counts, removeMs, statements: sent, removal });
}
