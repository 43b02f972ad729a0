// Reading, sharing and deleting one generation. Someone else's private generation is
// NOT_FOUND, never FORBIDDEN: its existence is not revealed.
import type { Db, Prisma } from "../adapters/db/client";
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

export async function getGeneration(db: Db, viewerId: string | null, id: string): Promise<GenerationView> {
  const row = await db.generation.findFirst({
    where: { id, status: "succeeded", OR: [{ isPublic: true }, ...(viewerId ? [{ userId: viewerId }] : [])] },
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
 * Deletes the row and its files together: the row is deleted inside a transaction that
 * only commits once the files are gone, so a storage failure leaves both in place.
 */
export async function deleteGeneration(db: Db, storage: StoragePort, owned: OwnedGeneration): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.generation.deleteMany({ where: { id: owned.id, userId: owned.userId } });
    if (count === 0) throw notFound();
    await storage.remove([owned.storageKey, owned.thumbnailKey].filter((k): k is string => Boolean(k)));
  });
  return { id: owned.id };
}
