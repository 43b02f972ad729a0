// Reading, sharing and deleting one generation. Someone else's private generation is
// NOT_FOUND, never FORBIDDEN: its existence is not revealed.
import type { Db } from "../adapters/db/client";
import type { StoragePort } from "../adapters/storage/storage-port";
import { AppError } from "../errors";
import { generationViewSelect, toGenerationView, type GenerationView } from "./generation-view";

const notFound = () => new AppError("NOT_FOUND", "No such picture.");

/** Loads a generation only if it belongs to userId (the ownership check every owner action uses). */
export async function loadOwnedGeneration(db: Db, userId: string, id: string) {
  const row = await db.generation.findFirst({
    where: { id, userId, status: "succeeded" },
    select: { id: true, userId: true, storageKey: true, thumbnailKey: true },
  });
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

export async function setGenerationVisibility(db: Db, userId: string, id: string, isPublic: boolean): Promise<GenerationView> {
  const owned = await loadOwnedGeneration(db, userId, id);
  const row = await db.generation.update({ where: { id: owned.id }, data: { isPublic }, select: generationViewSelect });
  return toGenerationView(row, userId);
}

/**
 * Deletes the row and its files together: the row is deleted inside a transaction that
 * only commits once the files are gone, so a storage failure leaves both in place.
 */
export async function deleteGeneration(db: Db, storage: StoragePort, userId: string, id: string): Promise<{ id: string }> {
  const owned = await loadOwnedGeneration(db, userId, id);
  await db.$transaction(async (tx) => {
    const { count } = await tx.generation.deleteMany({ where: { id: owned.id, userId } });
    if (count === 0) throw notFound();
    await storage.remove([owned.storageKey, owned.thumbnailKey].filter((k): k is string => Boolean(k)));
  });
  return { id: owned.id };
}

/** Removes every stored file of a user (call before deleting the user row). */
export async function deleteUserImages(db: Db, storage: StoragePort, userId: string): Promise<number> {
  const rows = await db.generation.findMany({ where: { userId }, select: { storageKey: true, thumbnailKey: true } });
  const keys = rows.flatMap((r) => [r.storageKey, r.thumbnailKey]).filter((k): k is string => Boolean(k));
  for (let i = 0; i < keys.length; i += 100) await storage.remove(keys.slice(i, i + 100));
  return keys.length;
}
