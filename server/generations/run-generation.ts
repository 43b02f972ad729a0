// The generation job, run by a worker (server/generations/worker-runtime.ts): claim the
// queued row → (optimize → moderate) → wait for a provider slot → render (deadline,
// retries) → check the provider's verdict → fetch → store original + thumbnail → record →
// progress. Every write after the claim is fenced by the row's `attempt`, so a worker
// presumed dead (its lease lapsed, the job was given to another) or a cancelled job can
// never overwrite the row; whatever it stored is removed.
import { randomInt } from "node:crypto";
import sharp from "sharp";
import { Prisma } from "../adapters/db/client";
import { ProviderError } from "../adapters/models/model-port";
import type { ProgressEvent } from "../adapters/progress";
import { AppError, isAppError } from "../errors";
import { findModel, type AspectRatio, type DetailLevel, type ImageModel, type Style } from "../models/catalogue";
import { moderateText, recordBlock } from "../moderation/moderate";
import type { Services } from "../services";
import { fetchProviderImage } from "./fetch-provider-image";
import { pgRunner } from "../adapters/db/sql";
import { jobSettings, NOW_UTC, providerLockKey } from "./job-settings";
import { optimizationDelta, rewritePrompt } from "./optimize-prompt";
import { providerFailure } from "./provider-failure";
import { renderWithRetries, sleep, withDeadline, type RetryState } from "./render-with-retries";
import { notifySettled } from "./settled-signal";
import { publishProgress } from "./publish-progress";
import { CONTENT_TYPE, newStorageKeys, type ImageFormat } from "./storage-keys";

export const PICTURE_NOT_SAVED =
  "The picture was made but could not be saved: picture storage refused it. Your daily quota was not used; try again later.";

export type RunDeps = Pick<Services, "db" | "pool" | "storage" | "models" | "progress" | "logger" | "env">;

const THUMBNAIL_PX = 512;
// Decompression bombs: refuse anything bigger than this many pixels.
const MAX_PIXELS = 64 * 1024 * 1024;

/** The claim was lost: the job was cancelled, or given to another worker after our lease lapsed. */
export class LostClaim extends Error {
  constructor(readonly why: "cancelled" | "lost") {
    super(why === "cancelled" ? "The generation was cancelled." : "The job was taken over after this worker's lease lapsed.");
    this.name = "LostClaim";
  }
}

/** The worker is stopping: the job goes back to the queue. */
export class ShuttingDown extends Error {
  constructor() {
    super("The worker is shutting down.");
    this.name = "ShuttingDown";
  }
}

async function inspectImage(bytes: Buffer): Promise<{ format: ImageFormat; width: number; height: number }> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
    if ((meta.format === "png" || meta.format === "jpeg" || meta.format === "webp") && meta.width && meta.height) {
      return { format: meta.format, width: meta.width, height: meta.height };
    }
  } catch {
    // fall through: not an image sharp can read
  }
  throw new ProviderError("bad_response", "The image service sent bytes that are not a PNG, JPEG or WebP picture.", false);
}

/**
 * The gallery thumbnail: at most 512 px, WebP, made by the worker off the request path.
 * JPEG and WebP inputs are decoded already shrunk (libvips shrink-on-load, which
 * fastShrinkOnLoad keeps on); PNG has no such mode. WebP effort 2 (of 0–6) instead of the
 * default 4: about a third less CPU within a few % of the bytes (bench/generate-overhead.ts).
 */
export function makeThumbnail(bytes: Buffer, effort = 2): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: MAX_PIXELS, sequentialRead: true })
    .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: "inside", withoutEnlargement: true, fastShrinkOnLoad: true })
    .webp({ quality: 78, effort })
    .toBuffer();
}

type Claimed = {
  id: string;
  userId: string;
  batchId: string | null;
  attempt: number;
  originalPrompt: string;
  betterPrompt: string | null;
  negativePrompt: string | null;
  model: string;
  provider: string;
  style: string | null;
  aspectRatio: string;
  detailLevel: string | null;
  seed: number | null;
  width: number;
  height: number;
  optimize: boolean;
  progressId: string | null;
};

// The worker's own statements run on the pg pool (server/adapters/db/sql.ts): a job's
// few writes are most of a worker's CPU when the provider is fast (bench figure 8).

