// History and discovery: keyset pagination on (createdAt desc, id desc). The cursor is
// the last row's key, so rows inserted while someone pages (always newer) cannot shift
// the pages after it: no duplicates, no gaps. A search (`q`) ranks instead: in one
// user's pictures (history, profiles) the key is (score desc, createdAt desc, id desc); in
// discovery (creation day desc, score desc, createdAt desc, id desc) — best match first
// within each day, newest day first, so a page ranks one day's matches, never all of a
// million rows' (docs/decisions/0018). The cursor carries the score and which ranking it was
// (full text, or typo-corrected when full text matched nothing); the day is its createdAt's.
import type pg from "pg";
import { Prisma, type Db } from "../adapters/db/client";
import { pgRunner } from "../adapters/db/sql";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor, INVALID_CURSOR_MESSAGE, type FeedCursor } from "./feed-cursor";
import {
  generationViewColumns,
  likedByMeColumn,
  rowsToGenerationViews,
  type GenerationView,
  type GenerationViewRow,
  type ViewUrlSigner,
} from "./generation-view";
import {
  lookUpWords,
  searchDay,
  searchTerms,
  TYPO_SIMILARITY,
  vectorTerms,
  type SearchMode,
  type SearchScope,
  type SearchTerms,
} from "./prompt-search";
import { parseDateBound, type FeedInput, type FeedSort, type HistoryInput, type TopWindow } from "./schemas";

export type FeedPage = { items: GenerationView[]; nextCursor: string | null };

export { decodeCursor, encodeCursor };

/** `pool`: run the page's statement straight on pg (no Prisma query compilation); the hot path. */
export type FeedDeps = { db: Db; pool?: pg.Pool; storage: ViewUrlSigner };

// One raw statement rather than findMany: Prisma 6.19 compiles every findMany in WASM on
// the event loop and loads the author in a second query, which made the public feed the
// slowest read under load (docs/decisions/0008). The row comparison is what keeps a deep
// page an index range scan on (…, createdAt desc, id desc) instead of a filter.
const SUCCEEDED = Prisma.sql`'succeeded'`;
const SUCCEEDED_OR_IN_FLIGHT = Prisma.sql`'queued', 'running', 'succeeded'`;

/** createdAt is `timestamp(3)` holding UTC: an instant is compared as UTC whatever the session time zone. */
const utc = (at: Date) => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

