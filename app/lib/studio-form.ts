// The studio's form as one reducer: what the person has chosen, the before/after of an
// optimized prompt, and what the next `generate` call sends. Pure, so it is unit-tested
// (tests/unit/studio-form.test.ts) and the page only renders it.
import {
  ASPECT_RATIOS,
  DETAIL_LEVELS,
  NEGATIVE_PROMPT_MAX_CHARS,
  PROMPT_MAX_CHARS,
  isStyle,
  type AspectRatio,
  type DetailLevel,
  type Style,
} from "../../server/contract";

/** What a link into the studio (a Remix, a shared link) fills in. */
export type StudioPrefill = {
  prompt: string;
  negativePrompt: string;
  style: Style | "";
  aspectRatio: AspectRatio;
  detailLevel: DetailLevel;
  model: string;
  seed: string;
  /** Characters of a linked prompt left out at the length limit (0: none). */
  promptCut: number;
  /** The picture a Remix link came from ("": none): recorded as the new pictures' parent. */
  parentId: string;
};

export type Optimized = { text: string; use: "optimized" | "original" };

export function pickOne<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A seed as the form keeps it: digits within a 32-bit signed int, else "" (random). */
export function seedParam(value: string | null): string {
  if (!value || !/^\d{1,10}$/.test(value)) return "";
  const n = Number(value);
  return n <= 2_147_483_647 ? String(n) : "";
}

/**
 * What a studio link's query string fills in ("Remix" links, shared studio links, a kept
 * draft): anything unknown or out of range falls back to the default. The source picture
 * (`from`) is the loader's to check, so parentId is left empty here.
 */
export function prefillFromQuery(q: URLSearchParams, models: { ids: readonly string[]; fallback: string }): StudioPrefill {
  const linkedPrompt = q.get("prompt") ?? "";
  return {
    prompt: linkedPrompt.slice(0, PROMPT_MAX_CHARS),
    promptCut: Math.max(0, linkedPrompt.length - PROMPT_MAX_CHARS),
    negativePrompt: (q.get("negativePrompt") ?? "").slice(0, NEGATIVE_PROMPT_MAX_CHARS),
    style: isStyle(q.get("style")) ? (q.get("style") as Style) : "",
    aspectRatio: pickOne<AspectRatio>(q.get("aspectRatio"), ASPECT_RATIOS, "1:1"),
    detailLevel: pickOne<DetailLevel>(q.get("detailLevel"), DETAIL_LEVELS, "medium"),
    model: pickOne(q.get("model"), models.ids, models.fallback),
    seed: seedParam(q.get("seed")),
    parentId: "",
  };
}

/** Variations one press of Generate makes (seeds seed, seed + 1, …). */
export const PICTURE_COUNTS = [1, 2, 4] as const;
export type PictureCount = (typeof PICTURE_COUNTS)[number];

export type StudioForm = Omit<StudioPrefill, "promptCut"> & {
  isPublic: boolean;
  count: PictureCount;
  autoOptimize: boolean;
  /** The before/after editor: set once Optimize has answered. */
  optimized: Optimized | null;
  /** Characters cut from the prompt at the limit (pasted or linked text), to say so. */
  promptCut: number;
};

type Editable = "prompt" | "negativePrompt" | "style" | "aspectRatio" | "detailLevel" | "seed" | "isPublic" | "autoOptimize" | "count";

export type StudioAction =
  | { type: "reset"; prefill: StudioPrefill }
  | { [K in Editable]: { type: "set"; field: K; value: StudioForm[K] } }[Editable]
  | { type: "model"; id: string; sizes: readonly string[] }
  | { type: "pasted"; text: string; selectionLength: number }
  | { type: "optimized"; text: string }
  | { type: "editOptimized"; text: string }
  | { type: "useOptimized"; use: Optimized["use"] }
  | { type: "discardOptimized" }
  /** Not a remix after all: the settings stay, the link to the source goes. */
  | { type: "clearRemix" }
  /** A kept draft (app/lib/studio-draft.ts), already checked. */
  | { type: "restore"; form: StudioForm };