/** Takes a queued row for this worker; null when it is not queued (cancelled, failed, done). */
async function claim(deps: RunDeps, generationId: string, workerId: string): Promise<Claimed | null> {
  const [row] = await pgRunner(deps.pool)<Claimed>(Prisma.sql`
    UPDATE "Generation" SET status = 'running', attempt = attempt + 1, "workerId" = ${workerId}, "heartbeatAt" = ${NOW_UTC},
      "startedAt" = ${NOW_UTC}, stage = 'starting', "updatedAt" = ${NOW_UTC}
    WHERE id = ${generationId} AND status = 'queued'
    RETURNING id, "userId", "batchId", attempt, "originalPrompt", "betterPrompt", "negativePrompt", model, provider, style,
      "aspectRatio", "detailLevel", seed, width, height, optimize, "progressId"`);
  return row ?? null;
}

type Fence = { id: string; status: "running"; attempt: number };
const fenced = (f: Fence) => Prisma.sql`id = ${f.id} AND status = 'running' AND attempt = ${f.attempt}::int`;

/** What the job's runtime gives it: its abort signal (cancel, lost lease, shutdown). */
export type JobContext = { workerId: string; signal: AbortSignal; register: (generationId: string, attempt: number) => () => void };

export async function runGeneration(deps: RunDeps, generationId: string, ctx: JobContext): Promise<void> {
  const row = await claim(deps, generationId, ctx.workerId);
  if (!row) {
    deps.logger.debug({ generationId }, "job for a generation that is not queued: nothing to do");
    return;
  }
  const unregister = ctx.register(row.id, row.attempt);
  try {
    await render(deps, row, ctx.signal);
  } finally {
    unregister();
  }
}

