import { authedProcedure } from "../init";
import { optimizePrompt } from "../../generations/optimize-prompt";
import { optimizeInput } from "../../generations/schemas";

export const optimizeProcedure = authedProcedure
  .input(optimizeInput)
  .mutation(({ ctx, input }) => optimizePrompt(ctx.services, ctx.user.id, input));
