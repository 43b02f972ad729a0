import { z } from "zod";
import { safeId, safeText } from "../../validation/safe-text";
import { authedRateLimitedProcedure, rateLimitedProcedure, router } from "../init";
import { createApiToken, listApiTokens, revokeApiToken } from "../../users/api-tokens";
import { getDailyQuota } from "../../limits/daily-quota";

/** The caller, or null when signed out. */
export const meProcedure = rateLimitedProcedure("read").query(({ ctx }) =>
  ctx.user ? { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, imageUrl: ctx.user.imageUrl } : null,
);

/** The last 24 h of generations: limit, used (queued, running or done), remaining, and when the next unit frees up. */
export const quotaProcedure = authedRateLimitedProcedure("read").query(({ ctx }) => getDailyQuota(ctx.db, ctx.user.id));

export const apiTokensRouter = router({
  list: authedRateLimitedProcedure("read").query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),
  /** The token is in this response only; it is never stored or shown again. */
  create: authedRateLimitedProcedure("mutation")
    .input(z.object({ name: safeText().trim().min(1, "Give the token a name").max(64) }))
    .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user.id, input.name)),
  revoke: authedRateLimitedProcedure("mutation")
    .input(z.object({ id: safeId() }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.user.id, input.id)),
});
