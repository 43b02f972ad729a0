// One render with a deadline per attempt and bounded, jittered exponential backoff on
// retryable failures (timeouts, 429, 5xx, connection errors).
import { ProviderError, type ModelPort, type RenderRequest, type RenderResult } from "../adapters/models/model-port";

export type RetryState = { retryCount: number };

/**
 * Runs `work` with a deadline, and stops it early when `outer` aborts (a cancelled job,
 * a worker shutting down): then it rejects with `outer.reason`.
 */
function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, ms: number, outer?: AbortSignal): Promise<T> {
  if (outer?.aborted) return Promise.reject(outer.reason);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onOuterAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error("deadline"));
      reject(new ProviderError("timeout", "The image service did not answer in time.", true));
    }, ms);
    if (outer) {
      onOuterAbort = () => {
        controller.abort(outer.reason);
        reject(outer.reason);
      };
      outer.addEventListener("abort", onOuterAbort, { once: true });
    }
  });
  // Providers that ignore the signal still lose the race.
  const running = work(controller.signal);
  // The loser of the race may still reject later: that must not become an unhandled rejection.
  running.catch(() => {});
  return Promise.race([running, deadline]).finally(() => {
    clearTimeout(timer);
    if (onOuterAbort) outer!.removeEventListener("abort", onOuterAbort);
  });
}

/** Waits `ms`, or rejects with `signal.reason` as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export async function renderWithRetries(
  models: ModelPort,
  req: Omit<RenderRequest, "signal">,
  state: RetryState,
  outer?: AbortSignal,
): Promise<RenderResult> {
  const { maxAttempts, timeoutMs, backoffMs } = models.policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withDeadline((signal) => models.render({ ...req, signal }), timeoutMs, outer);
    } catch (e) {
      if (outer?.aborted) throw outer.reason;
      const err =
        e instanceof ProviderError
          ? e
          : new ProviderError("bad_response", "The image service failed unexpectedly.", false, undefined, { cause: e });
      if (!err.retryable || attempt >= maxAttempts) throw err;
      state.retryCount = attempt;
      const wait = backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      await sleep(wait, outer);
    }
  }
}

export { withDeadline };
