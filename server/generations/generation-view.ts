// The one public shape of a generation. Private columns (storage keys, error text,
// timings, the author's email) are never selected, so they cannot leak.
import type { Prisma } from "../adapters/db/client";

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
