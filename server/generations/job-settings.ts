// How generation jobs are named, queued and bounded (docs/decisions/0013), from env.
import { createHash } from "node:crypto";
import { Prisma } from "../adapters/db/client";
import type { RenderPolicy } from "../adapters/models/model-port";
import type { Env } from "../env";

export const RENDER_TASK = "generation.render";

export type JobSettings = {
  userConcurrency: number;
  maxQueuedPerUser: number;
  providerConcurrency: number;
  leaseMs: number;
  /** Worker starts a generation gets (a start whose worker dies counts). */
  maxAttempts: number;
  queueTimeoutMs: number;
  heartbeatMs: number;
  orphanGraceMs: number;
  waitMs: number;
};

export function jobSettings(env: Env): JobSettings {
  return {
    userConcurrency: env.USER_CONCURRENCY,
    maxQueuedPerUser: env.MAX_QUEUED_PER_USER,
    providerConcurrency: env.PROVIDER_CONCURRENCY,
    leaseMs: env.JOB_LEASE_MS,
    maxAttempts: env.JOB_MAX_ATTEMPTS,
    queueTimeoutMs: env.JOB_QUEUE_TIMEOUT_MS,
    // Several beats per lease, so one slow beat never looks like a death.
    heartbeatMs: Math.max(100, Math.min(2000, Math.floor(env.JOB_LEASE_MS / 5))),
    orphanGraceMs: env.ORPHAN_FILE_GRACE_MS,
    waitMs: env.GENERATE_WAIT_MS,
  };
}

/** The longest one start of a job may take: every render attempt, backoffs, fetch and store. */
export function runDeadlineMs(policy: RenderPolicy): number {
  const backoffs = policy.backoffMs * (2 ** policy.maxAttempts - 1) * 1.25;
  return policy.timeoutMs * (policy.maxAttempts + 2) + backoffs + 60_000;
}

/** One named queue per (user, lane): each runs one job at a time, so a user runs at most `lanes` at once. */
export const laneQueueName = (userId: string, lane: number) => `gen:${userId}:${lane}`;
export const laneQueuePrefix = (userId: string) => `gen:${userId}:`;
export const userOfQueueName = (name: string): string | null => /^gen:(.+):\d+$/.exec(name)?.[1] ?? null;
export const jobKeyOf = (generationId: string) => `gen:${generationId}`;
export const generationOfJobKey = (key: string) => (key.startsWith("gen:") ? key.slice(4) : null);

/** The advisory-lock key of a name: 64 bits of its sha256, made here so a statement can carry it as a literal. */
export function advisoryKey(name: string): string {
  return createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
}

/** The user's advisory-lock key (taken by lockUserSql and by studio_admit_generations). */
export const userLockKey = (userId: string) => advisoryKey(`studio:gen-user:${userId}`);

/**
 * Serialises everything that counts or changes one user's queue and quota inside a
 * transaction: studio_admit_generations takes this lock for enqueue and retry, the
 * reconciler's queue clean-up takes it with this statement.
 */
export const lockUserSql = (userId: string) => Prisma.sql`SELECT pg_advisory_xact_lock(${userLockKey(userId)}::bigint)`;

/** The provider's advisory-lock key: serialises its render cap check (studio_take_render_slot). */
export const providerLockKey = (provider: string) => advisoryKey(`studio:gen-provider:${provider}`);

/** The current time as the timestamp(3)-without-zone UTC the tables hold, whatever the session's zone. */
export const NOW_UTC = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

export const FINAL_STATUSES = ["succeeded", "failed", "cancelled"] as const;
