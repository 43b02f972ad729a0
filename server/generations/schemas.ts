// Input shapes of the generation procedures (zod; shared by routers and domain types).
// Every string is `safeText` (server/validation/safe-text.ts): text PostgreSQL cannot
// store is a 400 here, never a database error later.
import { z } from "zod";
import { ASPECT_RATIOS, DETAIL_LEVELS, STYLES } from "../models/catalogue";
import { safeId, safeText } from "../validation/safe-text";
import { INVALID_CURSOR_MESSAGE, parseCursor } from "./feed-cursor";

const promptText = (max: number) => safeText().trim().min(1, "Write a prompt first.").max(max);

export const optimizeInput = z.object({
  prompt: promptText(2000),
  style: z.enum(STYLES).optional(),
  detailLevel: z.enum(DETAIL_LEVELS).default("medium"),
  model: safeText().max(100).optional(),
});
export type OptimizeInput = z.infer<typeof optimizeInput>;

export const generateInput = z.object({
  prompt: promptText(2000),
  betterPrompt: promptText(4000).optional(),
  skipOptimize: z.boolean().default(false),
  negativePrompt: safeText().trim().max(1000).optional(),
  style: z.enum(STYLES).optional(),
  aspectRatio: z.enum(ASPECT_RATIOS).default("1:1"),
  detailLevel: z.enum(DETAIL_LEVELS).default("medium"),
  model: safeText().max(100).optional(),
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
  isPublic: z.boolean().default(false),
  /** Variations: seeds seed, seed + 1, … (one job and one quota unit each). */
  count: z.number().int().min(1).max(4).default(1),
  /** Answer once every variation is finished (bounded by GENERATE_WAIT_MS) instead of at once. */
  wait: z.boolean().default(false),
  /** A channel of the caller's own for the progress of a single generation (count 1). */
  progressId: z.uuid().optional(),
}).refine((v) => !(v.progressId && v.count > 1), {
  path: ["progressId"],
  message: "progressId follows a single generation; with count > 1, subscribe to each generation's id instead.",
});
export type GenerateInput = z.infer<typeof generateInput>;

/** A page cursor as the feeds write it; one that decodes to an impossible instant is a 400. */
export const feedCursor = safeText()
  .max(200)
  .refine((c) => parseCursor(c) !== null, { message: INVALID_CURSOR_MESSAGE });

export const feedInput = z
  .object({
    cursor: feedCursor.nullish(),
    limit: z.number().int().min(1).max(50).default(24),
  })
  .default({ limit: 24 });
export type FeedInput = z.infer<typeof feedInput>;

export const generationIdInput = z.object({ id: safeId() });
export const progressInput = z
  .object({
    /** The caller's own channel given to `generate` … */
    progressId: z.uuid().optional(),
    /** … or one generation's id (every generation publishes to its own). */
    generationId: safeId().optional(),
    lastEventId: safeText().max(20).nullish(),
  })
  .refine((v) => Boolean(v.progressId) !== Boolean(v.generationId), { message: "Give either progressId or generationId." });
export const batchInput = z.object({ batchId: safeId() });