async function render(deps: RunDeps, row: Claimed, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  const settings = jobSettings(deps.env);
  const { userId, id: generationId } = row;
  const fence = { id: generationId, status: "running" as const, attempt: row.attempt };
  const emit = (event: Omit<ProgressEvent, "at">) => {
    // Not awaited: progress is best effort and never slows or fails the generation.
    publishProgress(deps, userId, generationId, event);
    if (row.progressId) publishProgress(deps, userId, row.progressId, event);
  };
  const run = pgRunner(deps.pool);
  const setStage = async (stage: string) => {
    // studio_set_stage: fenced on the attempt, and soft state (its commit does not wait for the disk).
    const [{ ours }] = await run<{ ours: boolean }>(
      Prisma.sql`SELECT studio_set_stage(${fence.id}, ${fence.attempt}::int, ${stage}) AS ours`,
    );
    if (!ours) throw new LostClaim("lost");
  };

  const retry: RetryState = { retryCount: 0 };
  const stored: string[] = [];
  const timings: { optimizeMs?: number; renderMs?: number; storeMs?: number } = {};
  let betterPrompt: string | null = row.betterPrompt;

  try {
    const model = findModel(deps.models.catalogue, row.model);
    if (!model || model.kind !== "image" || model.provider !== deps.models.provider) {
      throw new AppError("BAD_REQUEST", `Model "${row.model}" is no longer available on this server.`, { field: "model" });
    }
    const aspectRatio = row.aspectRatio as AspectRatio;
    const style = (row.style ?? undefined) as Style | undefined;
    const detailLevel = (row.detailLevel ?? "medium") as DetailLevel;

    // Optimize (unless the user gave their own prompt or skipped it).
    let t = performance.now();
    if (row.optimize) {
      emit({ stage: "optimizing", generationId });
      await setStage("optimizing");
      // The default text model: the picked model is an image model.
      betterPrompt = (await rewritePrompt(deps, { prompt: row.originalPrompt, style, detailLevel, model: undefined }, signal)).betterPrompt;
      await moderateText(deps.db, userId, "optimized", [betterPrompt]);
    }
    timings.optimizeMs = Math.round(performance.now() - t);

    // Render, within the provider's concurrency cap.
    await acquireProviderSlot(deps, settings.providerConcurrency, settings.leaseMs, model, fence, signal);
    emit({ stage: "rendering", generationId });
    t = performance.now();
    const result = await renderWithRetries(
      deps.models,
      {
        prompt: betterPrompt ?? row.originalPrompt,
        negativePrompt: row.negativePrompt ?? undefined,
        model,
        aspectRatio,
        width: row.width,
        height: row.height,
        seed: row.seed ?? randomInt(0, 2_147_483_647),
        style,
        userId,
      },
      retry,
      signal,
    );
    if (result.contentFilter?.blocked) {
      throw await recordBlock(
        deps.db,
        userId,
        "output",
        betterPrompt ?? row.originalPrompt,
        result.contentFilter.reason ?? "provider content filter",
      );
    }
    const bytes =
      result.image.kind === "bytes"
        ? result.image.bytes
        : await withDeadline(
            (fetchSignal) =>
              fetchProviderImage((result.image as { url: string }).url, {
                allowedHosts: deps.models.imageHosts,
                maxBytes: deps.models.policy.maxImageBytes,
                signal: fetchSignal,
              }),
            deps.models.policy.timeoutMs,
            signal,
          );
    if (bytes.length > deps.models.policy.maxImageBytes)
      throw new ProviderError("bad_response", "The image is larger than allowed.", false);
    const image = await inspectImage(bytes);
    timings.renderMs = Math.round(performance.now() - t);

    // Store the original and a gallery thumbnail (this also frees the provider slot).
    await setStage("storing");
    emit({ stage: "storing", generationId });
    t = performance.now();
    const keys = newStorageKeys(image.format);
    // Keys are listed before writing, so a failure part-way removes whatever landed.
    stored.push(keys.original, keys.thumbnail);
    // The original's upload (I/O) overlaps the thumbnail's encoding (CPU). Both are
    // settled before a failure is raised, so the clean-up cannot race a late write.
    // A write the store refuses (a full or read-only disk, Supabase down) is said as such to
    // the person, and logged with the store's own words for the operator.
    const storedOrRefused = (put: Promise<void>) =>
      put.catch((e: unknown) => {
        const err = e as { message?: unknown; code?: unknown };
        deps.logger.error(
          { generationId, err: { message: String(err?.message ?? e), code: err?.code } },
          "picture storage refused a write",
        );
        throw new AppError("SERVICE_UNAVAILABLE", PICTURE_NOT_SAVED, { reason: "storage" }, { cause: e });
      });
    const writes = await Promise.allSettled([
      storedOrRefused(deps.storage.put(keys.original, bytes, CONTENT_TYPE[image.format])),
      makeThumbnail(bytes).then((thumbnail) => storedOrRefused(deps.storage.put(keys.thumbnail, thumbnail, "image/webp"))),
    ]);
    const failedWrite = writes.find((w): w is PromiseRejectedResult => w.status === "rejected");
    if (failedWrite) throw failedWrite.reason;
    timings.storeMs = Math.round(performance.now() - t);
    if (signal.aborted) throw signal.reason;

    // Record: only if the row is still ours.
    const delta = betterPrompt ? optimizationDelta(row.originalPrompt, betterPrompt) : null;
    const recorded = await run(Prisma.sql`
      UPDATE "Generation" SET status = 'succeeded', stage = NULL, "betterPrompt" = ${betterPrompt}, "optimizationDelta" = ${delta}::float8,
        "storageKey" = ${keys.original}, "thumbnailKey" = ${keys.thumbnail},
        "imageUrl" = ${deps.storage.publicUrl(keys.original)}, "thumbnailUrl" = ${deps.storage.publicUrl(keys.thumbnail)},
        width = ${image.width}::int, height = ${image.height}::int, "retryCount" = ${retry.retryCount}::int,
        "optimizeMs" = ${timings.optimizeMs ?? null}::int, "renderMs" = ${timings.renderMs ?? null}::int, "storeMs" = ${timings.storeMs ?? null}::int,
        "generationDuration" = ${Math.round(performance.now() - started)}::int, "finishedAt" = ${NOW_UTC}, "updatedAt" = ${NOW_UTC}
      WHERE ${fenced(fence)} RETURNING 1`);
    if (recorded.length === 0) throw new LostClaim("lost");
    emit({ stage: "done", generationId });
    notifySettled(row.batchId);
    deps.logger.info({ generationId, provider: model.provider, model: model.id, retries: retry.retryCount, ...timings }, "generation done");
  } catch (e) {
    await settleFailure(deps, row, fence, e, { stored, retry, timings, started, betterPrompt, emit, signal });
  }
}

/**
 * Waits for one of the provider's PROVIDER_CONCURRENCY render slots, counted from the
 * rows themselves (running, stage "rendering", lease alive), so a dead worker's slot frees
 * itself when its lease lapses. One statement (studio_take_render_slot) counts under the
 * provider's lock and takes the slot, fenced on the attempt.
 */
