// tRPC is initialised once here; only builders are exported (create-t3-app style).
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { AppError, toTRPCError } from "../errors";
import type { Context } from "./context";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Subscriptions (generationProgress) stream over SSE; pings keep proxies from
  // closing a quiet stream while a picture renders.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
    maxDurationMs: 10 * 60_000,
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Never ship server stack traces to callers.
        stack: undefined,
        zodIssues: cause instanceof ZodError ? cause.issues : null,
        appCode: cause instanceof AppError ? cause.code : null,
        details: cause instanceof AppError ? (cause.data ?? null) : null,
      },
    };
  },
});

/** Turns domain AppErrors into typed tRPC errors, and logs what is unexpected. */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const started = performance.now();
  const result = await next();
  const ms = Math.round(performance.now() - started);
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      const mapped = toTRPCError(cause);
      result.error = mapped;
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.logger.error({ err: result.error.cause ?? result.error, path, type, ms }, "procedure failed");
    }
  }
  ctx.logger.debug({ path, type, ms, ok: result.ok }, "procedure");
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

export const publicProcedure = t.procedure.use(errorMapping);

/** Signed-in callers only; narrows ctx.user to non-null downstream. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do that." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
