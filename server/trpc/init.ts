// tRPC is initialised once here; only builders are exported (create-t3-app style).
import { getTRPCErrorFromUnknown, initTRPC, TRPCError } from "@trpc/server";
import { AppError } from "../errors";
import type { Context } from "./context";
import type { RateLimitName } from "../limits/catalogue";
import { checkRateLimit, rateGateFor } from "../limits/rate-limit";
import { limitHeaders, rateLimitedError, type LimitDetails } from "../limits/limit-error";
import { loadOwnedGeneration } from "../generations/manage-generation";
import { generationIdInput } from "../generations/schemas";
import { toTRPCError } from "./app-error";
import { formatError } from "./error-format";
import { transformer } from "./input-envelope";
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "../validation/safe-text";
import { publicContentChanged } from "../generations/public-changes";
import { oncePerRequest } from "../request-scope";
import { forgetRecentCallers } from "../users/authenticate-request";
import {
  databaseUnavailableError,
  OUTAGE_RETRY_AFTER_SECONDS,
  isDatabaseUnreachable,
  outageLogFields,
} from "../system/database-unavailable";

const t = initTRPC.context<Context>().create({
  // superjson, with the input envelope checked first (server/trpc/input-envelope.ts).
  transformer,
  // Subscriptions (generationProgress) stream over SSE; pings keep proxies from
  // closing a quiet stream while a picture renders.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
    maxDurationMs: 10 * 60_000,
  },
  errorFormatter: formatError,
});

/**
 * The one middleware every procedure runs (one step, not one per concern: tRPC copies the
 * context at every step, docs/decisions/0017-serving-speed.md), in this order:
 * 1. a request whose credentials failed is refused on every procedure, public ones
 *    included: a revoked or unknown API token is UNAUTHORIZED, never a quiet anonymous call;
 * 2. a string PostgreSQL cannot store (NUL, an unpaired surrogate) anywhere in the input is
 *    a 400 before anything runs, whatever the procedure's schema says;
 * 3. the procedure's per-minute limit, if it has one (server/limits/catalogue.ts);
 * and around all of it, domain AppErrors become typed tRPC errors, and what is unexpected
 * is logged.
 */
function guarded(limit: RateLimitName | null) {
  return t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
    const started = performance.now();
    let result: Awaited<ReturnType<typeof next>>;
    try {
      await admit(ctx, limit, getRawInput);
      result = await next();
    } catch (cause) {
      // What tRPC itself would make of an error thrown by a middleware.
      result = { ok: false, error: getTRPCErrorFromUnknown(cause), marker: "middlewareMarker" as never };
    }
    const ms = Math.round(performance.now() - started);
    if (!result.ok) {
      const cause = result.error instanceof TRPCError && result.error.cause instanceof AppError ? result.error.cause : null;
      if (cause) {
        // Any limit the domain refuses with (daily quota, queue cap) says so in headers too.
        if (cause.code === "RATE_LIMITED" && cause.data) setLimitHeaders(ctx.resHeaders, cause.data as LimitDetails, true);
        // Picture storage down: the caller gets the 503; the operator gets the store's own words.
        if (cause.code === "SERVICE_UNAVAILABLE" && cause.data?.reason === "storage") {
          const err = cause.cause as { message?: unknown } | undefined;
          ctx.logger.error({ err: { message: String(err?.message ?? "") }, path, type, ms }, "picture storage unreachable");
          ctx.resHeaders.set("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
        }
        result.error = toTRPCError(cause);
      } else if (result.error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnreachable(result.error.cause)) {
        // An outage, not a bug: a 503 that says so, and one line in the log (no stack).
        ctx.logger.error({ err: outageLogFields(result.error.cause), path, type, ms }, "database unreachable");
        ctx.resHeaders.set("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
        result.error = toTRPCError(databaseUnavailableError(result.error.cause));
      } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
        ctx.logger.error({ err: result.error.cause ?? result.error, path, type, ms }, "procedure failed");
      }
    }
    // Publishing, unpublishing, deleting, liking, collecting: anonymous pages may differ now;
    // revoking a token: the callers this process remembers may be out of date.
    if (result.ok && type === "mutation") {
      publicContentChanged();
      forgetRecentCallers();
    }
    ctx.logger.debug({ path, type, ms, ok: result.ok }, "procedure");
    return result;
  });
}

