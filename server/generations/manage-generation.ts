// Reading, sharing and deleting one generation. Someone else's private generation is
// NOT_FOUND, never FORBIDDEN: its existence is not revealed.
import type { Db, Prisma } from "../adapters/db/client";
import { tombstoneData } from "./tombstone";
import { dailyQuota } from "../limits/catalogue";
import type { StoragePort } from "../adapters/storage/storage-port";
import { AppError } from "../errors";
import { generationViewSelect, likedIdsOf, toGenerationView, type GenerationView } from "./generation-view";
import { rotatedStorageKey } from "./storage-keys";

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

/**
 * Public ↔ private. Making a picture private also moves its files to fresh keys, so every
 * URL handed out while it was public — a signed Supabase URL, a copy in some cache, a
 * link someone kept — stops working at once (docs/decisions/0012). The row is locked for
 * the move; if recording the new keys fails, the files are moved back.
 */
export async function setGenerationVisibility(
  deps: { db: Db; storage: StoragePort },
  owned: OwnedGeneration,
  isPublic: boolean,
): Promise<GenerationView> {
  const { db, storage } = deps;
  const row = await db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ isPublic: boolean; storageKey: string | null; thumbnailKey: string | null }[]>`
      SELECT "isPublic", "storageKey", "thumbnailKey" FROM "Generation" WHERE id = ${owned.id} AND "userId" = ${owned.userId} AND status = 'succeeded' FOR UPDATE`;
    if (!current) throw notFound();
    if (isPublic || !current.isPublic) {
      return tx.generation.update({ where: { id: owned.id }, data: { isPublic }, select: generationViewSelect });
    }
    const moves = [current.storageKey, current.thumbnailKey]
      .filter((k): k is string => Boolean(k))
      .map((from) => ({ from, to: rotatedStorageKey(from) }));
    const done: typeof moves = [];
    try {
      for (const m of moves) {
        await storage.move(m.from, m.to);
        done.push(m);
      }
      const to = (key: string | null) => (key ? moves.find((m) => m.from === key)!.to : null);
      return await tx.generation.update({
        where: { id: owned.id },
        data: {
          isPublic: false,
          storageKey: to(current.storageKey),
          thumbnailKey: to(current.thumbnailKey),
          // Kept in step for older readers; views make URLs from the keys.
          imageUrl: current.storageKey ? storage.publicUrl(to(current.storageKey)!) : null,
          thumbnailUrl: current.thumbnailKey ? storage.publicUrl(to(current.thumbnailKey)!) : null,
        },
        select: generationViewSelect,
      });
    } catch (e) {
      for (const m of done.reverse()) await storage.move(m.to, m.from).catch(() => {});
      throw e;
    }
  });
  return toGenerationView(row, owned.userId, storage, await likedIdsOf(db, owned.userId, [row.id]));
}

/**
 * Deletes the picture and its files together: the row changes inside a transaction that
 * only commits once the files are gone, so a storage failure leaves both in place. A row
 * whose quota unit is still inside the 24 h window becomes a tombstone (status deleted,
 * no prompt, no files) instead, so deleting pictures never hands units back; the
 * reconciler purges it once the window has passed (docs/decisions/0013).
 */
export async function deleteGeneration(db: Db, storage: StoragePort, owned: OwnedGeneration): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ storageKey: string | null; thumbnailKey: string | null }[]>`
      SELECT "storageKey", "thumbnailKey" FROM "Generation" WHERE id = ${owned.id} AND "userId" = ${owned.userId} AND status = 'succeeded' FOR UPDATE`;
    if (!current) throw notFound();
    const inWindow = {
      id: owned.id,
      userId: owned.userId,
      status: "succeeded" as const,
      reservedAt: { gt: new Date(Date.now() - dailyQuota.windowMs) },
    };
    const { count: tombstoned } = await tx.generation.updateMany({
      where: inWindow,
      data: tombstoneData,
    });
    if (tombstoned === 0) {
      const { count } = await tx.generation.deleteMany({ where: { id: owned.id, userId: owned.userId, status: "succeeded" } });
      if (count === 0) throw notFound();
    }
    // The keys as they are now: a visibility change since the row was loaded may have moved them.
    await storage.remove([current.storageKey, current.thumbnailKey].filter((k): k is string => Boolean(k)));
  });
  return { id: owned.id };
}
