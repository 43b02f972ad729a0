// The studio's talk with the server: `generate` (which queues 1–4 generations and answers
// at once), each generation's live stages, the remaining quota, `optimize`, and the two
// limits (a per-minute pause that disables the refused button until its countdown ends;
// the daily wall, a popup). Generate is free again as soon as the jobs are queued, so
// another prompt can start while one renders; the result area follows the latest one
// (the queue tray shows them all). The last pictures stay on screen through refusals.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { AspectRatio } from "../../server/contract";
import type { QuotaView } from "~/components/quota-badge";
import type { Stage } from "~/components/progress-stages";
import { friendlyMessage, limitDetails, trpc, type LimitDetails, type RouterInputs, type RouterOutputs } from "./trpc.client";

type Batch = RouterOutputs["generate"];
export type Picture = NonNullable<Batch["generations"][number]["picture"]>;
export type GenerateInput = Omit<RouterInputs["generate"], "progressId" | "wait">;
export type OptimizeInput = RouterInputs["optimize"];
export type Caller = "optimize" | "generate";

/** One generation of the run the result area follows. */
export type Slot = { id: string | null; stage: Stage; failedAt: Stage | null; picture: Picture | null; error: string | null };

/** One press of Generate, as the result area shows it while it runs (or after it failed). */
export type GenerationRun = {
  /** The furthest-behind slot's stage (what a one-picture run shows). */
  stage: Stage;
  failedAt: Stage | null;
  skipOptimize: boolean;
  aspectRatio: AspectRatio;
  /** Pictures this run makes. */
  count: number;
  batchId: string | null;
  slots: Slot[];
};

export type GenerationState = {
  run: GenerationRun | null;
  /** The latest finished pictures; kept until new ones arrive. */
  pictures: Picture[];
  /** Bumped when new pictures arrive (the page moves focus to them). */
  picturesVersion: number;
  /** A generate call is on its way (ms: it only queues). */
  generating: boolean;
  optimizing: boolean;
  error: { from: Caller; message: string } | null;
  rateLimit: { from: Caller; details: LimitDetails; until: number } | null;
  dailyLimit: LimitDetails | null;
  quota: QuotaView | null;
};

export type GenerationEvent =
  | { type: "started"; run: Omit<GenerationRun, "batchId" | "slots"> }
  | { type: "queued"; batchId: string; ids: string[] }
  | { type: "stage"; stage: Stage; id?: string }
  | { type: "slotDone"; id: string; picture: Picture }
  | { type: "slotFailed"; id: string; message: string; cancelled?: boolean }
  | { type: "succeeded"; pictures: Picture[] }
  | { type: "failed"; message: string; failedAt: Stage }
  | { type: "limited"; from: Caller; details: LimitDetails; now: number }
  | { type: "optimizing" }
  | { type: "optimized" }
  | { type: "optimizeFailed"; message: string }
  | { type: "quota"; quota: QuotaView }
  | { type: "rateLimitOver" }
  | { type: "dailyLimitClosed" };

const ORDER: Stage[] = ["queued", "optimizing", "rendering", "storing", "done"];
const isFinal = (s: Stage) => s === "done" || s === "failed" || s === "cancelled";

export function initialGenerationState(quota: QuotaView | null): GenerationState {
  return {
    run: null,
    pictures: [],
    picturesVersion: 0,
    generating: false,
    optimizing: false,
    error: null,
    rateLimit: null,
    dailyLimit: null,
    quota,
  };
}

/** The run after a slot changed: finished when every slot is; its pictures then replace the last ones. */
function settle(state: GenerationState, run: GenerationRun): GenerationState {
  const live = run.slots.filter((s) => !isFinal(s.stage));
  const stage = live.length
    ? live.map((s) => s.stage).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0]!
    : run.slots.every((s) => s.stage === "failed")
      ? "failed"
      : "done";
  const next = { ...run, stage, failedAt: stage === "failed" ? (run.slots.find((s) => s.failedAt)?.failedAt ?? "queued") : null };
  if (live.length) return { ...state, run: next };
  const pictures = run.slots.flatMap((s) => (s.picture ? [s.picture] : []));
  const failed = run.slots.filter((s) => s.stage === "failed");
  if (!pictures.length) {
    // Nothing came of it: the run stays, marked failed, and the last pictures stay below it.
    const message = failed[0]?.error ?? "Cancelled.";
    return { ...state, run: failed.length ? next : null, error: failed.length ? { from: "generate", message } : state.error };
  }
  const error = failed.length
    ? { from: "generate" as const, message: `${failed.length} of ${run.slots.length} pictures failed: ${failed[0]!.error}` }
    : null;
  return { ...state, run: null, pictures, picturesVersion: state.picturesVersion + 1, error };
}