async function admit(ctx: Context, limit: RateLimitName | null, getRawInput: () => Promise<unknown>) {
  const problem = ctx.callerProblem;
  if (problem?.kind === "rejected-token") throw new AppError("UNAUTHORIZED", "That API token is revoked or unknown.");
  if (problem?.kind === "lookup-failed") throw problem.error;
  const where = findUnstorableText(await getRawInput());
  if (where) {
    const field = where.join(".").slice(0, 200);
    throw new AppError("BAD_REQUEST", field ? `${field}: ${UNSTORABLE_TEXT_MESSAGE}` : UNSTORABLE_TEXT_MESSAGE, { field });
  }
  if (limit) await enforceRateLimit(ctx, limit);
}

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

export const publicProcedure = t.procedure.use(guarded(null));

/** Signed-in callers only; narrows ctx.user to non-null downstream. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do that." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

function setLimitHeaders(headers: Headers, details: LimitDetails, refused: boolean) {
  for (const [k, v] of Object.entries(limitHeaders(details, refused))) headers.set(k, v);
}

type LimitCtx = Pick<Context, "services" | "logger" | "user" | "ip" | "resHeaders" | "pageScope">;

/**
 * Counts one hit on a named limit now; throws the 429 (with headers) when refused. A page's
 * loaders count each limit once for the whole page (ctx.pageScope).
 */
async function enforceRateLimit(ctx: LimitCtx, name: RateLimitName) {
  const check = () => checkRateLimit(limitDeps(ctx), name, { userId: ctx.user?.id ?? null, ip: ctx.ip });
  const decision = await oncePerRequest(ctx.pageScope, `rate-limit:${name}`, check);
  if (decision.details) setLimitHeaders(ctx.resHeaders, decision.details, !decision.allowed);
  if (!decision.allowed) throw rateLimitedError(decision.details!);
}

const limitDeps = (ctx: LimitCtx) => ({
  limiter: ctx.services.limiter,
  logger: ctx.logger,
  overrides: ctx.services.env.RATE_LIMITS,
  anonymousOverrides: ctx.services.env.RATE_LIMITS_ANONYMOUS,
});

/** Per-minute limit from the catalogue (server/limits/catalogue.ts): users by id, anonymous callers by IP. */
function rateLimit(name: RateLimitName) {
  return t.middleware(async ({ ctx, next }) => {
    await enforceRateLimit(ctx, name);
    return next();
  });
}

/** Public procedure under a named per-minute limit (checked in the same step as the rest). */
export const rateLimitedProcedure = (name: RateLimitName) => t.procedure.use(guarded(name));

/** Signed-in procedure under a named per-minute limit (checked after auth, keyed by user). */
export const authedRateLimitedProcedure = (name: RateLimitName) => authedProcedure.use(rateLimit(name));

/**
 * Signed-in procedure under a named per-minute limit that its domain function may count
 * inside its own statement: on the PostgreSQL store, `ctx.rateGate` carries the hit to make
 * there (one round trip fewer; `generate`). With any other store it is null and the limit
 * was counted here, as authedRateLimitedProcedure does.
 */
export const authedRateGatedProcedure = (name: RateLimitName) =>
  authedProcedure.use(async ({ ctx, next }) => {
    const rateGate = rateGateFor(
      limitDeps(ctx),
      name,
      { userId: ctx.user.id, ip: ctx.ip },
      {
        report: (details) => setLimitHeaders(ctx.resHeaders, details, false),
        hitNow: () => enforceRateLimit(ctx, name),
      },
    );
    if (!rateGate) await enforceRateLimit(ctx, name);
    return next({ ctx: { rateGate } });
  });

/**
 * Owner-only access to one generation: loads the row scoped to the caller and puts it
 * on ctx. Someone else's (or a missing) id answers NOT_FOUND, never FORBIDDEN.
 */
export const ownedGenerationProcedure = authedRateLimitedProcedure("mutation")
  .input(generationIdInput)
  .use(async ({ ctx, input, next }) => {
    const generation = await loadOwnedGeneration(ctx.db, ctx.user.id, input.id);
    return next({ ctx: { generation } });
  });
