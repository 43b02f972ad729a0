// A tiny router built from the app's own builders, to test the per-minute limit middleware
// without the generation pipeline.
import { authedRateLimitedProcedure, createCallerFactory, rateLimitedProcedure, router } from "../../server/trpc/init";

export const limitsTestRouter = router({
  generate: authedRateLimitedProcedure("generate").mutation(() => ({ ok: true })),
  write: authedRateLimitedProcedure("mutation").mutation(() => "written"),
  read: rateLimitedProcedure("read").query(() => "read"),
});

export const createLimitsTestCaller = createCallerFactory(limitsTestRouter);
