// Collections and profiles: thin wrappers over server/collections and server/users/profile.
import { z } from "zod";
import { authedRateLimitedProcedure, rateLimitedProcedure, router } from "../init";
import { safeId, safeText } from "../../validation/safe-text";
import { feedCursor, feedInput } from "../../generations/schemas";
import {
  addManyToCollection,
  addToCollection,
  createCollection,
  deleteCollection,
  getCollection,
  listMyCollections,
  removeFromCollection,
  updateCollection,
} from "../../collections/collections";
import { getProfile } from "../../users/profile";
import { MAX_BULK_PICTURES } from "../../contract";

const collectionName = safeText().trim().min(1, "Give the collection a name.").max(100);
const entry = z.object({ id: safeId(), generationId: safeId() });

export const collectionRouter = router({
  /** `{ name, isPublic? (false) }` → the new collection. */
  create: authedRateLimitedProcedure("mutation")
    .input(z.object({ name: collectionName, isPublic: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => createCollection(ctx.db, ctx.user.id, input)),
  /** Rename and/or make public or private. */
  update: authedRateLimitedProcedure("mutation")
    .input(
      z
        .object({ id: safeId(), name: collectionName.optional(), isPublic: z.boolean().optional() })
        .refine((v) => v.name !== undefined || v.isPublic !== undefined, { message: "Give a new name or isPublic." }),
    )
    .mutation(({ ctx, input }) => updateCollection(ctx.db, ctx.user.id, input)),
  /** The collection goes; its pictures stay. */
  delete: authedRateLimitedProcedure("mutation")
    .input(z.object({ id: safeId() }))
    .mutation(({ ctx, input }) => deleteCollection(ctx.db, ctx.user.id, input.id)),
  add: authedRateLimitedProcedure("mutation")
    .input(entry)
    .mutation(({ ctx, input }) => addToCollection(ctx.db, ctx.user.id, input)),
  /** Up to 100 pictures in one go (history's bulk bar) → `{ added, already, skipped }`. */
  addMany: authedRateLimitedProcedure("mutation")
    .input(
      z.object({
        id: safeId(),
        generationIds: z
          .array(safeId())
          .min(1, "Select at least one picture.")
          .max(MAX_BULK_PICTURES, `At most ${MAX_BULK_PICTURES} pictures at once.`),
      }),
    )
    .mutation(({ ctx, input }) => addManyToCollection(ctx.db, ctx.user.id, input)),
  remove: authedRateLimitedProcedure("mutation")
    .input(entry)
    .mutation(({ ctx, input }) => removeFromCollection(ctx.db, ctx.user.id, input)),
  /** My collections, public or not. */
  mine: authedRateLimitedProcedure("read").query(({ ctx }) => listMyCollections(ctx.services, ctx.user.id)),
  /** A public collection, or my own, with a page of its pictures (most recently added first). */
  get: rateLimitedProcedure("read")
    .input(z.object({ id: safeId(), cursor: feedCursor.nullish(), limit: z.number().int().min(1).max(50).default(24) }))
    .query(({ ctx, input }) => getCollection(ctx.services, ctx.user?.id ?? null, input)),
});

/** `{ id, …discovery's paging and filters }` → the user's name and avatar, public pictures and public collections. */
export const profileProcedure = rateLimitedProcedure("read")
  .input(z.object({ id: safeId() }).and(feedInput.unwrap()))
  .query(({ ctx, input }) => getProfile(ctx.services, ctx.user?.id ?? null, input.id, input));
