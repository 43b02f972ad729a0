import { authedRateLimitedProcedure } from "../init";
import { optimizePrompt } from "../../generations/optimize-prompt";
import { optimizeInput } from "../../generations/schemas";

export const optimizeProcedure = authedRateLimitedProcedure("optimize")
  .input(optimizeInput)
  .mutation(({ ctx, input }) => optimizePrompt(ctx.services, ctx.user.id, input));
