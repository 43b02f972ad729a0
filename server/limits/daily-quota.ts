// Daily generation quotas: reserved atomically before the model call, given back when
// the generation fails or is blocked, so failures never cost the user quota.
import type { Logger } from "pino";
import type { Db } from "../adapters/db/client";
import { LimiterUnavailableError, type LimiterStore } from "../adapters/limiter";
import { AppError } from "../errors";
import { dailyQuota } from "./catalogue";
import { limiterDownError, rateLimitedError, type LimitDetails } from "./limit-error";

type Deps = { db: Db; limiter: LimiterStore; logger: Logger };

const keyOf = (userId: string) => `daily-gen:${userId}`;

/** Read per request so an admin's override takes effect on the next call. */
async function dailyLimitOf(db: Db, userId: string): Promise<number> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { dailyGenLimit: true } });
  if (!row) throw new AppError("UNAUTHORIZED", "Your account no longer exists.");
  return row.dailyGenLimit;
}

export type QuotaReservation = {
  details: LimitDetails;
  /** Gives the unit back; safe to call more than once. */
  refund: () => Promise<void>;
};

export async function reserveDailyGeneration(deps: Deps, userId: string): Promise<QuotaReservation> {
  const max = await dailyLimitOf(deps.db, userId);
  let r;
  try {
    r = await deps.limiter.reserve(keyOf(userId), max, dailyQuota.windowMs);
  } catch (e) {
    if (!(e instanceof LimiterUnavailableError)) throw e;
    deps.logger.error({ err: { message: e.message } }, "quota store unavailable: refusing generate (fail closed)");
    throw limiterDownError(e);
  }
  const details: LimitDetails = { limit: "daily", max, remaining: Math.max(0, max - r.used), resetAt: new Date(r.reset).toISOString() };
  if (!r.ok) throw rateLimitedError(details);
  let refunded = false;
  return {
    details,
    refund: async () => {
      if (refunded) return;
      refunded = true;
      try {
        await deps.limiter.release(keyOf(userId));
      } catch (e) {
        // The original failure matters more to the caller; the unit expires with the window.
        deps.logger.error({ err: { message: (e as Error).message } }, "quota refund failed");
      }
    },
  };
}

export type QuotaView = { limit: number; used: number; remaining: number; resetAt: Date };

export async function getDailyQuota(deps: Deps, userId: string): Promise<QuotaView> {
  const limit = await dailyLimitOf(deps.db, userId);
  let state;
  try {
    state = await deps.limiter.peek(keyOf(userId));
  } catch (e) {
    if (!(e instanceof LimiterUnavailableError)) throw e;
    throw limiterDownError(e);
  }
  return {
    limit,
    used: state.used,
    remaining: Math.max(0, limit - state.used),
    // No generation yet today: a new window would start now.
    resetAt: new Date(state.reset ?? Date.now() + dailyQuota.windowMs),
  };
}

/** Admin override (npm run quota:set). */
export async function setDailyLimit(db: Db, userIdOrEmail: string, limit: number) {
  const user = await db.user.findFirst({
    where: { OR: [{ id: userIdOrEmail }, { email: { equals: userIdOrEmail, mode: "insensitive" } }] },
    select: { id: true, email: true },
  });
  if (!user) throw new AppError("NOT_FOUND", `No user with id or email ${userIdOrEmail}`);
  return db.user.update({ where: { id: user.id }, data: { dailyGenLimit: limit }, select: { id: true, email: true, dailyGenLimit: true } });
}
