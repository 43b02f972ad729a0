// The studio's talk with the server: the progress subscription, the `generate` and
// `optimize` calls, the remaining quota, and the two limits (a per-minute pause that
// disables the refused button until its countdown ends; the daily wall, a popup).
// The last pictures stay on screen through refusals and failures.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { AspectRatio } from "../../server/contract";
import type { QuotaView } from "~/components/quota-badge";
import type { Stage } from "~/components/progress-stages";
import { friendlyMessage, limitDetails, newProgressId, trpc, type LimitDetails, type RouterInputs, type RouterOutputs } from "./trpc.client";

export type Picture = RouterOutputs["generate"];
export type GenerateInput = Omit<RouterInputs["generate"], "progressId">;
export type OptimizeInput = RouterInputs["optimize"];
export type Caller = "optimize" | "generate";

/** One press of Generate, as the result area shows it while it runs (or after it failed). */
export type GenerationRun = {
  stage: Stage;
  failedAt: Stage | null;
  skipOptimize: boolean;
  aspectRatio: AspectRatio;
  /** Pictures this run will make (1 today; the layout already holds several). */
  count: number;
};

export type GenerationState = {
  run: GenerationRun | null;
  /** The latest finished pictures; kept until new ones arrive. */
  pictures: Picture[];
  /** Bumped when new pictures arrive (the page moves focus to them). */
  picturesVersion: number;
  generating: boolean;
  optimizing: boolean;
  error: { from: Caller; message: string } | null;
  rateLimit: { from: Caller; details: LimitDetails; until: number } | null;
  dailyLimit: LimitDetails | null;
  quota: QuotaView | null;
};

export type GenerationEvent =
  | { type: "started"; run: GenerationRun }
  | { type: "stage"; stage: Stage }
  | { type: "succeeded"; pictures: Picture[] }
  | { type: "failed"; message: string; failedAt: Stage }
  | { type: "limited"; from: Caller; details: LimitDetails; now: number }
  | { type: "optimizing" }
  | { type: "optimized" }
  | { type: "optimizeFailed"; message: string }
  | { type: "quota"; quota: QuotaView }
  | { type: "rateLimitOver" }
  | { type: "dailyLimitClosed" };

export function initialGenerationState(quota: QuotaView | null): GenerationState {
  return { run: null, pictures: [], picturesVersion: 0, generating: false, optimizing: false, error: null, rateLimit: null, dailyLimit: null, quota };
}

export function generationReducer(state: GenerationState, event: GenerationEvent): GenerationState {
  switch (event.type) {
    case "started":
      return { ...state, run: event.run, generating: true, error: null };
    case "stage":
      return state.run ? { ...state, run: { ...state.run, stage: event.stage } } : state;
    case "succeeded": {
      const quota = state.quota ? { ...state.quota, used: state.quota.used + event.pictures.length, remaining: Math.max(0, state.quota.remaining - event.pictures.length) } : null;
      return { ...state, run: null, generating: false, pictures: event.pictures, picturesVersion: state.picturesVersion + 1, quota };
    }
    case "failed":
      return { ...state, generating: false, run: state.run ? { ...state.run, stage: "failed", failedAt: event.failedAt } : null, error: { from: "generate", message: event.message } };
    case "limited": {
      // A refusal used nothing: the last pictures come back into view.
      const base = { ...state, run: event.from === "generate" ? null : state.run, generating: event.from === "generate" ? false : state.generating, optimizing: event.from === "optimize" ? false : state.optimizing, error: null };
      if (event.details.limit === "daily") {
        const quota = state.quota ? { ...state.quota, remaining: 0, used: state.quota.limit, resetAt: event.details.resetAt } : null;
        return { ...base, dailyLimit: event.details, quota };
      }
      const until = Math.max(Date.parse(event.details.resetAt) || 0, event.now + 1000);
      return { ...base, rateLimit: { from: event.from, details: event.details, until } };
    }
    case "optimizing":
      return { ...state, optimizing: true, error: null };
    case "optimized":
      return { ...state, optimizing: false };
    case "optimizeFailed":
      return { ...state, optimizing: false, error: { from: "optimize", message: event.message } };
    case "quota":
      return { ...state, quota: event.quota };
    case "rateLimitOver":
      return { ...state, rateLimit: null };
    case "dailyLimitClosed":
      return { ...state, dailyLimit: null };
  }
}

