// The generation procedures: thin wrappers over server/generations.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { authedProcedure, authedRateLimitedProcedure, generateQuotaProcedure, ownedGenerationProcedure, rateLimitedProcedure, router } from "../init";
import { mapAppError } from "../app-error";
import { generateImage } from "../../generations/generate-image";
import { listDiscovery, listHistory } from "../../generations/feeds";
import { deleteGeneration, getGeneration, setGenerationVisibility } from "../../generations/manage-generation";
import { feedInput, generateInput, generationIdInput, progressInput } from "../../generations/schemas";

// Rate limit, then one unit of the daily quota reserved before any model call and
// refunded when the generation fails or is blocked (server/trpc/init.ts).
export const generateProcedure = generateQuotaProcedure
  .input(generateInput)
  .mutation(({ ctx, input }) => generateImage(ctx.services, ctx.user.id, input));

// Errors while streaming come after the error-mapping middleware has returned, so map
// them here: SERVICE_UNAVAILABLE (progress store down) tells the SSE client to reconnect.
export const generationProgressProcedure = authedProcedure.input(progressInput).subscription(async function* ({ ctx, input, signal }) {
  try {
    for await (const [id, event] of ctx.services.progress.subscribe(ctx.user.id, input.progressId, { signal, lastEventId: input.lastEventId })) {
      yield tracked(id, event);
    }
  } catch (e) {
    throw mapAppError(e);
  }
});

export const historyProcedure = authedRateLimitedProcedure("read").input(feedInput).query(({ ctx, input }) => listHistory(ctx.services, ctx.user.id, input));

export const discoveryProcedure = rateLimitedProcedure("read").input(feedInput).query(({ ctx, input }) => listDiscovery(ctx.services, ctx.user?.id ?? null, input));

export const generationRouter = router({
  get: rateLimitedProcedure("read").input(generationIdInput).query(({ ctx, input }) => getGeneration(ctx.services, ctx.user?.id ?? null, input.id)),
  update: ownedGenerationProcedure
    .input(z.object({ isPublic: z.boolean() }))
    .mutation(({ ctx, input }) => setGenerationVisibility(ctx.services, ctx.generation, input.isPublic)),
  delete: ownedGenerationProcedure.mutation(({ ctx }) => deleteGeneration(ctx.db, ctx.services.storage, ctx.generation)),
});
