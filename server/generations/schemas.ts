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

export const generateInput = z
  .object({
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
    /** Remix: the picture this one starts from (public, or your own); its seed is kept unless `seed` is given. */
    parentId: safeId().optional(),
    /** A channel of the caller's own for the progress of a single generation (count 1). */
    progressId: z.uuid().optional(),
  })
  .refine((v) => !(v.progressId && v.count > 1), {
    path: ["progressId"],
    message: "progressId follows a single generation; with count > 1, subscribe to each generation's id instead.",
  });
export type GenerateInput = z.infer<typeof generateInput>;

/** A page cursor as the feeds write it; one that decodes to an impossible instant is a 400. */
export const feedCursor = safeText()
  .max(200)
  .refine((c) => parseCursor(c) !== null, { message: INVALID_CURSOR_MESSAGE });

const DATE_BOUND = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A day ("2026-11-21", UTC) or an instant with its offset. As the lower bound a day means
 * its start; as the upper bound its end (the whole day is included).
 */
export function parseDateBound(text: string, bound: "from" | "to"): Date | null {
  if (!DATE_BOUND.test(text)) return null;
  const dayOnly = text.length === 10;
  const at = new Date(dayOnly ? `${text}T00:00:00.000Z` : text);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9998) return null;
  // new Date may roll 2026-02-31 over to March: refuse days that do not exist.
  const day = new Date(`${text.slice(0, 10)}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text.slice(0, 10)) return null;
  return dayOnly && bound === "to" ? new Date(at.getTime() + 86_400_000 - 1) : at;
}

const dateBound = (bound: "from" | "to") =>
  safeText()
    .trim()
    .max(40)
    .refine((t) => parseDateBound(t, bound) !== null, { message: "Give a day (2026-11-21) or an ISO instant with its offset." });

/** Filters both feeds take; the empty string means "not given" (as an empty URL field does). */
const feedFilters = {
  /** Words of either prompt: "a phrase", -without, or; the last word may be a prefix; typos are forgiven. */
  q: safeText().trim().max(200).optional(),
  style: z.enum(STYLES).optional(),
  model: safeText().trim().max(100).optional(),
  aspectRatio: z.enum(ASPECT_RATIOS).optional(),
  from: dateBound("from").optional(),
  to: dateBound("to").optional(),
};

const page = {
  cursor: feedCursor.nullish(),
  limit: z.number().int().min(1).max(50).default(24),
};

const fromBeforeTo = (v: { from?: string; to?: string }) =>
  !(v.from && v.to && parseDateBound(v.from, "from")! > parseDateBound(v.to, "to")!);
const fromBeforeToMessage = { path: ["to"], message: "`to` must not be before `from`." };

export const FEED_SORTS = ["new", "top", "trending"] as const;
export type FeedSort = (typeof FEED_SORTS)[number];
export const TOP_WINDOWS = ["day", "week", "all"] as const;
export type TopWindow = (typeof TOP_WINDOWS)[number];

export const feedInput = z
  .object({
    ...page,
    ...feedFilters,
    /** new: newest first; top: most liked (created within `window`); trending: likes with time decay. With `q` and no sort: best match first within each creation day, newest day first. */
    sort: z.enum(FEED_SORTS).optional(),
    /** For `top`: pictures made in the last day, week (default) or ever. */
    window: z.enum(TOP_WINDOWS).optional(),
  })
  .refine(fromBeforeTo, fromBeforeToMessage)
  .default({ limit: 24 });
export type FeedInput = z.infer<typeof feedInput>;

export const historyInput = z
  .object({
    ...page,
    ...feedFilters,
    isPublic: z.boolean().optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .refine(fromBeforeTo, fromBeforeToMessage)
  .default({ limit: 24 });
export type HistoryInput = z.infer<typeof historyInput>;

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
