// `generate` as a job: validate, moderate, then in one transaction under the user's lock
// count the quota and the queue from the rows, write `count` rows as queued and add their
// jobs. The rows are the reservation (server/limits/daily-quota.ts), so a refused call
// writes nothing, and a process that dies mid-call leaves either everything or nothing.
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { Prisma } from "../adapters/db/client";
import { inTransaction } from "../adapters/db/sql";
import { addJobsSql, type JobSpec } from "../adapters/queue/graphile-queue";
import { publishProgress } from "./publish-progress";
import { AppError } from "../errors";
import { dailyLimitDetails, readQuotaUsage } from "../limits/daily-quota";
import { rateLimitedError, type LimitDetails } from "../limits/limit-error";
import { moderateText } from "../moderation/moderate";
import type { Services } from "../services";
import { beginLockedForUser, jobKeyOf, jobSettings, laneQueueName, NOW_UTC, RENDER_TASK, type JobSettings } from "./job-settings";
import { resolveImageModel } from "./resolve-model";
import type { GenerateInput } from "./schemas";
import type { GenerationStatus } from "../adapters/db/client";

export type EnqueueDeps = Pick<Services, "db" | "pool" | "models" | "progress" | "env" | "logger">;

export type BatchGeneration = { id: string; seed: number | null; status: GenerationStatus };
export type EnqueuedBatch = { batchId: string; generations: BatchGeneration[] };

const MAX_SEED = 2_147_483_647;

/** Ids in the same alphabet and length class as Prisma's cuid() defaults. */
export function newGenerationId(): string {
  return `c${Date.now().toString(36)}${randomBytes(9).toString("hex")}`;
}

/** Where a quota or queue refusal says to come back. */
function queueDetails(max: number, inFlight: number): LimitDetails {
  // No exact time: a slot frees up when one of the user's jobs ends. A short hint.
  return { limit: "queue", max, remaining: Math.max(0, max - inFlight), resetAt: new Date(Date.now() + 10_000).toISOString() };
}

/** Puts each new job in the lane where fewest of the user's jobs wait (ties: lowest lane). */
export function assignLanes(inFlightLanes: number[], lanes: number, count: number): number[] {
  const load = Array.from({ length: lanes }, (_, i) => inFlightLanes.filter((l) => l === i).length);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const lane = load.indexOf(Math.min(...load));
    load[lane]! += 1;
    out.push(lane);
  }
  return out;
}

export function jobSpecFor(settings: JobSettings, g: { id: string; userId: string; lane: number; priority: number }): JobSpec {
  return {
    task: RENDER_TASK,
    payload: { generationId: g.id },
    queueName: laneQueueName(g.userId, g.lane),
    jobKey: jobKeyOf(g.id),
    // The user's own position: everyone's first job goes before anyone's second (fairness).
    priority: Math.min(g.priority, 32_000),
    // Our row's `attempt` decides retries (reconciler); this only stops a runaway loop.
    maxAttempts: settings.maxAttempts + 2,
  };
}

export async function enqueueGenerations(deps: EnqueueDeps, userId: string, input: GenerateInput): Promise<EnqueuedBatch> {
  try {
    return await enqueue(deps, userId, input);
  } catch (e) {
    // A caller following its own progress channel hears why nothing was queued.
    if (input.progressId && e instanceof AppError) publishProgress(deps, userId, input.progressId, { stage: "failed", message: e.message });
    throw e;
  }
}

/** The picture a remix starts from: one the caller may see (public and finished, or their own finished one). */
async function remixParent(deps: EnqueueDeps, userId: string, parentId: string): Promise<{ id: string; seed: number | null }> {
  const parent = await deps.db.generation.findFirst({
    where: { id: parentId, status: "succeeded", OR: [{ isPublic: true }, { userId }] },
    select: { id: true, seed: true },
  });
  if (!parent) throw new AppError("NOT_FOUND", "The picture to remix does not exist or is not public.", { field: "parentId" });
  return parent;
}

