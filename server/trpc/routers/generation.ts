// The generation procedures: thin wrappers over server/generations.
import { tracked } from "@trpc/server";
import { z } from "zod";
import {
  authedProcedure,
  authedRateGatedProcedure,
  authedRateLimitedProcedure,
  ownedGenerationProcedure,
  rateLimitedProcedure,
  router,
} from "../init";
import { mapAppError } from "../app-error";
import { enqueueGenerations } from "../../generations/enqueue-generations";
import { readBatch, waitForBatch, type BatchResult } from "../../generations/batches";
import { cancelGeneration, listQueue, retryGeneration } from "../../generations/job-control";
import { jobSettings } from "../../generations/job-settings";
import { listDiscovery, listHistory } from "../../generations/feeds";
import { deleteGeneration, setGenerationVisibility } from "../../generations/manage-generation";
import { getGenerationDetail } from "../../generations/lineage";
import { likeGeneration, unlikeGeneration } from "../../generations/likes";
import { bulkDelete, bulkSetVisibility, MAX_BULK } from "../../generations/bulk-actions";
import { safeId } from "../../validation/safe-text";
import { followGeneration } from "../../generations/follow-progress";
import { batchInput, feedInput, generateInput, generationIdInput, historyInput, progressInput } from "../../generations/schemas";

/**
 * Per-minute limit, then (in the domain) the daily quota and the queue cap, counted from
 * the rows under the user's lock; the rows are written queued and their jobs added. On the
 * PostgreSQL limiter store the per-minute hit is counted in the domain's own statement (one
 * round trip for the whole call). It answers at once, or with `wait: true` once the
 * pictures are finished.
 */
export const generateProcedure = authedRateGatedProcedure("generate")
  .input(generateInput)
  .mutation(async ({ ctx, input }): Promise<BatchResult> => {
    const batch = await enqueueGenerations(ctx.services, ctx.user.id, input, ctx.rateGate);
    if (input.wait) return waitForBatch(ctx.services, ctx.user.id, batch.batchId, jobSettings(ctx.services.env).waitMs);
    return { batchId: batch.batchId, generations: batch.generations.map((g) => ({ ...g, picture: null, error: null })) };
  });

// Errors while streaming come after the error-mapping middleware has returned, so map
// them here: SERVICE_UNAVAILABLE (progress store down) tells the SSE client to reconnect.
export const generationProgressProcedure = authedProcedure.input(progressInput).subscription(async function* ({ ctx, input, signal }) {
  try {
    const events = input.generationId
      ? followGeneration(ctx.services, ctx.user.id, input.generationId, { signal, lastEventId: input.lastEventId })
      : ctx.services.progress.subscribe(ctx.user.id, input.progressId!, { signal, lastEventId: input.lastEventId });
    for await (const [id, event] of events) {
      yield tracked(id, event);
    }
  } catch (e) {
    throw mapAppError(e);
  }
});

export const historyProcedure = authedRateLimitedProcedure("read")
  .input(historyInput)
  .query(({ ctx, input }) => listHistory(ctx.services, ctx.user.id, input));

export const discoveryProcedure = rateLimitedProcedure("read")
  .input(feedInput)
  .query(({ ctx, input }) => listDiscovery(ctx.services, ctx.user?.id ?? null, input));

/** My queued and running jobs with their positions, and my recent finished ones. */
export const queueProcedure = authedRateLimitedProcedure("read").query(({ ctx }) => listQueue(ctx.services, ctx.user.id));

const bulkIds = z.array(safeId()).min(1, "Select at least one picture.").max(MAX_BULK, `At most ${MAX_BULK} pictures at once.`);

export const generationRouter = router({
  /** One picture with its lineage: `parent` (or "deleted") and `remixes` (count, newest few). */
  get: rateLimitedProcedure("read")
    .input(generationIdInput)
    .query(({ ctx, input }) => getGenerationDetail(ctx.services, ctx.user?.id ?? null, input.id)),
  update: ownedGenerationProcedure
    .input(z.object({ isPublic: z.boolean() }))
    .mutation(({ ctx, input }) => setGenerationVisibility(ctx.services, ctx.generation, input.isPublic)),
  delete: ownedGenerationProcedure.mutation(({ ctx }) => deleteGeneration(ctx.db, ctx.services.storage, ctx.generation)),
  /** Queued: removed from the queue; running: the provider call is aborted. Either way the unit is refunded. */
  cancel: authedRateLimitedProcedure("mutation")
    .input(generationIdInput)
    .mutation(({ ctx, input }) => cancelGeneration(ctx.services, ctx.user.id, input.id)),
  /** A failed or cancelled generation, queued again (with the same settings and seed); uses a unit. */
  retry: authedRateLimitedProcedure("generate")
    .input(generationIdInput)
    .mutation(({ ctx, input }) => retryGeneration(ctx.services, ctx.user.id, input.id)),
  /** Up to 100 of my pictures made public or private in one transaction → `{ updated, skipped }`. */
  bulkUpdate: authedRateLimitedProcedure("mutation")
    .input(z.object({ ids: bulkIds, isPublic: z.boolean() }))
    .mutation(({ ctx, input }) => bulkSetVisibility(ctx.services, ctx.user.id, input.ids, input.isPublic)),
  /** Up to 100 of my pictures deleted in one transaction, files removed in one batch → `{ deleted, skipped }`. */
  bulkDelete: authedRateLimitedProcedure("mutation")
    .input(z.object({ ids: bulkIds }))
    .mutation(({ ctx, input }) => bulkDelete(ctx.services, ctx.user.id, input.ids)),
  /** Like a public picture (idempotent) → `{ id, likeCount, likedByMe }`. */
  like: authedRateLimitedProcedure("like")
    .input(generationIdInput)
    .mutation(({ ctx, input }) => likeGeneration(ctx.db, ctx.user.id, input.id)),
  /** Take a like back (idempotent) → `{ id, likeCount, likedByMe }`. */
  unlike: authedRateLimitedProcedure("like")
    .input(generationIdInput)
    .mutation(({ ctx, input }) => unlikeGeneration(ctx.db, ctx.user.id, input.id)),
  /** One `generate` call's generations; with `wait: true`, once they are finished (bounded by GENERATE_WAIT_MS). */
  batch: authedRateLimitedProcedure("read")
    .input(batchInput.extend({ wait: z.boolean().default(false) }))
    .query(({ ctx, input }) =>
      input.wait
        ? waitForBatch(ctx.services, ctx.user.id, input.batchId, jobSettings(ctx.services.env).waitMs)
        : readBatch(ctx.services, ctx.user.id, input.batchId),
    ),
});
