// `generate` as a job: validate, moderate, then one statement (studio_enqueue_generations,
// migration generation_job_functions) that takes the user's lock, counts the quota and the
// queue from the rows and decides (studio_admit_generations, server/limits/daily-quota.ts),
// writes `count` rows as queued and adds their jobs. The
// rows are the reservation, so a refused call writes nothing, and a process that dies
// mid-call leaves either everything or nothing (one statement is one transaction).
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { Prisma } from "../adapters/db/client";
import { pgRunner } from "../adapters/db/sql";
import { MAX_JOB_PRIORITY, type JobSpec } from "../adapters/queue/graphile-queue";
import { publishProgress } from "./publish-progress";
import { AppError } from "../errors";
import { dailyQuota } from "../limits/catalogue";
import { admissionRefusal, type AdmissionRow } from "../limits/daily-quota";
import { findBlocked, recordBlock } from "../moderation/moderate";
import { windowHitOf } from "../adapters/limiter/postgres-store";
import { rateLimitedError } from "../limits/limit-error";
import { rateDetails, type RateGate } from "../limits/rate-limit";
import type { Services } from "../services";
import { jobKeyOf, jobSettings, laneQueueName, RENDER_TASK, userLockKey, type JobSettings } from "./job-settings";
import { resolveImageModel } from "./resolve-model";
import type { GenerateInput } from "./schemas";
import type { GenerationStatus } from "../adapters/db/client";

export type EnqueueDeps = Pick<Services, "db" | "pool" | "models" | "progress" | "env" | "logger">;

export type BatchGeneration = { id: string; seed: number | null; status: GenerationStatus };
export type EnqueuedBatch = { batchId: string; generations: BatchGeneration[] };

const MAX_SEED = 2_147_483_647;

/** Ids in the same alphabet and length class as Prisma's cuid() defaults. */
export function newGenerationId(): string {
  return newGenerationIds(1)[0]!;
}

/**
 * One Generate's ids: a shared random stem and the variation's index last, counting down
 * (ff, fe, fd, fc), so the rows of a batch (one instant) sort by id *descending* in
 * variation order. Every list of pictures is newest first, (createdAt desc, id desc), so
 * history, the gallery and the queue tray show a batch 1, 2, 3, 4, as the studio does.
 */
