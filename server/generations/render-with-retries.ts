// One render with a deadline per attempt and bounded, jittered exponential backoff on
// retryable failures (timeouts, 429, 5xx, connection errors).
import { ProviderError, type ModelPort, type RenderRequest, type RenderResult } from "../adapters/models/model-port";

export type RetryState = { retryCount: number };

function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error("deadline"));
      reject(new ProviderError("timeout", "The image service did not answer in time.", true));
    }, ms);
  });
  // Providers that ignore the signal still lose the race.
  return Promise.race([work(controller.signal), deadline]).finally(() => clearTimeout(timer));
}

export async function renderWithRetries(
  models: ModelPort,
  req: Omit<RenderRequest, "signal">,
  state: RetryState,
): Promise<RenderResult> {
  const { maxAttempts, timeoutMs, backoffMs } = models.policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withDeadline((signal) => models.render({ ...req, signal }), timeoutMs);
    } catch (e) {
      const err = e instanceof ProviderError ? e : new ProviderError("bad_response", "The image service failed unexpectedly.", false, undefined, { cause: e });
      if (!err.retryable || attempt >= maxAttempts) throw err;
      state.retryCount = attempt;
      const wait = backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export { withDeadline };
