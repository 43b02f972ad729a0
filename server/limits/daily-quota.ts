// Daily generation quotas, counted from the Generation rows themselves (docs/decisions/0013):
// a user's queued, running and succeeded generations (and tombstones of deleted ones)
// reserved in the last 24 hours are the units used. A reservation is the INSERT of those
// rows, under a per-user lock; a refund is the row turning failed or cancelled. So the
// count is exact, durable, shared by every process, and cannot leak a unit when a process
// dies or the limiter store times out.
//
// The rule itself — what counts, and `used + n <= limit`, `in flight + n <= queue cap` —
// is stated once, in SQL, next to the rows (migration generation_job_functions:
// studio_quota_usage and studio_admit_generations), so that `generate` can lock, count,
// decide, insert and add its jobs in one statement. This file names the window and turns
// the database's verdict into the caller's answer.
import { Prisma, type Db } from "../adapters/db/client";
import type { SqlRunner } from "../adapters/db/sql";
import { AppError } from "../errors";
import { userLockKey } from "../generations/job-settings";
import { dailyQuota } from "./catalogue";
import { rateLimitedError, type LimitDetails } from "./limit-error";

export type QuotaUsage = {
  limit: number;
  used: number;
  /** Queued + running: what the per-user queue cap counts. */
  inFlight: number;
  /** When the oldest counted unit was taken (it frees up 24 h later). */
  oldest: Date | null;
};

/** Prisma as a SqlRunner (for callers not on a hot path). */
export const prismaRunner =
  (db: Pick<Db, "$queryRaw">): SqlRunner =>
  <T>(sql: Prisma.Sql) =>
    db.$queryRaw<T[]>(sql);

/** One indexed read (userId, reservedAt), no lock. Null when the user does not exist. */
export async function readQuotaUsage(run: SqlRunner, userId: string): Promise<QuotaUsage | null> {
  const rows = await run<{ limit: number; used: number; inFlight: number; oldest: Date | null }>(Prisma.sql`
    SELECT daily_limit AS "limit", used, in_flight AS "inFlight", oldest
    FROM studio_quota_usage(${userId}, ${dailyQuota.windowMs}::bigint)`);
  return rows[0] ?? null;
}

/** What studio_admit_generations answers (columns as the statement names them). */
export type AdmissionRow = {
  verdict: "admitted" | "daily" | "queue" | "no-user";
  limit: number | null;
  used: number | null;
  inFlight: number | null;
  oldest: Date | null;
  /** Per admitted generation, in order: its lane (0-based) and its priority (the user's own position); studio_admit_generations only. */
  lanes?: number[] | null;
  priorities?: number[] | null;
};

/**
 * Takes the user's lock for the rest of the transaction, counts, and admits `count` new
 * generations or says why not (studio_admit_generations); the caller writes the rows and
 * jobs in the same transaction, and only when the verdict is "admitted" (retry; generate
 * does all of it in studio_enqueue_generations).
 */
export function admitGenerationsSql(userId: string, count: number, limits: { maxQueuedPerUser: number; userConcurrency: number }) {
  return Prisma.sql`SELECT verdict, daily_limit AS "limit", used, in_flight AS "inFlight", oldest, lanes, priorities
    FROM studio_admit_generations(${userId}, ${userLockKey(userId)}::bigint, ${count}::int, ${dailyQuota.windowMs}::bigint,
      ${limits.maxQueuedPerUser}::int, ${limits.userConcurrency}::int)`;
}

/** The refusal for a verdict other than "admitted". */
export function admissionRefusal(row: AdmissionRow, maxQueuedPerUser: number): AppError {
  if (row.verdict === "no-user") return new AppError("UNAUTHORIZED", "Your account no longer exists.");
  const usage: QuotaUsage = { limit: row.limit!, used: row.used!, inFlight: row.inFlight!, oldest: row.oldest };
  if (row.verdict === "daily") return rateLimitedError(dailyLimitDetails(usage));
  // No exact time for the queue: a slot frees up when one of the user's jobs ends. A short hint.
  return rateLimitedError({
    limit: "queue",
    max: maxQueuedPerUser,
    remaining: Math.max(0, maxQueuedPerUser - usage.inFlight),
    resetAt: new Date(Date.now() + 10_000).toISOString(),
  });
}

/** When the next unit frees up: 24 h after the oldest counted one (now + 24 h when none). */
export function quotaResetAt(usage: Pick<QuotaUsage, "oldest">, now = Date.now()): Date {
  return new Date((usage.oldest?.getTime() ?? now) + dailyQuota.windowMs);
}

function dailyLimitDetails(usage: QuotaUsage): LimitDetails {
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
