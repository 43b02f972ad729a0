// History in bulk (issue 11 item 7): up to 100 of the caller's own pictures at once, in
// one transaction. Ids that are not the caller's finished pictures are reported back
// (as "skipped"), never acted on, and never said to be someone else's.
import { Prisma, type Db } from "../adapters/db/client";
import { tombstoneData } from "./tombstone";
import type { StoragePort } from "../adapters/storage/storage-port";
import { dailyQuota } from "../limits/catalogue";
import { rotatedStorageKey } from "./storage-keys";
import { MAX_BULK_PICTURES } from "../contract";

export const MAX_BULK = MAX_BULK_PICTURES;

export type BulkResult = { updated: string[]; skipped: string[] };
export type BulkDeleteResult = { deleted: string[]; skipped: string[] };

type Locked = { id: string; isPublic: boolean; storageKey: string | null; thumbnailKey: string | null };

function lockOwned(tx: Prisma.TransactionClient, userId: string, ids: string[]) {
  // In id order, so two bulk calls over overlapping ids cannot deadlock.
  return tx.$queryRaw<Locked[]>`
    SELECT id, "isPublic", "storageKey", "thumbnailKey" FROM "Generation"
    WHERE id = ANY(${ids}::text[]) AND "userId" = ${userId} AND status = 'succeeded'
    ORDER BY id FOR UPDATE`;
}

const unique = (ids: string[]) => [...new Set(ids)];
const skippedOf = (ids: string[], done: Set<string>) => ids.filter((id) => !done.has(id));

/**
 * Public ↔ private for many pictures. Going private moves each picture's files to fresh
 * keys (as for one picture, docs/decisions/0012); if any move or the update fails, the
 * files already moved are moved back and nothing changes.
 */
export async function bulkSetVisibility(
  deps: { db: Db; storage: StoragePort },
  userId: string,
  idsIn: string[],
  isPublic: boolean,
): Promise<BulkResult> {
  const { db, storage } = deps;
  const ids = unique(idsIn);
  const done: { from: string; to: string }[] = [];
  try {
    const rows = await db.$transaction(
      async (tx) => {
        const rows = await lockOwned(tx, userId, ids);
        const moving = isPublic ? [] : rows.filter((r) => r.isPublic);
        const newKeys = new Map<string, string>();
        for (const r of moving) {
          for (const from of [r.storageKey, r.thumbnailKey]) {
            if (!from) continue;
            const to = rotatedStorageKey(from);
            await storage.move(from, to);
            done.push({ from, to });
            newKeys.set(from, to);
          }
        }
        if (rows.length) {
          await tx.$executeRaw`UPDATE "Generation" SET "isPublic" = ${isPublic}, "updatedAt" = now() WHERE id = ANY(${rows.map((r) => r.id)}::text[])`;
        }
        for (const r of moving) {
          const to = (key: string | null) => (key ? newKeys.get(key)! : null);
          await tx.generation.update({
            where: { id: r.id },
            data: {
              storageKey: to(r.storageKey),
              thumbnailKey: to(r.thumbnailKey),
              // Kept in step for older readers; views make URLs from the keys.
              imageUrl: r.storageKey ? storage.publicUrl(to(r.storageKey)!) : null,
              thumbnailUrl: r.thumbnailKey ? storage.publicUrl(to(r.thumbnailKey)!) : null,
            },
          });
        }
        return rows;
      },
      { timeout: 60_000 },
    );
    const updated = new Set(rows.map((r) => r.id));
    return { updated: ids.filter((id) => updated.has(id)), skipped: skippedOf(ids, updated) };
  } catch (e) {
    for (const m of done.reverse()) await storage.move(m.to, m.from).catch(() => {});
    throw e;
  }
}

/**
 * Deletes many pictures as one: rows (tombstones inside the quota window, as for one
 * picture) change in one transaction that commits only after one batched storage
 * removal of all their files, so a storage failure leaves every row and file in place.
 */
export async function bulkDelete(deps: { db: Db; storage: StoragePort }, userId: string, idsIn: string[]): Promise<BulkDeleteResult> {
  const { db, storage } = deps;
  const ids = unique(idsIn);
  const rows = await db.$transaction(
    async (tx) => {
      const rows = await lockOwned(tx, userId, ids);
      if (!rows.length) return rows;
      const locked = rows.map((r) => r.id);
      const windowStart = new Date(Date.now() - dailyQuota.windowMs);
      await tx.generation.updateMany({
        where: { id: { in: locked }, reservedAt: { gt: windowStart } },
        data: tombstoneData,
      });
      await tx.generation.deleteMany({ where: { id: { in: locked }, status: "succeeded" } });
      await storage.remove(rows.flatMap((r) => [r.storageKey, r.thumbnailKey]).filter((k): k is string => Boolean(k)));
      return rows;
    },
    { timeout: 60_000 },
  );
  const deleted = new Set(rows.map((r) => r.id));
  return { deleted: ids.filter((id) => deleted.has(id)), skipped: skippedOf(ids, deleted) };
}
