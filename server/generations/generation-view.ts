// The one public shape of a generation, and the one place a row becomes it. Private
// columns (error text, timings, the author's email) are never selected, so they cannot
// leak; the storage keys are selected only to make the picture's URLs and are dropped.
// URLs are made at view time by the storage port (docs/decisions/0012): a private
// picture's URL works only for its owner (disk: the image route checks; Supabase: a
// short-lived signed URL handed only to the owner, who alone can read the row).
import { Prisma, type Db } from "../adapters/db/client";
import type { StoragePort } from "../adapters/storage/storage-port";

export const generationViewSelect = {
  id: true,
  status: true,
  storageKey: true,
  thumbnailKey: true,
  width: true,
  height: true,
  originalPrompt: true,
  betterPrompt: true,
  negativePrompt: true,
  model: true,
  provider: true,
  style: true,
  aspectRatio: true,
  detailLevel: true,
  seed: true,
  isPublic: true,
  optimizationDelta: true,
  generationDuration: true,
  likeCount: true,
  createdAt: true,
  userId: true,
  user: { select: { id: true, name: true, imageUrl: true } },
} satisfies Prisma.GenerationSelect;

type Row = Prisma.GenerationGetPayload<{ select: typeof generationViewSelect }>;

export type GenerationView = Omit<Row, "user" | "userId" | "storageKey" | "thumbnailKey"> & {
  imageUrl: string | null;
  thumbnailUrl: string | null;
  author: { id: string; name: string | null; imageUrl: string | null };
  isOwner: boolean;
  /** Whether the viewer likes it (false for anonymous viewers). */
  likedByMe: boolean;
};

export type ViewUrlSigner = Pick<StoragePort, "viewUrls">;

/** A row's own columns (either query shape), without its author. */
type ViewColumns = Omit<Row, "user">;
type Author = GenerationView["author"];

/**
 * The one row → view mapping. An explicit literal rather than rest/spread: copying two
 * dozen keys by rest and spread was ~10 µs a row, a tenth of a feed page's CPU
 * (docs/decisions/0017-serving-speed.md); the type makes sure no column is left out or added.
 */
function viewOf(
  r: ViewColumns,
  author: Author,
  urlOf: Map<string, string | null>,
  viewerId: string | null | undefined,
  liked: boolean,
): GenerationView {
  return {
    id: r.id,
    status: r.status,
    width: r.width,
    height: r.height,
    originalPrompt: r.originalPrompt,
    betterPrompt: r.betterPrompt,
    negativePrompt: r.negativePrompt,
    model: r.model,
    provider: r.provider,
    style: r.style,
    aspectRatio: r.aspectRatio,
    detailLevel: r.detailLevel,
    seed: r.seed,
    isPublic: r.isPublic,
    optimizationDelta: r.optimizationDelta,
    generationDuration: r.generationDuration,
    likeCount: r.likeCount,
    createdAt: r.createdAt,
    imageUrl: r.storageKey ? (urlOf.get(r.storageKey) ?? null) : null,
    thumbnailUrl: r.thumbnailKey ? (urlOf.get(r.thumbnailKey) ?? null) : null,
    author,
    isOwner: viewerId != null && viewerId === r.userId,
    likedByMe: viewerId != null && liked,
  };
}

/** Every picture URL of a batch in one call to storage: key → URL. */
async function urlsOf(rows: ViewColumns[], storage: ViewUrlSigner): Promise<Map<string, string | null>> {
  const wanted: Array<{ key: string; isPublic: boolean }> = [];
  for (const r of rows) {
    if (r.storageKey) wanted.push({ key: r.storageKey, isPublic: r.isPublic });
    if (r.thumbnailKey) wanted.push({ key: r.thumbnailKey, isPublic: r.isPublic });
  }
  const urls = wanted.length ? await storage.viewUrls(wanted) : [];
  const urlOf = new Map<string, string | null>();
  for (let i = 0; i < wanted.length; i++) urlOf.set(wanted[i]!.key, urls[i] ?? null);
  return urlOf;
}

/**
 * Rows → views, with every picture URL of the batch made in one call to storage.
 * `liked`: the ids among them the viewer likes (likedIdsOf, or the feeds' own column).
 */
export async function toGenerationViews(
  rows: Row[],
  viewerId: string | null | undefined,
  storage: ViewUrlSigner,
  liked: ReadonlySet<string> = NONE,
): Promise<GenerationView[]> {
  const urlOf = await urlsOf(rows, storage);
  return rows.map((row) => viewOf(row, row.user, urlOf, viewerId, liked.has(row.id)));
}

const NONE: ReadonlySet<string> = new Set();

export async function toGenerationView(
  row: Row,
  viewerId: string | null | undefined,
  storage: ViewUrlSigner,
  liked?: ReadonlySet<string>,
): Promise<GenerationView> {
  return (await toGenerationViews([row], viewerId, storage, liked))[0]!;
}

/** Which of these pictures the viewer likes, in one query (for views not read by the feeds' statement). */
export async function likedIdsOf(db: Pick<Db, "like">, viewerId: string | null | undefined, ids: string[]): Promise<Set<string>> {
  if (!viewerId || ids.length === 0) return new Set();
  const rows = await db.like.findMany({ where: { userId: viewerId, generationId: { in: ids } }, select: { generationId: true } });
  return new Set(rows.map((r) => r.generationId));
}

/**
 * The same shape as generationViewSelect, for the feeds' raw keyset query (`g` is
 * "Generation", `u` its "User"): per-query compilation in Prisma 6.19's client engine cost
 * the feed ~3× its throughput (docs/decisions/0008). Keep the two lists in step; the
 * type below and tests/integration/feed-view-shape.test.ts check they are. createdAt
 * (timestamp(3), UTC) is read as a timestamptz so that pg, straight on the pool, makes the
 * same instant Prisma does whatever the process's time zone.
 */
export const generationViewColumns = Prisma.sql`g.id, g.status::text AS status, g."storageKey", g."thumbnailKey", g.width, g.height,
  g."originalPrompt", g."betterPrompt", g."negativePrompt", g.model, g.provider, g.style, g."aspectRatio", g."detailLevel",
  g.seed, g."isPublic", g."optimizationDelta", g."generationDuration", g."likeCount",
  (g."createdAt" AT TIME ZONE 'UTC') AS "createdAt", g."userId",
  u.name AS "authorName", u."imageUrl" AS "authorImageUrl"`;

/** The viewer's like of `g`, as a column beside generationViewColumns. */
export function likedByMeColumn(viewerId: string | null | undefined): Prisma.Sql {
  return viewerId
    ? Prisma.sql`EXISTS (SELECT 1 FROM "Like" l WHERE l."generationId" = g.id AND l."userId" = ${viewerId}) AS "likedByMe"`
    : Prisma.sql`false AS "likedByMe"`;
}

export type GenerationViewRow = Omit<Row, "user"> & { authorName: string | null; authorImageUrl: string | null; likedByMe: boolean };

export async function rowsToGenerationViews(
  rows: GenerationViewRow[],
  viewerId: string | null | undefined,
  storage: ViewUrlSigner,
): Promise<GenerationView[]> {
  const urlOf = await urlsOf(rows, storage);
  return rows.map((row) =>
    viewOf(row, { id: row.userId, name: row.authorName, imageUrl: row.authorImageUrl }, urlOf, viewerId, row.likedByMe),
  );
}