export function generationReducer(state: GenerationState, event: GenerationEvent): GenerationState {
  switch (event.type) {
    case "started": {
      const slots = Array.from({ length: event.run.count }, (): Slot => ({
        id: null,
        stage: "queued",
        failedAt: null,
        picture: null,
        error: null,
      }));
      return { ...state, run: { ...event.run, batchId: null, slots }, generating: true, error: null };
    }
    case "queued": {
      if (!state.run) return { ...state, generating: false };
      const quota = state.quota
        ? { ...state.quota, used: state.quota.used + event.ids.length, remaining: Math.max(0, state.quota.remaining - event.ids.length) }
        : null;
      return {
        ...state,
        generating: false,
        quota,
        run: { ...state.run, batchId: event.batchId, slots: event.ids.map((id, i) => ({ ...state.run!.slots[i]!, id })) },
      };
    }
    case "stage": {
      const run = state.run;
      if (!run) return state;
      const slots = run.slots.map((s) =>
        (event.id === undefined || s.id === event.id) && !isFinal(s.stage) ? { ...s, stage: event.stage } : s,
      );
      return settle(state, { ...run, slots });
    }
    case "slotDone": {
      const run = state.run;
      if (!run || !run.slots.some((s) => s.id === event.id)) return state;
      return settle(state, {
        ...run,
        slots: run.slots.map((s) => (s.id === event.id ? { ...s, stage: "done", picture: event.picture } : s)),
      });
    }
    case "slotFailed": {
      const run = state.run;
      if (!run || !run.slots.some((s) => s.id === event.id)) return state;
      const slots = run.slots.map((s): Slot =>
        s.id === event.id
          ? { ...s, stage: event.cancelled ? "cancelled" : "failed", failedAt: isFinal(s.stage) ? "queued" : s.stage, error: event.message }
          : s,
      );
      return settle(state, { ...run, slots });
    }
    case "succeeded":
      return { ...state, run: null, generating: false, pictures: event.pictures, picturesVersion: state.picturesVersion + 1 };
    case "failed":
      return {
        ...state,
        generating: false,
        run: state.run ? { ...state.run, stage: "failed", failedAt: event.failedAt } : null,
        error: { from: "generate", message: event.message },
      };
    case "limited": {
      // A refusal used nothing: the last pictures come back into view.
      const base = {
        ...state,
        run: event.from === "generate" ? null : state.run,
        generating: event.from === "generate" ? false : state.generating,
        optimizing: event.from === "optimize" ? false : state.optimizing,
        error: null,
      };
      if (event.details.limit === "daily") {
        const quota = state.quota ? { ...state.quota, remaining: 0, used: state.quota.limit, resetAt: event.details.resetAt } : null;
        return { ...base, dailyLimit: event.details, quota };
      }
      if (event.details.limit === "queue") {
        return {
          ...base,
          error: {
            from: event.from,
            message: `You already have ${event.details.max - event.details.remaining} pictures waiting or rendering (at most ${event.details.max}). Start more when some finish.`,
          },
        };
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

/** How often a run's batch is read while it renders: the truth when events cannot arrive. */
const BATCH_POLL_MS = 3000;

/** `onQueued`: the run's jobs were queued, or have all finished (the tray reads the queue again). */
export function useGeneration({ quota, onQueued }: { quota: QuotaView | null; onQueued?: () => void }) {
  const [state, dispatch] = useReducer(generationReducer, quota, initialGenerationState);
  const busy = useRef(false);
  // The run being followed: its subscriptions and its poll, dropped when a new run starts.
  const following = useRef<{ stop: () => void } | null>(null);

  useEffect(() => {
    if (quota) dispatch({ type: "quota", quota });
  }, [quota]);
  useEffect(() => () => following.current?.stop(), []);

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

  /** Live stages by subscription, outcomes from the batch (read on every final event and every few seconds). */
  const follow = useCallback(
    (batchId: string, ids: string[]) => {
      following.current?.stop();
      let stopped = false;
      const open = new Set(ids);
      const readBatch = async () => {
        if (stopped) return;
        const batch = await trpc()
          .generation.batch.query({ batchId })
          .catch(() => null);
        if (!batch || stopped) return;
        for (const g of batch.generations) {
          if (!open.has(g.id)) continue;
          if (g.status === "succeeded" && g.picture) dispatch({ type: "slotDone", id: g.id, picture: g.picture });
          else if (g.status === "failed") dispatch({ type: "slotFailed", id: g.id, message: g.error?.message ?? "The picture failed." });
          else if (g.status === "cancelled") dispatch({ type: "slotFailed", id: g.id, message: "Cancelled.", cancelled: true });
          else continue;
          open.delete(g.id);
        }
        if (!open.size) {
          stop();
          refreshQuota();
          onQueued?.();
        }
      };
      const subs = ids.map((id) =>
        trpc().generationProgress.subscribe(
          { generationId: id },
          {
            onData: (ev) => {
              const stage = ev.data.stage as Stage;
              if (isFinal(stage)) void readBatch();
              else dispatch({ type: "stage", id, stage });
            },
            onError: () => {},
          },
        ),
      );
      const poll = setInterval(() => void readBatch(), BATCH_POLL_MS);
      const stop = () => {
        stopped = true;
        clearInterval(poll);
        for (const s of subs) s.unsubscribe();
      };
      following.current = { stop };
    },
    [refreshQuota, onQueued],
  );

  const generate = useCallback(
    async (input: GenerateInput, view: { skipOptimize: boolean }): Promise<string[] | null> => {
      if (busy.current) return null;
      busy.current = true;
      dispatch({
        type: "started",
        run: {
          stage: "queued",
          failedAt: null,
          skipOptimize: view.skipOptimize,
          aspectRatio: input.aspectRatio ?? "1:1",
          count: input.count ?? 1,
        },
      });
      try {
        const batch = await trpc().generate.mutate(input);
        const ids = batch.generations.map((g) => g.id);
        dispatch({ type: "queued", batchId: batch.batchId, ids });
        follow(batch.batchId, ids);
        onQueued?.();
        return ids;
      } catch (e) {
        const details = limitDetails(e);
        if (details) dispatch({ type: "limited", from: "generate", details, now: Date.now() });
        else dispatch({ type: "failed", message: friendlyMessage(e), failedAt: "queued" });
        return null;
      } finally {
        busy.current = false;
      }
    },
    [follow, onQueued],
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

  return { state, generate, optimize, pausedFor, closeDailyLimit, refreshQuota };
}
