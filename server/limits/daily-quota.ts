// Daily generation quotas, counted from the Generation rows themselves (docs/decisions/0013):
// a user's queued, running and succeeded generations (and tombstones of deleted ones)
// reserved in the last 24 hours are the units used. A reservation is the INSERT of those
// rows, under a per-user lock (server/generations/enqueue-generations.ts); a refund is the
// row turning failed or cancelled. So the count is exact, durable, shared by every
// process, and cannot leak a unit when a process dies or the limiter store times out.
import { Prisma, type Db } from "../adapters/db/client";
import type { SqlRunner } from "../adapters/db/sql";
import { AppError } from "../errors";
import { COUNTED_STATUSES, IN_FLIGHT_STATUSES, NOW_UTC } from "../generations/job-settings";
import { dailyQuota } from "./catalogue";
import type { LimitDetails } from "./limit-error";

export type QuotaUsage = {
  limit: number;
  used: number;
  /** Queued + running: what the per-user queue cap counts. */
  inFlight: number;
  /** The lane of every in-flight generation (to put new ones where fewest wait). */
  inFlightLanes: number[];
  /** When the oldest counted unit was taken (it frees up 24 h later). */
  oldest: Date | null;
};

const counted = Prisma.join(COUNTED_STATUSES.map((s) => Prisma.sql`${s}::"GenerationStatus"`));
const inFlight = Prisma.join(IN_FLIGHT_STATUSES.map((s) => Prisma.sql`${s}::"GenerationStatus"`));

/** Prisma as a SqlRunner (for callers not on a hot path). */
export const prismaRunner =
  (db: Pick<Db, "$queryRaw">): SqlRunner =>
  <T>(sql: Prisma.Sql) =>
    db.$queryRaw<T[]>(sql);

/** One indexed read (userId, reservedAt). Null when the user does not exist. */
export async function readQuotaUsage(run: SqlRunner, userId: string): Promise<QuotaUsage | null> {
  // Counts are bigint (a string from pg, a bigint from Prisma); the time is made a
  // timestamptz so either client reads the UTC instant the column holds.
  const rows = await run<{
    limit: number;
    used: bigint | string;
    inFlight: bigint | string;
    lanes: number[] | null;
    oldest: Date | null;
  }>(Prisma.sql`
    SELECT u."dailyGenLimit" AS "limit",
           count(g.id) FILTER (WHERE g.status IN (${counted})) AS used,
           count(g.id) FILTER (WHERE g.status IN (${inFlight})) AS "inFlight",
           array_agg(g."queueLane") FILTER (WHERE g.status IN (${inFlight})) AS lanes,
           min(g."reservedAt") FILTER (WHERE g.status IN (${counted})) AT TIME ZONE 'UTC' AS oldest
    FROM "User" u
    LEFT JOIN "Generation" g ON g."userId" = u.id AND g."reservedAt" > ${NOW_UTC} - make_interval(secs => ${dailyQuota.windowMs / 1000})
    WHERE u.id = ${userId}
    GROUP BY u.id`);
  const row = rows[0];
  if (!row) return null;
  return { limit: row.limit, used: Number(row.used), inFlight: Number(row.inFlight), inFlightLanes: row.lanes ?? [], oldest: row.oldest };
}

/** When the next unit frees up: 24 h after the oldest counted one (now + 24 h when none). */
export function quotaResetAt(usage: Pick<QuotaUsage, "oldest">, now = Date.now()): Date {
  return new Date((usage.oldest?.getTime() ?? now) + dailyQuota.windowMs);
}

export function dailyLimitDetails(usage: QuotaUsage): LimitDetails {
  return { limit: "daily", max: usage.limit, remaining: Math.max(0, usage.limit - usage.used), resetAt: quotaResetAt(usage).toISOString() };
}

export type QuotaView = { limit: number; used: number; remaining: number; resetAt: Date };

export async function getDailyQuota(db: Pick<Db, "$queryRaw">, userId: string): Promise<QuotaView> {
  const usage = await readQuotaUsage(prismaRunner(db), userId);
  if (!usage) throw new AppError("UNAUTHORIZED", "Your account no longer exists.");
  return { limit: usage.limit, used: usage.used, remaining: Math.max(0, usage.limit - usage.used), resetAt: quotaResetAt(usage) };
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