function filterSql(input: Partial<HistoryInput>): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (input.style) parts.push(Prisma.sql`g.style = ${input.style}`);
  if (input.model) parts.push(Prisma.sql`g.model = ${input.model}`);
  if (input.aspectRatio) parts.push(Prisma.sql`g."aspectRatio" = ${input.aspectRatio}`);
  if (input.from) parts.push(Prisma.sql`g."createdAt" >= ${utc(parseDateBound(input.from, "from")!)}`);
  if (input.to) parts.push(Prisma.sql`g."createdAt" <= ${utc(parseDateBound(input.to, "to")!)}`);
  if (input.isPublic !== undefined) parts.push(Prisma.sql`g."isPublic" = ${input.isPublic}`);
  if (input.seed !== undefined) parts.push(Prisma.sql`g.seed = ${input.seed}`);
  return parts.length ? Prisma.sql`AND ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

type Page = { cursor?: string | null; limit: number; q?: string; sort?: FeedSort; window?: TopWindow };
type ScoredRow = GenerationViewRow & { score?: string };

/**
 * What a page is ordered by, before (createdAt desc, id desc) breaks ties. Its letter goes
 * into the cursor, so a cursor is only taken back by the same kind of page.
 */
type Order = { letter: "c" | "r" | "l" | "h"; key: Prisma.Sql | null; type: Prisma.Sql };
const NEWEST: Order = { letter: "c", key: null, type: Prisma.empty };
const TOP: Order = { letter: "l", key: Prisma.sql`g."likeCount"`, type: Prisma.sql`integer` };
const TRENDING: Order = { letter: "h", key: Prisma.sql`g."trendingScore"`, type: Prisma.sql`double precision` };

const WINDOW_MS: Record<TopWindow, number | null> = { day: 86_400_000, week: 7 * 86_400_000, all: null };

async function page(
  { db, pool, storage }: FeedDeps,
  where: Prisma.Sql,
  input: Page & Partial<HistoryInput>,
  viewerId: string | null,
  scope: SearchScope,
  statuses = SUCCEEDED,
): Promise<FeedPage> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const q = input.q?.trim() || null;
  let base = Prisma.sql`${where} AND g.status IN (${statuses}) ${filterSql(input)}`;
  const windowMs = input.sort === "top" ? WINDOW_MS[input.window ?? "week"] : null;
  if (windowMs) base = Prisma.sql`${base} AND g."createdAt" >= ${utc(new Date(Date.now() - windowMs))}`;
  const order = input.sort === "top" ? TOP : input.sort === "trending" ? TRENDING : NEWEST;

  // Cursor kinds: none for plain newest-first (as before), else "<match><order>".
  const cursorMatch = after?.rank?.mode[0];
  let match: "n" | SearchMode = q ? (cursorMatch === "t" ? "t" : "f") : "n";
  // A search without an explicit sort is ranked by how well it matches.
  const ranked = q !== null && !input.sort;
  const letter: Order["letter"] = ranked ? "r" : order.letter;
  const orderOf = (search: SearchTerms | null): Order => (search && ranked ? { letter, key: search.score, type: Prisma.sql`real` } : order);
  const kind = (m: typeof match) => (m === "n" && letter === "c" ? null : `${m}${letter}`);
  if (after && ((after.rank?.mode ?? null) !== kind(match) || (after.rank && !scoreFits(letter, after.rank.score)))) throw badCursor();
  const fetch = async (m: typeof match, from: FeedCursor | null): Promise<ScoredRow[]> => {
    // A sorted discovery page needs its query as a constant (prompt-search.ts lookUpWords).
    const known = m !== "n" && scope === "everyone" && !ranked ? await lookUpWords(db, q!, m) : undefined;
    const search = m === "n" ? null : searchTerms(q!, m, scope, known);
    if (m !== "n" && !search) return [];
    const o = orderOf(search);
    const filter = { where: base, viewerId, match: search?.match ?? null, after: from, limit: input.limit };
    // Discovery ranks one day at a time (see the top of this file).
    if (o.letter === "r" && scope === "everyone" && search?.query) return dayRankedPage(db, filter, search.query);
    return orderedPage(db, pool, filter, o, search?.typoThreshold ?? false);
  };

  let rows = await fetch(match, after);
  // Nothing matched the words as written (first page only, so a search never changes
  // ranking half-way): try them as possibly misspelt.
  if (!after && match === "f" && rows.length === 0) {
    match = "t";
    rows = await fetch(match, null);
  }
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  const mode = kind(match);
  return {
    // The view is built field by field, so the score column stays behind.
    items: await rowsToGenerationViews(items, viewerId, storage),
    nextCursor: more && last ? encodeCursor(last, mode ? { mode, score: last.score ?? "0" } : undefined) : null,
  };
}

type PageFilter = {
  where: Prisma.Sql;
  viewerId: string | null;
  match: Prisma.Sql | null;
  after: FeedCursor | null;
  limit: number;
};

function orderedPage(
  db: Db,
  pool: pg.Pool | undefined,
  { where: base, viewerId, match, after, limit }: PageFilter,
  order: Order,
  typos: boolean,
): Promise<ScoredRow[]> {
  const where = match ? Prisma.sql`${base} AND ${match}` : base;
  const keyset = !after
    ? Prisma.empty
    : order.key
      ? Prisma.sql`AND (${order.key}, g."createdAt", g.id) < (${after.rank?.score ?? "0"}::${order.type}, ${utc(after.createdAt)}, ${after.id})`
      : Prisma.sql`AND (g."createdAt", g.id) < (${utc(after.createdAt)}, ${after.id})`;
  // As text: PostgreSQL writes a float's shortest exact form, so the cursor gives back
  // the very value (a JS number could round a double-precision key and skip a tie).
  const score = order.key ? Prisma.sql`, (${order.key})::text AS score` : Prisma.empty;
  const orderBy = order.key ? Prisma.sql`${order.key} DESC, ` : Prisma.empty;
  const statement = Prisma.sql`
    SELECT ${generationViewColumns}, ${likedByMeColumn(viewerId)} ${score}
    FROM "Generation" g JOIN "User" u ON u.id = g."userId"
    WHERE ${where} ${keyset}
    ORDER BY ${orderBy} g."createdAt" DESC, g.id DESC
    LIMIT ${limit + 1}`;
  if (!typos && pool) return pgRunner(pool)<ScoredRow>(statement);
  const query = db.$queryRaw<ScoredRow[]>(statement);
  if (!typos) return query;
  // The threshold `%>` uses is a setting: set it for this statement's transaction only
  // (one batch, so one round trip more, on history's typo fallback only).
  return db
    .$transaction([db.$executeRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_SIMILARITY)}, true)`, query])
    .then(([, rows]) => rows);
}

