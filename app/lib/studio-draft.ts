// The studio keeps what is being written in this browser tab (sessionStorage), so a
// detour — "Sign in to generate", a reload, a look at the gallery — comes back to the
// prompt and settings as they were. One draft per account, and one for signed out that
// the account signing in adopts; a draft belongs to the studio address it was typed on
// (a Remix link opened later is its own start). What is read back is checked as a link's
// query string is: a stale or edited draft can only fall back to defaults.
import { useEffect, useRef, useState, type Dispatch } from "react";
import { PICTURE_COUNTS, prefillFromQuery, type StudioAction, type StudioForm, type StudioPrefill } from "./studio-form";

const VERSION = 1;

export const draftKey = (userId: string | null) => `studio-draft:${userId ?? "signed-out"}`;

/** The sign-in redirect's marker: back from "Sign in to generate" (`/create?then=generate`). */
export const THEN_PARAM = "then";

/** A studio address's query without the marker (normalized), and whether it was there. */
export function splitStudioSearch(search: string): { search: string; thenGenerate: boolean } {
  const q = new URLSearchParams(search);
  const thenGenerate = q.get(THEN_PARAM) === "generate";
  // Always in one spelling (URLSearchParams'), so a draft's address matches however it was written.
  q.delete(THEN_PARAM);
  const rest = q.toString(); // not q.size: browsers before 2023 do not have it
  return { search: rest ? `?${rest}` : "", thenGenerate };
}

export function withThenGenerate(search: string): string {
  return `${search}${search ? "&" : "?"}${THEN_PARAM}=generate`;
}

/** "Sign in to generate" was pressed with a prompt written: generate once signed in. */
const INTENT_KEY = "studio-intent:generate";
/** An intent older than this (a sign-in abandoned and come back to later) is dropped. */
const INTENT_MAX_AGE_MS = 15 * 60_000;

export function rememberGenerateIntent(): void {
  try {
    sessionStore()?.setItem(INTENT_KEY, String(Date.now()));
  } catch {
    // storage refused: the person presses Generate themselves
  }
}

/** Whether a fresh "Sign in to generate" waits to be carried out; reading it consumes it. */
export function takeGenerateIntent(now = Date.now()): boolean {
  try {
    const store = sessionStore();
    const at = Number(store?.getItem(INTENT_KEY));
    store?.removeItem(INTENT_KEY);
    return Number.isFinite(at) && at > 0 && now - at >= 0 && now - at < INTENT_MAX_AGE_MS;
  } catch {
    return false;
  }
}

type StoredDraft = {
  v: number;
  search: string;
  fields: Record<string, string>;
  count: number;
  isPublic: boolean;
  autoOptimize: boolean;
  optimized: { text: string; use: string } | null;
};

export function encodeDraft(form: StudioForm, search: string): string {
  const draft: StoredDraft = {
    v: VERSION,
    search,
    fields: {
      prompt: form.prompt,
      negativePrompt: form.negativePrompt,
      style: form.style,
      aspectRatio: form.aspectRatio,
      detailLevel: form.detailLevel,
      model: form.model,
      seed: form.seed,
    },
    count: form.count,
    isPublic: form.isPublic,
    autoOptimize: form.autoOptimize,
    optimized: form.optimized,
  };
  return JSON.stringify(draft);
}

/** The form a stored draft gives back on this page, or null when there is none for it. */
export function decodeDraft(
  raw: string | null,
  page: { search: string; prefill: StudioPrefill; modelIds: readonly string[] },
): StudioForm | null {
  let d: Partial<StoredDraft>;
  try {
    d = JSON.parse(raw ?? "null") as Partial<StoredDraft>;
  } catch {
    return null;
  }
  if (!d || typeof d !== "object" || d.v !== VERSION || d.search !== page.search) return null;
  const fields = typeof d.fields === "object" && d.fields ? d.fields : {};
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (typeof v === "string") query.set(k, v);
  const checked = prefillFromQuery(query, { ids: page.modelIds, fallback: page.prefill.model });
  const o = d.optimized;
  return {
    ...checked,
    promptCut: 0,
    // The source picture is the page's own (the loader checked it), never the draft's.
    parentId: page.prefill.parentId,
    count: (PICTURE_COUNTS as readonly number[]).includes(d.count as number) ? (d.count as StudioForm["count"]) : 1,
    isPublic: d.isPublic === true,
    autoOptimize: d.autoOptimize !== false,
    optimized:
      o && typeof o === "object" && typeof o.text === "string" && (o.use === "optimized" || o.use === "original")
        ? { text: o.text.slice(0, 4000), use: o.use }
        : null,
  };
}

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage turned off: the studio works, without drafts
  }
}

/**
 * Restores this tab's draft once the page is up, then keeps it as the form changes.
 * Answers whether the restore has been done (the form is then as it will start).
 */
export function useStudioDraft(opts: {
  userId: string | null;
  search: string;
  form: StudioForm;
  dispatch: Dispatch<StudioAction>;
  prefill: StudioPrefill;
  modelIds: readonly string[];
}) {
  const { userId, search, form, dispatch, prefill, modelIds } = opts;
  const restoredFor = useRef<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const page = `${userId ?? ""}\n${search}`;
    if (restoredFor.current === page) return;
    restoredFor.current = page;
    setReady(true);
    const store = sessionStore();
    if (!store) return;
    try {
      const own = decodeDraft(store.getItem(draftKey(userId)), { search, prefill, modelIds });
      const adopted = !own && userId ? decodeDraft(store.getItem(draftKey(null)), { search, prefill, modelIds }) : null;
      if (adopted) store.removeItem(draftKey(null));
      const draft = own ?? adopted;
      if (draft) dispatch({ type: "restore", form: draft });
    } catch {
      // unreadable storage: start from the page's own form
    }
  }, [userId, search, prefill, modelIds, dispatch]);
  useEffect(() => {
    if (restoredFor.current === null) return;
    try {
      sessionStore()?.setItem(draftKey(userId), encodeDraft(form, search));
    } catch {
      // full or refused: drafts are a convenience
    }
  }, [form, userId, search]);
  return ready;
}
