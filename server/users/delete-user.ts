// Deleting a user deletes their rows and their stored images. Files go first: if that
// fails, the rows stay and the caller (the webhook, retried by Svix) tries again, so
// nothing is left pointing at missing files and no file is left without a row.
import type { Db } from "../adapters/db/client";
import type { StoragePort } from "../adapters/storage/storage-port";

/** The slice of the storage port this needs. */
export type StoredImageDeleter = Pick<StoragePort, "remove">;

export async function deleteUserAndImages(
  deps: { db: Db; storage: StoredImageDeleter },
  userId: string,
): Promise<{ deletedImages: number }> {
  const rows = await deps.db.generation.findMany({ where: { userId }, select: { storageKey: true, thumbnailKey: true } });
  const keys = rows.flatMap((r) => [r.storageKey, r.thumbnailKey]).filter((k): k is string => Boolean(k));
  if (keys.length) await deps.storage.remove(keys);
  // Generations, logs, tokens and likes go with the user (onDelete: Cascade); the pictures
  // they liked count one like fewer, in the same transaction.
  await deps.db.$transaction([
    deps.db
      .$executeRaw`UPDATE "Generation" g SET "likeCount" = greatest(g."likeCount" - 1, 0) FROM "Like" l WHERE l."generationId" = g.id AND l."userId" = ${userId}`,
    deps.db.user.deleteMany({ where: { id: userId } }),
  ]);
  return { deletedImages: keys.length };
}
