// Collections (issue 11): a user's boards of pictures. Only the owner changes one; anyone
// may read a public one. A collection holds the owner's own pictures or anyone's public
// ones, and shows each viewer only what they may see: a picture its author later made
// private stays in the collection for its author but disappears for everyone else.
import type pg from "pg";
import { pgRunner } from "../adapters/db/sql";
import { Prisma, type Db } from "../adapters/db/client";
import { AppError } from "../errors";
import { decodeCursor, encodeCursor } from "../generations/feed-cursor";
import {
  generationViewColumns,
  likedByMeColumn,
  rowsToGenerationViews,
  type GenerationView,
  type GenerationViewRow,
  type ViewUrlSigner,
} from "../generations/generation-view";

export type CollectionSummary = {
  id: string;
  name: string;
  isPublic: boolean;
  createdAt: Date;
  updatedAt: Date;
  itemCount: number;
  ownerId: string;
  isOwner: boolean;
};
export type CollectionPage = CollectionSummary & {
  owner: { id: string; name: string | null; imageUrl: string | null };
  items: GenerationView[];
  nextCursor: string | null;
};

type Deps = { db: Db; storage: ViewUrlSigner };

/** How many collections one user may have: a bound on what a profile page lists. */
export const MAX_COLLECTIONS = 200;

const notFound = () => new AppError("NOT_FOUND", "No such collection.");

const summarySelect = {
  id: true,
  name: true,
  isPublic: true,
  createdAt: true,
  updatedAt: true,
  userId: true,
  _count: { select: { items: true } },
} as const;

function summary(row: Prisma.CollectionGetPayload<{ select: typeof summarySelect }>, viewerId: string | null): CollectionSummary {
  return {
    id: row.id,
    name: row.name,
    isPublic: row.isPublic,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    itemCount: row._count.items,
    ownerId: row.userId,
    isOwner: viewerId === row.userId,
  };
}

export async function createCollection(db: Db, userId: string, input: { name: string; isPublic: boolean }): Promise<CollectionSummary> {
  return db.$transaction(async (tx) => {
    // Serialise one user's creations so the cap holds under concurrent calls.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`collections:${userId}`}))`;
    if ((await tx.collection.count({ where: { userId } })) >= MAX_COLLECTIONS) {
      throw new AppError("BAD_REQUEST", `You can have at most ${MAX_COLLECTIONS} collections.`);
    }
    const row = await tx.collection.create({ data: { userId, name: input.name, isPublic: input.isPublic }, select: summarySelect });
    return summary(row, userId);
  });
}

async function owned(db: Db, userId: string, id: string) {
  const row = await db.collection.findFirst({ where: { id, userId }, select: { id: true } });
  if (!row) throw notFound();
  return row;
}

export async function updateCollection(
  db: Db,
  userId: string,
  input: { id: string; name?: string; isPublic?: boolean },
): Promise<CollectionSummary> {
  const { count } = await db.collection.updateMany({
    where: { id: input.id, userId },
    data: { name: input.name, isPublic: input.isPublic },
  });
  if (count === 0) throw notFound();
  return summary(await db.collection.findUniqueOrThrow({ where: { id: input.id }, select: summarySelect }), userId);
}

export async function deleteCollection(db: Db, userId: string, id: string): Promise<{ id: string; deleted: true }> {
  // The pictures stay; only the collection and its entries go (onDelete: Cascade).
  const { count } = await db.collection.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound();
  return { id, deleted: true };
}

/** Adds the caller's own finished picture or anyone's public one; adding twice keeps the first time. */
export async function addToCollection(db: Db, userId: string, input: { id: string; generationId: string }): Promise<{ added: boolean }> {
  await owned(db, userId, input.id);
  const picture = await db.generation.findFirst({
    where: { id: input.generationId, status: "succeeded", OR: [{ isPublic: true }, { userId }] },
    select: { id: true },
  });
  if (!picture) throw new AppError("NOT_FOUND", "That picture does not exist or is not public.", { field: "generationId" });
  const inserted = await db.$executeRaw`
    INSERT INTO "CollectionItem" ("collectionId", "generationId") VALUES (${input.id}, ${picture.id}) ON CONFLICT DO NOTHING`;
  await db.collection.update({ where: { id: input.id }, data: { updatedAt: new Date() } });
  return { added: inserted > 0 };
}

export type AddManyResult = { added: string[]; already: string[]; skipped: string[] };

/**
 * Adds many pictures at once (history's bulk bar), in one transaction: each must be the
 * caller's own finished picture or a public one; the others are skipped, never told apart.
 * `already` lists those the collection held before (they keep their first time).
 */