async function acquireProviderSlot(
  deps: RunDeps,
  cap: number,
  leaseMs: number,
  model: ImageModel,
  fence: Fence,
  signal: AbortSignal,
): Promise<void> {
  const run = pgRunner(deps.pool);
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    if (signal.aborted) throw signal.reason;
    const [{ slot }] = await run<{ slot: "taken" | "full" | "lost" }>(Prisma.sql`
      SELECT studio_take_render_slot(${fence.id}, ${fence.attempt}::int, ${model.provider}, ${providerLockKey(model.provider)}::bigint,
        ${cap}::int, ${leaseMs}::bigint) AS slot`);
    if (slot === "lost") throw new LostClaim("lost");
    if (slot === "taken") return;
    await sleep(wait, signal);
  }
}

type FailureState = {
  stored: string[];
  retry: RetryState;
  timings: Record<string, number | undefined>;
  started: number;
  betterPrompt: string | null;
  emit: (event: Omit<ProgressEvent, "at">) => void;
  signal: AbortSignal;
};

async function settleFailure(deps: RunDeps, row: Claimed, fence: Fence, cause: unknown, s: FailureState) {
  const generationId = row.id;
  // Files first: a row that is not succeeded must never point at files, nor files outlive it.
  if (s.stored.length) {
    await deps.storage
      .remove(s.stored)
      .catch((err) =>
        deps.logger.error({ err, generationId, keys: s.stored.length }, "could not remove stored files of an unfinished generation"),
      );
  }
  const reason = s.signal.aborted ? s.signal.reason : cause;
  if (reason instanceof LostClaim) {
    // Cancelled (the cancel already answered the user and refunded) or taken over.
    deps.logger.info({ generationId, why: reason.why }, "generation stopped: no longer ours");
    return;
  }
  if (reason instanceof ShuttingDown) {
    // Back to the queue for another worker; this start does not count as an attempt.
    const { count } = await deps.db.generation.updateMany({
      where: fence,
      data: { status: "queued", stage: null, workerId: null, heartbeatAt: null, attempt: { decrement: 1 } },
    });
    deps.logger.info({ generationId, requeued: count === 1 }, "generation interrupted by shutdown");
    throw reason; // the queue reschedules the job
  }
  const failure = await toAppError(deps, row.userId, cause, s.betterPrompt ?? row.originalPrompt);
  // What went wrong underneath, for the ErrorLog: a domain error's own cause when it has one.
  const inner = isAppError(cause) && cause.cause instanceof Error ? cause.cause : cause instanceof Error ? cause : undefined;
  // The row and its ErrorLog together, so whoever sees the row failed also finds the log.
  const settled = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.generation.updateMany({
      where: fence,
      data: {
        status: "failed",
        stage: null,
        errorMessage: failure.message.slice(0, 1000),
        errorCode: failure.code,
        errorDetails: (failure.data as Prisma.InputJsonValue | undefined) ?? Prisma.DbNull,
        retryCount: s.retry.retryCount,
        ...s.timings,
        generationDuration: Math.round(performance.now() - s.started),
        finishedAt: new Date(),
      },
    });
    if (count === 0) return false; // taken over meanwhile: the new owner decides
    if (failure.code !== "CONTENT_BLOCKED") {
      await tx.errorLog.create({
        data: {
          userId: row.userId,
          endpoint: "generate",
          message: `${failure.code}: ${failure.message}${inner && inner !== failure ? ` (${inner.name}: ${inner.message})` : ""}`.slice(
            0,
            2000,
          ),
          stack: inner?.stack?.slice(0, 8000) ?? null,
        },
      });
    }
    return true;
  });
  if (!settled) return;
  s.emit({ stage: "failed", generationId, message: failure.message });
  notifySettled(row.batchId);
  if (failure.code !== "CONTENT_BLOCKED")
    deps.logger.warn({ generationId, code: failure.code, retries: s.retry.retryCount }, "generation failed");
}

async function toAppError(deps: RunDeps, userId: string, e: unknown, prompt: string): Promise<AppError> {
  if (isAppError(e)) return e;
  if (e instanceof ProviderError) {
    if (e.kind === "content_filter")
      return recordBlock(deps.db, userId, "output", prompt, "provider content filter").catch(() => providerFailure(e));
    return providerFailure(e);
  }
  return new AppError("INTERNAL", "The generation failed unexpectedly.", undefined, { cause: e });
}
