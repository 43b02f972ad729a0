// History and discovery: keyset pagination on (createdAt desc, id desc). The cursor is
// the last row's key, so rows inserted while someone pages (always newer) cannot shift
// the pages after it: no duplicates, no gaps. A search (`q`) ranks instead: the key is
// (score desc, createdAt desc, id desc) and the cursor carries the score and which
// ranking it was (full text, or trigrams when full text matched nothing).
import { Prisma, type Db } from "../adapters/db/client";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor, INVALID_CURSOR_MESSAGE, type FeedCursor } from "./feed-cursor";
import { generationViewColumns, rowsToGenerationViews, type GenerationView, type GenerationViewRow, type ViewUrlSigner } from "./generation-view";
import { searchTerms, TYPO_SIMILARITY, type SearchMode } from "./prompt-search";
import { parseDateBound, type FeedInput, type HistoryInput } from "./schemas";

export type FeedPage = { items: GenerationView[]; nextCursor: string | null };

export { decodeCursor, encodeCursor };

export type FeedDeps = { db: Db; storage: ViewUrlSigner };

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

type Page = { cursor?: string | null; limit: number; q?: string };
type ScoredRow = GenerationViewRow & { score?: number };

async function page({ db, storage }: FeedDeps, where: Prisma.Sql, input: Page & Partial<HistoryInput>, viewerId: string | null, statuses = SUCCEEDED): Promise<FeedPage> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const q = input.q?.trim() || null;
  const base = Prisma.sql`${where} AND g.status IN (${statuses}) ${filterSql(input)}`;
  let rows: ScoredRow[];
  let mode: SearchMode | null = null;
  if (!q) {
    if (after?.rank) throw badCursor();
    const keyset = after ? Prisma.sql`AND (g."createdAt", g.id) < (${utc(after.createdAt)}, ${after.id})` : Prisma.empty;
    rows = await db.$queryRaw<ScoredRow[]>`
      SELECT ${generationViewColumns}
      FROM "Generation" g JOIN "User" u ON u.id = g."userId"
      WHERE ${base} ${keyset}
      ORDER BY g."createdAt" DESC, g.id DESC
      LIMIT ${input.limit + 1}`;
  } else {
    if (after && after.rank?.mode !== "f" && after.rank?.mode !== "t") throw badCursor();
    mode = (after?.rank?.mode as SearchMode | undefined) ?? "f";
    rows = await searchPage(db, base, q, mode, after, input.limit);
    // Nothing matched the words as written (first page only, so a search never changes
    // ranking half-way): try them as possibly misspelt.
    if (!after && mode === "f" && rows.length === 0) {
      mode = "t";
      rows = await searchPage(db, base, q, mode, null, input.limit);
    }
  }
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items: await rowsToGenerationViews(items.map(({ score: _score, ...row }) => row), viewerId, storage),
    nextCursor: more && last ? encodeCursor(last, mode ? { mode, score: Number(last.score) } : undefined) : null,
  };
}

function searchPage(db: Db, base: Prisma.Sql, q: string, mode: SearchMode, after: FeedCursor | null, limit: number): Promise<ScoredRow[]> {
  const { match, score } = searchTerms(q, mode);
  const keyset = after?.rank
    ? Prisma.sql`AND (${score}, g."createdAt", g.id) < (${after.rank.score}::real, ${utc(after.createdAt)}, ${after.id})`
    : Prisma.empty;
  const query = db.$queryRaw<ScoredRow[]>`
    SELECT ${generationViewColumns}, ${score} AS score
    FROM "Generation" g JOIN "User" u ON u.id = g."userId"
    WHERE ${base} AND ${match} ${keyset}
    ORDER BY score DESC, g."createdAt" DESC, g.id DESC
    LIMIT ${limit + 1}`;
  if (mode === "f") return query;
  // The threshold `%>` (and so the trigram index) uses is a setting: set it for this
  // statement's transaction only (one batch, so one round trip more, on the fallback only).
  return db
    .$transaction([db.$executeRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_SIMILARITY)}, true)`, query])
    .then(([, rows]) => rows);
}

const badCursor = () => new AppError("BAD_REQUEST", INVALID_CURSOR_MESSAGE, { field: "cursor" });

/** The caller's own pictures, public or not, with those still queued or rendering (placeholders). */
export function listHistory(deps: FeedDeps, userId: string, input: HistoryInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."userId" = ${userId}`, input, userId, SUCCEEDED_OR_IN_FLIGHT);
}

/** Everyone's public pictures. */
export function listDiscovery(deps: FeedDeps, viewerId: string | null, input: FeedInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."isPublic" = true`, input, viewerId);
}
