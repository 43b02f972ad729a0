// Reading, sharing and deleting one generation. Someone else's private generation is
// NOT_FOUND, never FORBIDDEN: its existence is not revealed.
import type { Db, GenerationStatus, Prisma } from "../adapters/db/client";
import { dailyQuota } from "../limits/catalogue";
import type { StoragePort } from "../adapters/storage/storage-port";
import { AppError } from "../errors";
import { generationViewSelect, toGenerationView, type GenerationView } from "./generation-view";

const notFound = () => new AppError("NOT_FOUND", "No such picture.");

const ownedGenerationSelect = {
  id: true,
  userId: true,
  isPublic: true,
  storageKey: true,
  thumbnailKey: true,
} satisfies Prisma.GenerationSelect;

export type OwnedGeneration = Prisma.GenerationGetPayload<{ select: typeof ownedGenerationSelect }>;

/**
 * Loads a generation only if it belongs to userId: the ownership check every owner
 * action goes through (the tRPC `ownedGenerationProcedure` puts its result on ctx).
 */
export async function loadOwnedGeneration(db: Db, userId: string, id: string): Promise<OwnedGeneration> {
  const row = await db.generation.findFirst({ where: { id, userId, status: "succeeded" }, select: ownedGenerationSelect });
  if (!row) throw notFound();
  return row;
}

/** A public finished picture, or one of the viewer's own, finished or still queued/rendering (a placeholder). */
export async function getGeneration(db: Db, viewerId: string | null, id: string): Promise<GenerationView> {
  const row = await db.generation.findFirst({
    where: {
      id,
      OR: [
        { isPublic: true, status: "succeeded" },
        ...(viewerId ? [{ userId: viewerId, status: { in: ["succeeded", "queued", "running"] as GenerationStatus[] } }] : []),
      ],
    },
    select: generationViewSelect,
  });
  if (!row) throw notFound();
  return toGenerationView(row, viewerId);
}

export async function setGenerationVisibility(db: Db, owned: OwnedGeneration, isPublic: boolean): Promise<GenerationView> {
  const row = await db.generation.update({ where: { id: owned.id }, data: { isPublic }, select: generationViewSelect });
  return toGenerationView(row, owned.userId);
}

/**
 * Deletes the picture and its files together: the row changes inside a transaction that
 * only commits once the files are gone, so a storage failure leaves both in place. A row
 * whose quota unit is still inside the 24 h window becomes a tombstone (status deleted,
 * no prompt, no files) instead, so deleting pictures never hands units back; the
 * reconciler purges it once the window has passed (docs/decisions/0011).
 */
export async function deleteGeneration(db: Db, storage: StoragePort, owned: OwnedGeneration): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const inWindow = { id: owned.id, userId: owned.userId, status: "succeeded" as const, reservedAt: { gt: new Date(Date.now() - dailyQuota.windowMs) } };
    const { count: tombstoned } = await tx.generation.updateMany({
      where: inWindow,
      data: {
        status: "deleted",
        originalPrompt: "",
        betterPrompt: null,
        negativePrompt: null,
        imageUrl: null,
        thumbnailUrl: null,
        storageKey: null,
        thumbnailKey: null,
        isPublic: false,
      },
    });
    if (tombstoned === 0) {
      const { count } = await tx.generation.deleteMany({ where: { id: owned.id, userId: owned.userId, status: "succeeded" } });
      if (count === 0) throw notFound();
    }
    await storage.remove([owned.storageKey, owned.thumbnailKey].filter((k): k is string => Boolean(k)));
  });
  return { id: owned.id };
}

