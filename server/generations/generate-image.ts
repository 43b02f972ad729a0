// The generation pipeline: moderate → (optimize) → moderate → render (deadline, retries)
// → check the provider's verdict → fetch → store original + thumbnail → record.
// Every failure marks the row failed, writes an ErrorLog (or a ModerationLog for a
// block), removes any file already stored, emits "failed", and throws an AppError.
import { randomInt } from "node:crypto";
import sharp from "sharp";
import { ProviderError } from "../adapters/models/model-port";
import type { ProgressEvent } from "../adapters/progress";
import { AppError, isAppError } from "../errors";
import type { Services } from "../services";
import { moderateText, recordBlock } from "../moderation/moderate";
import { fetchProviderImage } from "./fetch-provider-image";
import { generationViewSelect, toGenerationView, type GenerationView } from "./generation-view";
import { optimizationDelta, rewritePrompt } from "./optimize-prompt";
import { providerFailure } from "./provider-failure";
import { renderWithRetries, withDeadline, type RetryState } from "./render-with-retries";
import { resolveImageModel } from "./resolve-model";
import type { GenerateInput } from "./schemas";
import { CONTENT_TYPE, newStorageKeys, type ImageFormat } from "./storage-keys";

export type GenerateDeps = Pick<Services, "db" | "storage" | "models" | "progress" | "logger">;

const THUMBNAIL_PX = 512;
// Decompression bombs: refuse anything bigger than this many pixels.
const MAX_PIXELS = 64 * 1024 * 1024;

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
 * The gallery thumbnail: at most 512 px, WebP. WebP effort 2 (of 0–6) instead of the
 * default 4: the encode was the largest part of the platform's own time per generate,
 * and effort 2 takes about a third less CPU for thumbnails within a few % of the bytes
 * (bench/generate-overhead.ts times both).
 */
export function makeThumbnail(bytes: Buffer, effort = 2): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: MAX_PIXELS })
    .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 78, effort })
    .toBuffer();
}

export async function generateImage(deps: GenerateDeps, userId: string, input: GenerateInput): Promise<GenerationView> {
  const started = performance.now();
  const emit = (event: Omit<ProgressEvent, "at">) => {
    // Not awaited: progress is best effort and never slows or fails the generation.
    if (input.progressId) deps.progress.publish(userId, input.progressId, event).catch((err) => deps.logger.warn({ err }, "progress event lost"));
  };
  emit({ stage: "queued" });

  const model = resolveImageModel(deps.models, input.model, input.aspectRatio);
  try {
    await moderateText(deps.db, userId, "input", [input.prompt, input.negativePrompt]);
  } catch (e) {
    emit({ stage: "failed", message: isAppError(e) ? e.message : "failed" });
    throw e;
  }

  const size = model.sizes[input.aspectRatio]!;
  const seed = input.seed ?? randomInt(0, 2_147_483_647);
  const row = await deps.db.generation.create({
    data: {
      userId,
      status: "pending",
      width: size.width,
      height: size.height,
      originalPrompt: input.prompt,
      negativePrompt: input.negativePrompt || null,
      model: model.id,
      provider: model.provider,
      style: input.style ?? null,
      aspectRatio: input.aspectRatio,
      detailLevel: input.detailLevel,
      seed: model.supportsSeed ? seed : null,
      isPublic: input.isPublic,
    },
    select: { id: true },
  });
  const generationId = row.id;
  const retry: RetryState = { retryCount: 0 };
  const stored: string[] = [];
  const timings: { optimizeMs?: number; renderMs?: number; storeMs?: number } = {};

  try {
    // Optimize (or take the user's own edited prompt, or skip).
    emit({ stage: "optimizing", generationId });
    let t = performance.now();
    let betterPrompt: string | null = null;
    if (input.betterPrompt) betterPrompt = input.betterPrompt;
    // `input.model` names the *image* model; the rewrite uses the provider's own text model.
    else if (!input.skipOptimize) betterPrompt = (await rewritePrompt(deps, { ...input, model: undefined })).betterPrompt;
    timings.optimizeMs = Math.round(performance.now() - t);
    if (betterPrompt) await moderateText(deps.db, userId, "optimized", [betterPrompt]);

    // Render.
    emit({ stage: "rendering", generationId });
    t = performance.now();
    const result = await renderWithRetries(
      deps.models,
      {
        prompt: betterPrompt ?? input.prompt,
        negativePrompt: input.negativePrompt,
        model,
        aspectRatio: input.aspectRatio,
        width: size.width,
        height: size.height,
        seed,
        style: input.style,
        userId,
      },
      retry,
    );
    if (result.contentFilter?.blocked) {
      throw await recordBlock(deps.db, userId, "output", betterPrompt ?? input.prompt, result.contentFilter.reason ?? "provider content filter");
    }
    const bytes =
      result.image.kind === "bytes"
        ? result.image.bytes
        : await withDeadline(
            (signal) =>
              fetchProviderImage((result.image as { url: string }).url, {
                allowedHosts: deps.models.imageHosts,
                maxBytes: deps.models.policy.maxImageBytes,
                signal,
              }),
            deps.models.policy.timeoutMs,
          );
    if (bytes.length > deps.models.policy.maxImageBytes) throw new ProviderError("bad_response", "The image is larger than allowed.", false);
    const image = await inspectImage(bytes);
    timings.renderMs = Math.round(performance.now() - t);

    // Store the original and a gallery thumbnail.
    emit({ stage: "storing", generationId });
    t = performance.now();
    const keys = newStorageKeys(image.format);
    // Keys are listed before writing, so a failure part-way removes whatever landed.
    stored.push(keys.original, keys.thumbnail);
    // The original's upload (I/O) overlaps the thumbnail's encoding (CPU). Both are
    // settled before a failure is raised, so the clean-up cannot race a late write.
    const writes = await Promise.allSettled([
      deps.storage.put(keys.original, bytes, CONTENT_TYPE[image.format]),
      makeThumbnail(bytes).then((thumbnail) => deps.storage.put(keys.thumbnail, thumbnail, "image/webp")),
    ]);
    const failedWrite = writes.find((w): w is PromiseRejectedResult => w.status === "rejected");
    if (failedWrite) throw failedWrite.reason;
    timings.storeMs = Math.round(performance.now() - t);

    // Record.
    const done = await deps.db.generation.update({
      where: { id: generationId },
      data: {
        status: "succeeded",
        betterPrompt,
        optimizationDelta: betterPrompt ? optimizationDelta(input.prompt, betterPrompt) : null,
        storageKey: keys.original,
        thumbnailKey: keys.thumbnail,
        imageUrl: deps.storage.publicUrl(keys.original),
        thumbnailUrl: deps.storage.publicUrl(keys.thumbnail),
        width: image.width,
        height: image.height,
        retryCount: retry.retryCount,
        ...timings,
        generationDuration: Math.round(performance.now() - started),
      },
      select: generationViewSelect,
    });
    emit({ stage: "done", generationId });
    deps.logger.info({ generationId, provider: model.provider, model: model.id, retries: retry.retryCount, ...timings }, "generation done");
    return toGenerationView(done, userId, deps.storage);
  } catch (e) {
    const failure = await toAppError(deps, userId, e, input);
    await cleanUp(deps, userId, generationId, stored, retry, timings, started, failure, e);
    emit({ stage: "failed", generationId, message: failure.message });
    throw failure;
  }
}

