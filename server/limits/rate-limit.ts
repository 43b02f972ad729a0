// Per-minute limits from the catalogue, on whichever store the app runs with.
import type { Logger } from "pino";
import type { LimiterStore } from "../adapters/limiter";
import { LimiterUnavailableError } from "../adapters/limiter";
import { rateLimits, type RateLimitName } from "./catalogue";
import { limiterDownError, type LimitDetails } from "./limit-error";

export type RateDecision = { allowed: boolean; details: LimitDetails | null };

export type Caller = { userId: string | null; ip: string };

export async function checkRateLimit(
  deps: {
    limiter: LimiterStore;
    logger: Logger;
    overrides?: Partial<Record<string, number>>;
    anonymousOverrides?: Partial<Record<string, number>>;
  },
  name: RateLimitName,
  caller: Caller,
): Promise<RateDecision> {
  const spec = rateLimits[name];
  // Procedures that need an account (anonymousMax 0) stay closed to anonymous callers.
  const max = caller.userId
    ? (deps.overrides?.[name] ?? spec.max)
    : spec.anonymousMax > 0
      ? (deps.anonymousOverrides?.[name] ?? spec.anonymousMax)
      : 0;
  const identifier = caller.userId ? `u:${caller.userId}` : `ip:${caller.ip}`;
  if (max <= 0) {
    // Anonymous callers never reach these (authed procedures); refuse rather than count.
    return {
      allowed: false,
      details: { limit: "rate", max: 0, remaining: 0, resetAt: new Date(Date.now() + spec.windowMs).toISOString() },
    };
  }
  try {
    const r = await deps.limiter.hit(`${name}:${identifier}`, max, spec.windowMs);
    return {
      allowed: r.success,
      details: { limit: "rate", max: r.limit, remaining: r.remaining, resetAt: new Date(r.reset).toISOString() },
    };
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
