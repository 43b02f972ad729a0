// The one public shape of a generation. Private columns (storage keys, error text,
// timings, the author's email) are never selected, so they cannot leak.
import { Prisma } from "../adapters/db/client";

export const generationViewSelect = {
  id: true,
  status: true,
  imageUrl: true,
  thumbnailUrl: true,
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
  createdAt: true,
  userId: true,
  user: { select: { id: true, name: true, imageUrl: true } },
} satisfies Prisma.GenerationSelect;

type Row = Prisma.GenerationGetPayload<{ select: typeof generationViewSelect }>;

export type GenerationView = Omit<Row, "user" | "userId"> & {
  author: { id: string; name: string | null; imageUrl: string | null };
  isOwner: boolean;
};

export function toGenerationView(row: Row, viewerId: string | null | undefined): GenerationView {
  const { user, userId, ...rest } = row;
  return { ...rest, author: user, isOwner: viewerId != null && viewerId === userId };
}

/**
 * The same shape as generationViewSelect, for the feeds' raw keyset query (`g` is
 * "Generation", `u` its "User"): per-query compilation in Prisma 6.19's client engine cost
 * the feed ~3× its throughput (docs/decisions/0008). Keep the two lists in step; the
 * type below and tests/integration/feed-view-shape.test.ts check they are.
 */
export const generationViewColumns = Prisma.sql`g.id, g.status::text AS status, g."imageUrl", g."thumbnailUrl", g.width, g.height,
  g."originalPrompt", g."betterPrompt", g."negativePrompt", g.model, g.provider, g.style, g."aspectRatio", g."detailLevel",
  g.seed, g."isPublic", g."optimizationDelta", g."generationDuration", g."createdAt", g."userId",
  u.name AS "authorName", u."imageUrl" AS "authorImageUrl"`;

export type GenerationViewRow = Omit<Row, "user"> & { authorName: string | null; authorImageUrl: string | null };

export function rowToGenerationView(row: GenerationViewRow, viewerId: string | null | undefined): GenerationView {
  const { authorName, authorImageUrl, ...rest } = row;
  return toGenerationView({ ...rest, user: { id: row.userId, name: authorName, imageUrl: authorImageUrl } }, viewerId);
}
