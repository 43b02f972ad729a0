// Per-minute limits from the catalogue, on whichever store the app runs with.
import type { Logger } from "pino";
import type { LimiterStore, WindowHit } from "../adapters/limiter";
import { LimiterUnavailableError } from "../adapters/limiter";
import { rateLimits, type RateLimitName } from "./catalogue";
import { limiterDownError, type LimitDetails } from "./limit-error";

export type RateDecision = { allowed: boolean; details: LimitDetails | null };

export type Caller = { userId: string | null; ip: string };

type Deps = {
  limiter: LimiterStore;
  logger: Logger;
  overrides?: Partial<Record<string, number>>;
  anonymousOverrides?: Partial<Record<string, number>>;
};

/** Which counter a caller's hit on a named limit goes to, and its allowance. */
function target(deps: Deps, name: RateLimitName, caller: Caller) {
  const spec = rateLimits[name];
  // Procedures that need an account (anonymousMax 0) stay closed to anonymous callers.
  const max = caller.userId
    ? (deps.overrides?.[name] ?? spec.max)
    : spec.anonymousMax > 0
      ? (deps.anonymousOverrides?.[name] ?? spec.anonymousMax)
      : 0;
  const identifier = caller.userId ? `u:${caller.userId}` : `ip:${caller.ip}`;
  return { spec, max, key: `${name}:${identifier}` };
}

/** A hit's answer as the caller (and the 429, and the X-RateLimit headers) sees it. */
export function rateDetails(hit: WindowHit): LimitDetails {
  return { limit: "rate", max: hit.limit, remaining: hit.remaining, resetAt: new Date(hit.reset).toISOString() };
}

export async function checkRateLimit(deps: Deps, name: RateLimitName, caller: Caller): Promise<RateDecision> {
  const { spec, max, key } = target(deps, name, caller);
  if (max <= 0) {
    // Anonymous callers never reach these (authed procedures); refuse rather than count.
    return {
      allowed: false,
      details: { limit: "rate", max: 0, remaining: 0, resetAt: new Date(Date.now() + spec.windowMs).toISOString() },
    };
  }
  try {
    const r = await deps.limiter.hit(key, max, spec.windowMs);
    return { allowed: r.success, details: rateDetails(r) };
  } catch (e) {
    if (!(e instanceof LimiterUnavailableError)) throw e;
    if (spec.onStoreDown === "closed") {
      deps.logger.error({ err: { message: e.message }, limit: name }, "limiter unavailable: refusing (fail closed)");
      throw limiterDownError(e);
    }
    deps.logger.warn({ err: { message: e.message }, limit: name }, "limiter unavailable: allowing (fail open)");
    return { allowed: true, details: null };
  }
}

/**
 * A per-minute hit handed to a domain function that makes it inside its own statement on
 * the same PostgreSQL (studio_rate_limit_hit), saving the hit its own round trip. The
 * function reports what the hit found (allowed: the X-RateLimit headers; refused: it
 * throws the 429 itself), and calls `hitNow` if it ends before its statement, so that
 * every call still counts.
 */
export type RateGate = {
  /** The counter's key (with the store's prefix), allowance and window. */
  key: string;
  max: number;
  windowMs: number;
  report: (details: LimitDetails) => void;
  /** The hit on its own; throws the 429 (or 503) as the middleware would. */
  hitNow: () => Promise<void>;
};

/**
 * The gate for a named limit, when the store can be hit inside a statement (the PostgreSQL
 * store) and the caller has an allowance; null otherwise (then hit first, as usual).
 */
export function rateGateFor(
  deps: Deps,
  name: RateLimitName,
  caller: Caller,
  effects: Pick<RateGate, "report" | "hitNow">,
): RateGate | null {
  const { spec, max, key } = target(deps, name, caller);
  if (!deps.limiter.statementKey || max <= 0) return null;
  return { key: deps.limiter.statementKey(key), max, windowMs: spec.windowMs, ...effects };
}