export async function addManyToCollection(db: Db, userId: string, input: { id: string; generationIds: string[] }): Promise<AddManyResult> {
  const ids = [...new Set(input.generationIds)];
  return db.$transaction(async (tx) => {
    const [coll] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Collection" WHERE id = ${input.id} AND "userId" = ${userId} FOR UPDATE`;
    if (!coll) throw notFound();
    const allowed = await tx.generation.findMany({
      where: { id: { in: ids }, status: "succeeded", OR: [{ isPublic: true }, { userId }] },
      select: { id: true },
    });
    const ok = new Set(allowed.map((g) => g.id));
    const inserted = ok.size
      ? await tx.$queryRaw<{ generationId: string }[]>`
          INSERT INTO "CollectionItem" ("collectionId", "generationId")
          SELECT ${coll.id}, g FROM unnest(${[...ok]}::text[]) AS g
          ON CONFLICT DO NOTHING RETURNING "generationId"`
      : [];
    if (inserted.length) await tx.collection.update({ where: { id: coll.id }, data: { updatedAt: new Date() } });
    const added = new Set(inserted.map((r) => r.generationId));
    return {
      added: ids.filter((id) => added.has(id)),
      already: ids.filter((id) => ok.has(id) && !added.has(id)),
      skipped: ids.filter((id) => !ok.has(id)),
    };
  });
}

export async function removeFromCollection(
  db: Db,
  userId: string,
  input: { id: string; generationId: string },
): Promise<{ removed: boolean }> {
  await owned(db, userId, input.id);
  const { count } = await db.collectionItem.deleteMany({ where: { collectionId: input.id, generationId: input.generationId } });
  return { removed: count > 0 };
}

/** The caller's collections, newest first (all of them, public or not). */
/**
 * The caller's collections, newest first: one prepared statement on the pool, since every
 * signed-in gallery page asks (its cards' Save menus; docs/decisions/0017-serving-speed.md).
 */
export async function listMyCollections(deps: { pool: pg.Pool }, userId: string): Promise<CollectionSummary[]> {
  const rows = await pgRunner(deps.pool)<Omit<CollectionSummary, "ownerId" | "isOwner">>(Prisma.sql`
    SELECT c.id, c.name, c."isPublic", (c."createdAt" AT TIME ZONE 'UTC') AS "createdAt", (c."updatedAt" AT TIME ZONE 'UTC') AS "updatedAt",
      (SELECT count(*)::int FROM "CollectionItem" i WHERE i."collectionId" = c.id) AS "itemCount"
    FROM "Collection" c WHERE c."userId" = ${userId}
    ORDER BY c."createdAt" DESC, c.id DESC`);
  return rows.map((r) => ({ ...r, ownerId: userId, isOwner: true }));
}

/** Someone's public collections (all of them for their owner), newest first. */
export async function listUserCollections(db: Db, viewerId: string | null, userId: string): Promise<CollectionSummary[]> {
  const rows = await db.collection.findMany({
    where: { userId, ...(viewerId === userId ? {} : { isPublic: true }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_COLLECTIONS,
    select: summarySelect,
  });
  return rows.map((r) => summary(r, viewerId));
}

/**
 * A collection (public, or the viewer's own) with a page of its pictures, most recently
 * added first, keyset-paged on (addedAt, generation id). itemCount counts what the
 * viewer can see.
 */
export async function getCollection(
  deps: Deps,
  viewerId: string | null,
  input: { id: string; cursor?: string | null; limit: number },
): Promise<CollectionPage> {
  const { db, storage } = deps;
  const row = await db.collection.findFirst({
    where: { id: input.id, ...(viewerId ? { OR: [{ isPublic: true }, { userId: viewerId }] } : { isPublic: true }) },
    select: { ...summarySelect, user: { select: { id: true, name: true, imageUrl: true } } },
  });
  if (!row) throw notFound();
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const visible = viewerId
    ? Prisma.sql`g.status = 'succeeded' AND (g."isPublic" OR g."userId" = ${viewerId})`
    : Prisma.sql`g.status = 'succeeded' AND g."isPublic"`;
  const keyset = after
    ? Prisma.sql`AND (ci."addedAt", ci."generationId") < ((${after.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${after.id})`
    : Prisma.empty;
  const rows = await db.$queryRaw<(GenerationViewRow & { addedAt: Date })[]>`
    SELECT ${generationViewColumns}, ${likedByMeColumn(viewerId)}, ci."addedAt"
    FROM "CollectionItem" ci JOIN "Generation" g ON g.id = ci."generationId" JOIN "User" u ON u.id = g."userId"
    WHERE ci."collectionId" = ${row.id} AND ${visible} ${keyset}
    ORDER BY ci."addedAt" DESC, ci."generationId" DESC
    LIMIT ${input.limit + 1}`;
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "CollectionItem" ci JOIN "Generation" g ON g.id = ci."generationId"
    WHERE ci."collectionId" = ${row.id} AND ${visible}`;
  const more = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    ...summary(row, viewerId),
    itemCount: n,
    owner: row.user,
    items: await rowsToGenerationViews(
      page.map(({ addedAt: _a, ...r }) => r),
      viewerId,
      storage,
    ),
    nextCursor: more && last ? encodeCursor({ createdAt: last.addedAt, id: last.id }) : null,
  };
}