/** Seconds left on a countdown, ticking once a second; null when there is none. */
function useSecondsUntil(until: number | null, onOver: () => void): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until == null) return;
    setNow(Date.now());
    const t = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= until) onOver();
    }, 1000);
    return () => clearInterval(t);
  }, [until, onOver]);
  return until == null ? null : Math.max(1, Math.ceil((until - now) / 1000));
}

export function useGeneration({ quota }: { quota: QuotaView | null }) {
  const [state, dispatch] = useReducer(generationReducer, quota, initialGenerationState);
  const busy = useRef(false);

  useEffect(() => {
    if (quota) dispatch({ type: "quota", quota });
  }, [quota]);

  const rateLimitOver = useCallback(() => dispatch({ type: "rateLimitOver" }), []);
  const secondsLeft = useSecondsUntil(state.rateLimit?.until ?? null, rateLimitOver);

  /** Seconds until `caller` may be pressed again after a per-minute refusal, or null. */
  const pausedFor = (caller: Caller): number | null => (state.rateLimit?.from === caller ? secondsLeft : null);

  const refreshQuota = useCallback(() => {
    trpc()
      .quota.query()
      .then((q) => dispatch({ type: "quota", quota: { ...q, resetAt: new Date(q.resetAt).toISOString() } }))
      .catch(() => {});
  }, []);

  const generate = useCallback(
    async (input: GenerateInput, view: { skipOptimize: boolean }): Promise<Picture[] | null> => {
      if (busy.current) return null;
      busy.current = true;
      dispatch({ type: "started", run: { stage: "queued", failedAt: null, skipOptimize: view.skipOptimize, aspectRatio: input.aspectRatio ?? "1:1", count: 1 } });
      const progressId = newProgressId();
      let last: Stage = "queued";
      let started: () => void = () => {};
      const ready = new Promise<void>((r) => (started = r));
      const sub = trpc().generationProgress.subscribe(
        { progressId },
        {
          onStarted: () => started(),
          onData: (ev) => {
            const stage = ev.data.stage as Stage;
            if (stage !== "failed") last = stage;
            dispatch({ type: "stage", stage });
          },
          onError: () => started(),
        },
      );
      // The server keeps a channel's events, so a late subscription still sees every stage.
      await Promise.race([ready, new Promise((r) => setTimeout(r, 1500))]);
      try {
        const picture = await trpc().generate.mutate({ ...input, progressId });
        dispatch({ type: "succeeded", pictures: [picture] });
        refreshQuota();
        return [picture];
      } catch (e) {
        const details = limitDetails(e);
        if (details) dispatch({ type: "limited", from: "generate", details, now: Date.now() });
        else dispatch({ type: "failed", message: friendlyMessage(e), failedAt: last });
        return null;
      } finally {
        sub.unsubscribe();
        busy.current = false;
      }
    },
    [refreshQuota],
  );

  const optimize = useCallback(async (input: OptimizeInput): Promise<RouterOutputs["optimize"] | null> => {
    dispatch({ type: "optimizing" });
    try {
      const out = await trpc().optimize.mutate(input);
      dispatch({ type: "optimized" });
      return out;
    } catch (e) {
      const details = limitDetails(e);
      if (details) dispatch({ type: "limited", from: "optimize", details, now: Date.now() });
      else dispatch({ type: "optimizeFailed", message: friendlyMessage(e) });
      return null;
    }
  }, []);

  const closeDailyLimit = useCallback(() => dispatch({ type: "dailyLimitClosed" }), []);

  return { state, generate, optimize, pausedFor, closeDailyLimit };
}
