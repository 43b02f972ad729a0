// The generation procedures: thin wrappers over server/generations.
import { tracked } from "@trpc/server";
import { authedProcedure, authedRateLimitedProcedure, generateQuotaProcedure, rateLimitedProcedure, router } from "../init";
import { generateImage } from "../../generations/generate-image";
import { listDiscovery, listHistory } from "../../generations/feeds";
import { deleteGeneration, getGeneration, setGenerationVisibility } from "../../generations/manage-generation";
import { feedInput, generateInput, generationIdInput, generationUpdateInput, progressInput } from "../../generations/schemas";

// Rate limit, then one unit of the daily quota reserved before any model call and
// refunded when the generation fails or is blocked (server/trpc/init.ts).
export const generateProcedure = generateQuotaProcedure
  .input(generateInput)
  .mutation(({ ctx, input }) => generateImage(ctx.services, ctx.user.id, input));

export const generationProgressProcedure = authedProcedure.input(progressInput).subscription(async function* ({ ctx, input, signal }) {
  for await (const [id, event] of ctx.services.progress.subscribe(ctx.user.id, input.progressId, { signal, lastEventId: input.lastEventId })) {
    yield tracked(id, event);
  }
});

export const historyProcedure = authedRateLimitedProcedure("read").input(feedInput).query(({ ctx, input }) => listHistory(ctx.db, ctx.user.id, input));

export const discoveryProcedure = rateLimitedProcedure("read").input(feedInput).query(({ ctx, input }) => listDiscovery(ctx.db, ctx.user?.id ?? null, input));

export const generationRouter = router({
  get: rateLimitedProcedure("read").input(generationIdInput).query(({ ctx, input }) => getGeneration(ctx.db, ctx.user?.id ?? null, input.id)),
  update: authedRateLimitedProcedure("mutation")
    .input(generationUpdateInput)
    .mutation(({ ctx, input }) => setGenerationVisibility(ctx.db, ctx.user.id, input.id, input.isPublic)),
  delete: authedRateLimitedProcedure("mutation")
    .input(generationIdInput)
    .mutation(({ ctx, input }) => deleteGeneration(ctx.db, ctx.services.storage, ctx.user.id, input.id)),
});