export function newGenerationIds(count: number): string[] {
  const stem = `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
  return Array.from({ length: count }, (_, i) => `${stem}${(0xff - i).toString(16)}`);
}

/** A generation's job; its lane and priority come from studio_admit_generations. */
export function jobSpecFor(settings: JobSettings, g: { id: string; userId: string; lane: number; priority: number }): JobSpec {
  return {
    task: RENDER_TASK,
    payload: { generationId: g.id },
    queueName: laneQueueName(g.userId, g.lane),
    jobKey: jobKeyOf(g.id),
    // The user's own position: everyone's first job goes before anyone's second (fairness).
    priority: Math.min(g.priority, MAX_JOB_PRIORITY),
    // Our row's `attempt` decides retries (reconciler); this only stops a runaway loop.
    maxAttempts: settings.maxAttempts + 2,
  };
}

/**
 * `rateGate`: the caller's per-minute hit, to be counted in the same statement (the tRPC
 * layer hands one over on the PostgreSQL limiter store; server/limits/rate-limit.ts). Every
 * call counts once, as it would have had the middleware counted it first: a call that ends
 * before its statement (a blocked prompt, a missing remix parent) counts on its own first.
 */
export async function enqueueGenerations(
  deps: EnqueueDeps,
  userId: string,
  input: GenerateInput,
  rateGate: RateGate | null = null,
): Promise<EnqueuedBatch> {
  try {
    return await enqueue(deps, userId, input, rateGate);
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

function findOptimizedBlock(betterPrompt: string | undefined) {
  const found = findBlocked([betterPrompt]);
  return found ? { stage: "optimized" as const, ...found } : null;
}

type Prepared = {
  model: ReturnType<typeof resolveImageModel>;
  parent: { id: string; seed: number | null } | null;
  items: Array<{ id: string; seed: number | null }>;
};

/** Everything before the statement: the model, moderation, the remix parent, ids and seeds. */
async function prepare(deps: EnqueueDeps, userId: string, input: GenerateInput, countNow: () => Promise<void>): Promise<Prepared> {
  const model = resolveImageModel(deps.models, input.model, input.aspectRatio);
  // A prompt the user edited after optimizing is checked now too, before it costs anything.
  const inputBlock = findBlocked([input.prompt, input.negativePrompt]);
  const blocked = inputBlock ? { stage: "input" as const, ...inputBlock } : findOptimizedBlock(input.betterPrompt);
  if (blocked) {
    // The per-minute limit comes first: a refused call writes no moderation log either.
    await countNow();
    throw await recordBlock(deps.db, userId, blocked.stage, blocked.text, blocked.reason);
  }
  const parent = input.parentId ? await remixParent(deps, userId, input.parentId) : null;
  const base = input.seed ?? parent?.seed ?? randomInt(0, MAX_SEED);
  const ids = newGenerationIds(input.count);
  const items = Array.from({ length: input.count }, (_, i) => ({
    id: ids[i]!,
    seed: model.supportsSeed ? (base + i) % (MAX_SEED + 1) : null,
  }));
  return { model, parent, items };
}

type EnqueueRow = Omit<AdmissionRow, "verdict"> & {
  verdict: AdmissionRow["verdict"] | "rate";
  rateCounted: number | null;
  rateWeighted: number | null;
  rateResetMs: string | null;
};

async function enqueue(deps: EnqueueDeps, userId: string, input: GenerateInput, gate: RateGate | null): Promise<EnqueuedBatch> {
  const settings = jobSettings(deps.env);
  let counted = false;
  const countNow = async () => {
    if (gate && !counted) {
      counted = true;
      await gate.hitNow();
    }
  };
  let prepared: Prepared;
  try {
    prepared = await prepare(deps, userId, input, countNow);
  } catch (e) {
    await countNow();
    throw e;
  }
  const { model, parent, items } = prepared;
  const size = model.sizes[input.aspectRatio]!;
  const batchId = randomUUID();

  // One statement, so one round trip and one transaction: studio_enqueue_generations counts
  // the per-minute hit (when handed one), admits (lock, count, decide) and, only if admitted,
  // writes the rows and adds their jobs, in the lanes and with the priorities the admission
  // chose; the rest of each job is as jobSpecFor makes it. On the pg pool, not Prisma: Prisma's per-query cost was most of an enqueue
  // (bench figure 1). Waiters for one user's lock queue in the pool (a burst is what the
  // per-minute limit bounds).
  const jobs = items.map((item) => jobSpecFor(settings, { id: item.id, userId, lane: 0, priority: 0 }));
  const shared = {
    batchId,
    width: size.width,
    height: size.height,
    originalPrompt: input.prompt,
    betterPrompt: input.betterPrompt ?? null,
    negativePrompt: input.negativePrompt || null,
    model: model.id,
    provider: model.provider,
    style: input.style ?? null,
    aspectRatio: input.aspectRatio,
    detailLevel: input.detailLevel,
    isPublic: input.isPublic,
    optimize: !input.betterPrompt && !input.skipOptimize,
    progressId: input.progressId ?? null,
    parentId: parent?.id ?? null,
  } satisfies Partial<Record<keyof Prisma.GenerationUncheckedCreateInput, unknown>>;
  const [row] = await pgRunner(deps.pool)<EnqueueRow>(Prisma.sql`
    SELECT verdict, daily_limit AS "limit", used, in_flight AS "inFlight", oldest,
      rate_counted AS "rateCounted", rate_weighted AS "rateWeighted", rate_reset_ms AS "rateResetMs"
    FROM studio_enqueue_generations(${userId}, ${userLockKey(userId)}::bigint, ${dailyQuota.windowMs}::bigint,
      ${settings.maxQueuedPerUser}::int, ${settings.userConcurrency}::int,
      ${items.map((i) => i.id)}::text[], ${items.map((i) => i.seed)}::int[], ${JSON.stringify(shared)}::jsonb,
      ${RENDER_TASK}::text, ${jobs.map((j) => JSON.stringify(j.payload))}::json[], ${jobs.map((j) => j.jobKey)}::text[],
      ${Array.from({ length: settings.userConcurrency }, (_, lane) => laneQueueName(userId, lane))}::text[],
      ${jobs[0]!.maxAttempts}::int, ${MAX_JOB_PRIORITY}::int,
      ${gate?.key ?? null}::text, ${gate?.max ?? null}::int, ${gate?.windowMs ?? null}::int)`);
  if (gate) {
    const hit = rateDetails(
      windowHitOf({ counted: row!.rateCounted, weighted: row!.rateWeighted!, reset_ms: row!.rateResetMs! }, gate.max),
    );
    if (row!.verdict === "rate") throw rateLimitedError(hit);
    gate.report(hit);
  }
  if (row!.verdict !== "admitted")
    throw admissionRefusal({ ...row!, verdict: row!.verdict as AdmissionRow["verdict"] }, settings.maxQueuedPerUser);

  for (const item of items) {
    // Best effort, not awaited: progress never slows or fails the call.
    publishProgress(deps, userId, item.id, { stage: "queued", generationId: item.id });
    if (input.progressId) publishProgress(deps, userId, input.progressId, { stage: "queued", generationId: item.id });
  }
  deps.logger.info({ batchId, count: input.count, provider: model.provider, model: model.id }, "generations queued");
  return { batchId, generations: items.map((i) => ({ id: i.id, seed: i.seed, status: "queued" as const })) };
}
