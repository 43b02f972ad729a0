// History and discovery: keyset pagination on (createdAt desc, id desc). The cursor is
// the last row's key, so rows inserted while someone pages (always newer) cannot shift
// the pages after it: no duplicates, no gaps.
import { Prisma, type Db } from "../adapters/db/client";
import { decodeCursor, encodeCursor } from "./feed-cursor";
import { generationViewColumns, rowsToGenerationViews, type GenerationView, type GenerationViewRow, type ViewUrlSigner } from "./generation-view";
import type { FeedInput } from "./schemas";

export type FeedPage = { items: GenerationView[]; nextCursor: string | null };

export { decodeCursor, encodeCursor };

export type FeedDeps = { db: Db; storage: ViewUrlSigner };

// One raw statement rather than findMany: Prisma 6.19 compiles every findMany in WASM on
// the event loop and loads the author in a second query, which made the public feed the
// slowest read under load (docs/decisions/0008). The row comparison is what keeps a deep
// page an index range scan on (…, createdAt desc, id desc) instead of a filter.
const SUCCEEDED = Prisma.sql`'succeeded'`;
const SUCCEEDED_OR_IN_FLIGHT = Prisma.sql`'queued', 'running', 'succeeded'`;

async function page({ db, storage }: FeedDeps, where: Prisma.Sql, input: FeedInput, viewerId: string | null, statuses = SUCCEEDED): Promise<FeedPage> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  // createdAt is `timestamp(3)` holding UTC; the cursor's instant is compared as UTC whatever the session time zone.
  const keyset = after
    ? Prisma.sql`AND (g."createdAt", g.id) < ((${after.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${after.id})`
    : Prisma.empty;
  const rows = await db.$queryRaw<GenerationViewRow[]>`
    SELECT ${generationViewColumns}
    FROM "Generation" g JOIN "User" u ON u.id = g."userId"
    WHERE ${where} AND g.status IN (${statuses}) ${keyset}
    ORDER BY g."createdAt" DESC, g.id DESC
    LIMIT ${input.limit + 1}`;
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  return {
    items: await rowsToGenerationViews(items, viewerId, storage),
    nextCursor: more && items.length ? encodeCursor(items[items.length - 1]!) : null,
  };
}

/** The caller's own pictures, public or not, with those still queued or rendering (placeholders). */
export function listHistory(deps: FeedDeps, userId: string, input: FeedInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."userId" = ${userId}`, input, userId, SUCCEEDED_OR_IN_FLIGHT);
}

/** Everyone's public pictures. */
export function listDiscovery(deps: FeedDeps, viewerId: string | null, input: FeedInput): Promise<FeedPage> {
  return page(deps, Prisma.sql`g."isPublic" = true`, input, viewerId);
}