async function enqueue(deps: EnqueueDeps, userId: string, input: GenerateInput): Promise<EnqueuedBatch> {
  const settings = jobSettings(deps.env);
  const model = resolveImageModel(deps.models, input.model, input.aspectRatio);
  await moderateText(deps.db, userId, "input", [input.prompt, input.negativePrompt]);
  // A prompt the user edited after optimizing is checked now, before it costs anything.
  if (input.betterPrompt) await moderateText(deps.db, userId, "optimized", [input.betterPrompt]);

  const size = model.sizes[input.aspectRatio]!;
  const parent = input.parentId ? await remixParent(deps, userId, input.parentId) : null;
  const base = input.seed ?? parent?.seed ?? randomInt(0, MAX_SEED);
  const batchId = randomUUID();
  const items = Array.from({ length: input.count }, (_, i) => ({
    id: newGenerationId(),
    seed: model.supportsSeed ? (base + i) % (MAX_SEED + 1) : null,
  }));

  // On the pg pool under Prisma: BEGIN + lock, count, insert + add jobs, COMMIT — four round
  // trips where Prisma would add most of a millisecond to each (bench figure 1). Waiters
  // for one user's lock queue in the pool (a burst is what the per-minute limit bounds).
  await inTransaction(
    deps.pool,
    async (run) => {
      const usage = await readQuotaUsage(run, userId);
      if (!usage) throw new AppError("UNAUTHORIZED", "Your account no longer exists.");
      if (usage.used + input.count > usage.limit) throw rateLimitedError(dailyLimitDetails(usage));
      if (usage.inFlight + input.count > settings.maxQueuedPerUser)
        throw rateLimitedError(queueDetails(settings.maxQueuedPerUser, usage.inFlight));

      const lanes = assignLanes(usage.inFlightLanes, settings.userConcurrency, input.count);
      const rows = items.map((item, i) => ({ ...item, userId, lane: lanes[i]!, priority: usage.inFlight + i }));
      const values = rows.map(
        (r) => Prisma.sql`(${r.id}, ${userId}, 'queued'::"GenerationStatus", ${batchId}, ${size.width}::int, ${size.height}::int,
        ${input.prompt}, ${input.betterPrompt ?? null}, ${input.negativePrompt || null}, ${model.id}, ${model.provider},
        ${input.style ?? null}, ${input.aspectRatio}, ${input.detailLevel}, ${r.seed}::int, ${input.isPublic},
        ${!input.betterPrompt && !input.skipOptimize}, ${input.progressId ?? null}, ${r.priority}::int, ${r.lane}::int,
        ${NOW_UTC}, ${NOW_UTC}, ${NOW_UTC}, ${parent?.id ?? null})`,
      );
      // Rows and jobs in one statement (one round trip); both commit with the transaction.
      await run(Prisma.sql`
      WITH rows AS (
        INSERT INTO "Generation" (id, "userId", status, "batchId", width, height, "originalPrompt", "betterPrompt", "negativePrompt",
          model, provider, style, "aspectRatio", "detailLevel", seed, "isPublic", optimize, "progressId", "queuePriority", "queueLane",
          "reservedAt", "createdAt", "updatedAt", "parentId")
        VALUES ${Prisma.join(values)}
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM rows), (${addJobsSql(rows.map((r) => jobSpecFor(settings, r)))} LIMIT 1)`);
    },
    beginLockedForUser(userId),
  );

  for (const item of items) {
    // Best effort, not awaited: progress never slows or fails the call.
    publishProgress(deps, userId, item.id, { stage: "queued", generationId: item.id });
    if (input.progressId) publishProgress(deps, userId, input.progressId, { stage: "queued", generationId: item.id });
  }
  deps.logger.info({ batchId, count: input.count, provider: model.provider, model: model.id }, "generations queued");
  return { batchId, generations: items.map((i) => ({ id: i.id, seed: i.seed, status: "queued" as const })) };
}
