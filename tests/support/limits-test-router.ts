// A tiny router built from the app's own builders, to test the limit middleware
// without the generation pipeline.
import { z } from "zod";
import { AppError } from "../../server/errors";
import {
  authedRateLimitedProcedure,
  createCallerFactory,
  generateQuotaProcedure,
  rateLimitedProcedure,
  router,
} from "../../server/trpc/init";

export const limitsTestRouter = router({
  generate: generateQuotaProcedure
    .input(z.object({ outcome: z.enum(["ok", "fail", "blocked"]).default("ok") }))
    .mutation(({ input, ctx }) => {
      if (input.outcome === "fail") throw new AppError("PROVIDER_ERROR", "The image model failed.");
      if (input.outcome === "blocked") throw new AppError("CONTENT_BLOCKED", "Blocked.", { stage: "input", reason: "test" });
      return { ok: true, quota: ctx.quota };
    }),
  write: authedRateLimitedProcedure("mutation").mutation(() => "written"),
  read: rateLimitedProcedure("read").query(() => "read"),
});

export const createLimitsTestCaller = createCallerFactory(limitsTestRouter);