export function initialStudioForm(prefill: StudioPrefill): StudioForm {
  return { ...prefill, isPublic: false, autoOptimize: true, count: 1, optimized: null };
}

export function studioFormReducer(state: StudioForm, action: StudioAction): StudioForm {
  switch (action.type) {
    case "reset":
      return { ...initialStudioForm(action.prefill), isPublic: state.isPublic, autoOptimize: state.autoOptimize, count: state.count };
    case "set": {
      if (action.field === "seed") return { ...state, seed: String(action.value).replace(/\D/g, "").slice(0, 10) };
      if (action.field === "prompt") {
        const prompt = String(action.value).slice(0, PROMPT_MAX_CHARS);
        // Typing below the limit again means the earlier cut no longer matters.
        return { ...state, prompt, promptCut: prompt.length < PROMPT_MAX_CHARS ? 0 : state.promptCut };
      }
      if (action.field === "negativePrompt") return { ...state, negativePrompt: String(action.value).slice(0, NEGATIVE_PROMPT_MAX_CHARS) };
      return { ...state, [action.field]: action.value };
    }
    case "model": {
      // A model that cannot draw the chosen shape falls back to the first one it can.
      const ratio = action.sizes.length && !action.sizes.includes(state.aspectRatio) ? (action.sizes[0] as AspectRatio) : state.aspectRatio;
      return { ...state, model: action.id, aspectRatio: ASPECT_RATIOS.includes(ratio) ? ratio : state.aspectRatio };
    }
    case "pasted": {
      // The textarea's maxLength cuts a long paste silently; count what was left out.
      const room = PROMPT_MAX_CHARS - (state.prompt.length - action.selectionLength);
      const lost = Math.max(0, action.text.length - room);
      return lost > 0 ? { ...state, promptCut: lost } : state;
    }
    case "optimized":
      return { ...state, optimized: { text: action.text, use: "optimized" } };
    case "editOptimized":
      return state.optimized ? { ...state, optimized: { ...state.optimized, text: action.text } } : state;
    case "useOptimized":
      return state.optimized ? { ...state, optimized: { ...state.optimized, use: action.use } } : state;
    case "discardOptimized":
      return { ...state, optimized: null };
    case "clearRemix":
      return { ...state, parentId: "" };
    case "restore":
      return action.form;
  }
}

/** Whether the language model will be skipped for this form's next picture. */
export function skipsOptimizer(form: StudioForm): boolean {
  return form.optimized ? form.optimized.use === "original" : !form.autoOptimize;
}

/** The `generate` input this form asks for. */
export function generateRequest(form: StudioForm) {
  const useOptimized = form.optimized?.use === "optimized" && form.optimized.text.trim() ? form.optimized.text : undefined;
  return {
    prompt: form.prompt,
    betterPrompt: useOptimized,
    skipOptimize: useOptimized ? false : skipsOptimizer(form),
    negativePrompt: form.negativePrompt.trim() || undefined,
    style: form.style || undefined,
    aspectRatio: form.aspectRatio,
    detailLevel: form.detailLevel,
    model: form.model || undefined,
    // A remix keeps the source's seed unless it was changed: the link prefills it, and
    // without one the server takes the parent's.
    seed: form.seed.trim() ? Number(form.seed) : undefined,
    isPublic: form.isPublic,
    count: form.count,
    parentId: form.parentId || undefined,
  };
}

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean);
const normalized = (text: string) => words(text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, " ")).join(" ");

/**
 * What the optimizer did, in words a person uses: "Kept your 8 words and added 19 more
 * (lighting, composition, detail)" rather than "+238% words".
 */
export function describePromptChange(before: string, after: string): string {
  const b = words(before).length;
  const a = words(after).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (normalized(before) === normalized(after)) return "No changes: your prompt was already clear.";
  if (normalized(after).startsWith(normalized(before)) && a > b) return `Kept your prompt and added ${plural(a - b, "word")} of detail.`;
  if (a > b) return `Rewritten and expanded: your ${plural(b, "word")} became ${a}.`;
  if (a < b) return `Rewritten more briefly: your ${plural(b, "word")} became ${a}.`;
  return "Reworded, about the same length.";
}
