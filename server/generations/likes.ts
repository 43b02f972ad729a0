// Likes (issue 11): one row per (user, picture), and the picture's likeCount kept in the
// same statement, so top and trending read an indexed column instead of counting. Liking
// is for public, finished pictures; both directions are idempotent (liking twice is one
// like) and answer the picture's state after the call.
import type { Db } from "../adapters/db/client";
import { AppError } from "../errors";

export type LikeState = { id: string; likeCount: number; likedByMe: boolean };

const notFound = () => new AppError("NOT_FOUND", "That picture does not exist or is not public.");

export async function likeGeneration(db: Db, userId: string, generationId: string): Promise<LikeState> {
  // The insert takes only a public finished picture; the count moves only if a row was
  // inserted (ON CONFLICT: already liked), in the same statement.
  const [changed] = await db.$queryRaw<{ likeCount: number }[]>`
    WITH ins AS (
      INSERT INTO "Like" ("userId", "generationId")
      SELECT ${userId}, g.id FROM "Generation" g WHERE g.id = ${generationId} AND g."isPublic" AND g.status = 'succeeded'
      ON CONFLICT DO NOTHING
      RETURNING "generationId"
    )
    UPDATE "Generation" SET "likeCount" = "likeCount" + 1 WHERE id IN (SELECT "generationId" FROM ins) RETURNING "likeCount"`;
  if (changed) return { id: generationId, likeCount: changed.likeCount, likedByMe: true };
  return current(db, userId, generationId, true);
}

export async function unlikeGeneration(db: Db, userId: string, generationId: string): Promise<LikeState> {
  const [changed] = await db.$queryRaw<{ likeCount: number }[]>`
    WITH del AS (DELETE FROM "Like" WHERE "userId" = ${userId} AND "generationId" = ${generationId} RETURNING "generationId")
    UPDATE "Generation" SET "likeCount" = greatest("likeCount" - 1, 0) WHERE id IN (SELECT "generationId" FROM del) RETURNING "likeCount", "isPublic"`;
  if (changed) return { id: generationId, likeCount: changed.likeCount, likedByMe: false };
  return current(db, userId, generationId, false);
}

/** Nothing changed: the picture as it is, if the caller may see it (public, or their own). */
async function current(db: Db, userId: string, generationId: string, liking: boolean): Promise<LikeState> {
  const [row] = await db.$queryRaw<{ likeCount: number; isPublic: boolean; status: string; liked: boolean; own: boolean }[]>`
    SELECT g."likeCount", g."isPublic", g.status::text AS status, g."userId" = ${userId} AS own,
      EXISTS (SELECT 1 FROM "Like" l WHERE l."generationId" = g.id AND l."userId" = ${userId}) AS liked
    FROM "Generation" g WHERE g.id = ${generationId}`;
  if (!row || (!row.own && !row.isPublic) || (!row.own && row.status !== "succeeded")) throw notFound();
  if (liking && !row.liked) {
    throw new AppError("BAD_REQUEST", "Only public, finished pictures can be liked: make it public first.", { field: "id" });
  }
  return { id: generationId, likeCount: row.likeCount, likedByMe: row.liked };
}