/**
 * A discovery search page, best match first within each creation day, newest day first.
 * The days are walked newest first and each is one GIN index scan for "matches AND that
 * day" (the index's two columns), ranked, until a page is full: a common word costs one
 * day's matches, a rare one a cheap empty scan per day it skips. The walk starts at the
 * cursor's day (or the newest public picture's) and ends at the oldest public picture's.
 */
function dayRankedPage(db: Db, { where, viewerId, after, limit }: PageFilter, query: Prisma.Sql): Promise<ScoredRow[]> {
  // The query (with its dictionary lookups) is computed once, in the CTE `search`.
  const { match, score } = vectorTerms(Prisma.sql`(SELECT q FROM search)`);
  const newest = after
    ? Prisma.sql`${utc(after.createdAt)}::date`
    : Prisma.sql`(SELECT max("createdAt") FROM "Generation" WHERE "isPublic")::date`;
  const oldest = Prisma.sql`(SELECT min("createdAt") FROM "Generation" WHERE "isPublic")::date`;
  const keyset = after
    ? Prisma.sql`AND (${searchDay}, ${score}, g."createdAt", g.id) < (${utc(after.createdAt)}::date, ${after.rank?.score ?? "0"}::real, ${utc(after.createdAt)}, ${after.id})`
    : Prisma.empty;
  // The rows are found by id and score first, then read whole (with their author) for
  // the page only.
  return db.$queryRaw<ScoredRow[]>`
    WITH search AS MATERIALIZED (SELECT ${query} AS q),
    hits AS (
      SELECT hit.id, hit.score FROM generate_series(${newest}, ${oldest}, '-1 day'::interval) AS d(day)
      CROSS JOIN LATERAL (
        SELECT g.id, ${score} AS score FROM "Generation" g
        WHERE ${where} AND ${match} AND ${searchDay} = d.day::date ${keyset}
        ORDER BY score DESC, g."createdAt" DESC, g.id DESC
        LIMIT ${limit + 1}) hit
      LIMIT ${limit + 1})
    SELECT ${generationViewColumns}, ${likedByMeColumn(viewerId)}, hits.score::text AS score
    FROM hits JOIN "Generation" g ON g.id = hits.id JOIN "User" u ON u.id = g."userId"
    ORDER BY ${searchDay} DESC, hits.score DESC, g."createdAt" DESC, g.id DESC`;
}

/** Whether a cursor's score is one its key's type can hold (PostgreSQL would refuse it: a 500, not a 400). */
function scoreFits(letter: Order["letter"], text: string): boolean {
  const x = Number(text);
  if (!Number.isFinite(x)) return false;
  if (letter === "l") return /^\d{1,10}$/.test(text) && x <= 2_147_483_647;
  // "1e-999" is 0 to JS but an underflow error to PostgreSQL: only a written zero is zero.
  if (/^-?0+(\.0+)?$/.test(text)) return true;
  if (letter === "r") return Math.abs(x) >= 1.2e-38 && Math.abs(x) <= 3.4e38;
  return Math.abs(x) >= 2.3e-308;
}

const badCursor = () => new AppError("BAD_REQUEST", INVALID_CURSOR_MESSAGE, { field: "cursor" });

/** The caller's own pictures, public or not, with those still queued or rendering (placeholders). */
export function listHistory(deps: FeedDeps, userId: string, input: HistoryInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."userId" = ${userId}`, input, userId, "one user", SUCCEEDED_OR_IN_FLIGHT);
}

/** Everyone's public pictures. */
export function listDiscovery(deps: FeedDeps, viewerId: string | null, input: FeedInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."isPublic" = true`, input, viewerId, "everyone");
}

/** One user's public pictures (a profile), newest first, with the feeds' filters. */
export function listUserPictures(deps: FeedDeps, viewerId: string | null, userId: string, input: FeedInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."isPublic" = true AND g."userId" = ${userId}`, input, viewerId, "one user");
}
