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
  const wanted = rows.flatMap((r) =>
    [r.storageKey, r.thumbnailKey].filter((k): k is string => Boolean(k)).map((key) => ({ key, isPublic: r.isPublic })),
  );
  const urls = wanted.length ? await storage.viewUrls(wanted) : [];
  const urlOf = new Map(wanted.map((w, i) => [w.key, urls[i]!]));
  return rows.map((row) => {
    const { user, userId, storageKey, thumbnailKey, ...rest } = row;
    return {
      ...rest,
      imageUrl: storageKey ? (urlOf.get(storageKey) ?? null) : null,
      thumbnailUrl: thumbnailKey ? (urlOf.get(thumbnailKey) ?? null) : null,
      author: user,
      isOwner: viewerId != null && viewerId === userId,
      likedByMe: viewerId != null && liked.has(row.id),
    };
  });
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
 * type below and tests/integration/feed-view-shape.test.ts check they are.
 */
export const generationViewColumns = Prisma.sql`g.id, g.status::text AS status, g."storageKey", g."thumbnailKey", g.width, g.height,
  g."originalPrompt", g."betterPrompt", g."negativePrompt", g.model, g.provider, g.style, g."aspectRatio", g."detailLevel",
  g.seed, g."isPublic", g."optimizationDelta", g."generationDuration", g."likeCount", g."createdAt", g."userId",
  u.name AS "authorName", u."imageUrl" AS "authorImageUrl"`;

/** The viewer's like of `g`, as a column beside generationViewColumns. */
export function likedByMeColumn(viewerId: string | null | undefined): Prisma.Sql {
  return viewerId
    ? Prisma.sql`EXISTS (SELECT 1 FROM "Like" l WHERE l."generationId" = g.id AND l."userId" = ${viewerId}) AS "likedByMe"`
    : Prisma.sql`false AS "likedByMe"`;
}

export type GenerationViewRow = Omit<Row, "user"> & { authorName: string | null; authorImageUrl: string | null; likedByMe: boolean };

export function rowsToGenerationViews(
  rows: GenerationViewRow[],
  viewerId: string | null | undefined,
  storage: ViewUrlSigner,
): Promise<GenerationView[]> {
  return toGenerationViews(
    rows.map(({ authorName, authorImageUrl, likedByMe: _liked, ...rest }) => ({
      ...rest,
      user: { id: rest.userId, name: authorName, imageUrl: authorImageUrl },
    })),
    viewerId,
    storage,
    new Set(rows.filter((r) => r.likedByMe).map((r) => r.id)),
  );
}