async function toAppError(deps: GenerateDeps, userId: string, e: unknown, input: GenerateInput): Promise<AppError> {
  if (isAppError(e)) return e;
  if (e instanceof ProviderError) {
    if (e.kind === "content_filter") return recordBlock(deps.db, userId, "output", input.betterPrompt ?? input.prompt, "provider content filter").catch(() => providerFailure(e));
    return providerFailure(e);
  }
  return new AppError("INTERNAL", "The generation failed unexpectedly.", undefined, { cause: e });
}

async function cleanUp(
  deps: GenerateDeps,
  userId: string,
  generationId: string,
  stored: string[],
  retry: RetryState,
  timings: Record<string, number | undefined>,
  started: number,
  failure: AppError,
  cause: unknown,
): Promise<void> {
  // Files first: a failed row must never point at files, and files must not outlive it.
  if (stored.length) {
    await deps.storage.remove(stored).catch((err) => deps.logger.error({ err, generationId, keys: stored.length }, "could not remove stored files of a failed generation"));
  }
  await deps.db.generation
    .update({
      where: { id: generationId },
      data: {
        status: "failed",
        errorMessage: failure.message.slice(0, 1000),
        retryCount: retry.retryCount,
        ...timings,
        generationDuration: Math.round(performance.now() - started),
        storageKey: null,
        thumbnailKey: null,
        imageUrl: null,
        thumbnailUrl: null,
      },
    })
    .catch((err) => deps.logger.error({ err, generationId }, "could not mark generation failed"));
  if (failure.code !== "CONTENT_BLOCKED") {
    const inner = cause instanceof Error ? cause : undefined;
    await deps.db.errorLog
      .create({
        data: {
          userId,
          endpoint: "generate",
          message: `${failure.code}: ${failure.message}${inner && inner !== failure ? ` (${inner.name}: ${inner.message})` : ""}`.slice(0, 2000),
          stack: inner?.stack?.slice(0, 8000) ?? null,
        },
      })
      .catch((err) => deps.logger.error({ err, generationId }, "could not write ErrorLog"));
    deps.logger.warn({ generationId, code: failure.code, retries: retry.retryCount }, "generation failed");
  }
}
