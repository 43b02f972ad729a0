// Replicate predictions through the `replicate` package: create with `Prefer: wait`,
// then poll until the prediction is terminal or the pipeline's signal aborts.
import Replicate from "replicate";
import { ProviderError, type RemoteProvider, type RenderRequest, type RenderResult } from "./model-port";

export type ReplicateOptions = { baseUrl: string; token: string; fetch?: typeof globalThis.fetch; pollIntervalMs?: number };

const NSFW = /nsfw|safety|sensitive|content/i;

type Prediction = { id: string; status: string; output?: unknown; error?: unknown };

function fromApiError(e: unknown, signal: AbortSignal): ProviderError {
  if (e instanceof ProviderError) return e;
  if (signal.aborted || (e instanceof Error && e.name === "AbortError")) {
    return new ProviderError("timeout", "The image service did not answer in time.", true, undefined, { cause: e });
  }
  const status = (e as { response?: { status?: number } })?.response?.status;
  if (status === 429) return new ProviderError("rate_limited", "The image service is busy (rate limited).", true, 429, { cause: e });
  if (status && status >= 500)
    return new ProviderError("upstream", `The image service failed (HTTP ${status}).`, true, status, { cause: e });
  if (status) return new ProviderError("upstream", `The image service rejected the request (HTTP ${status}).`, false, status, { cause: e });
  if (e instanceof SyntaxError)
    return new ProviderError("bad_response", "The image service sent a malformed answer.", false, undefined, { cause: e });
  if (e instanceof TypeError) return new ProviderError("upstream", "Could not reach the image service.", true, undefined, { cause: e });
  return new ProviderError("bad_response", "The image service sent an unexpected answer.", false, undefined, { cause: e });
}

function firstUrl(output: unknown): string | undefined {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return output.find((o): o is string => typeof o === "string");
  return undefined;
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export function createReplicateProvider(opts: ReplicateOptions): RemoteProvider {
  const client = new Replicate({ auth: opts.token, baseUrl: opts.baseUrl, fetch: opts.fetch, useFileOutput: false });
  const interval = opts.pollIntervalMs ?? 1000;

  return {
    async render(req: RenderRequest): Promise<RenderResult> {
      const { signal } = req;
      let prediction: Prediction;
      try {
        prediction = (await client.predictions.create({
          model: req.model.apiModel,
          input: {
            prompt: req.prompt,
            aspect_ratio: req.aspectRatio,
            seed: req.seed,
            output_format: "png",
            num_outputs: 1,
          },
          wait: 60,
          signal,
        } as never)) as unknown as Prediction;
        // The loop ends with the deadline: a poll that kept going after the caller gave up
        // would run (and hold a socket) for as long as the prediction does.
        while (prediction.status === "starting" || prediction.status === "processing") {
          await sleepUnlessAborted(interval, signal);
          prediction = (await client.predictions.get(prediction.id, { signal })) as unknown as Prediction;
        }
      } catch (e) {
        if (signal.aborted && prediction! && prediction.id) void client.predictions.cancel(prediction.id).catch(() => {});
        throw fromApiError(e, signal);
      }
      if (!prediction || typeof prediction !== "object" || typeof prediction.status !== "string") {
        throw new ProviderError("bad_response", "The image service sent a malformed answer.", false);
      }
      if (prediction.status === "failed" || prediction.status === "canceled") {
        const msg = String(prediction.error ?? "prediction failed");
        if (NSFW.test(msg))
          return { image: { kind: "bytes", bytes: Buffer.alloc(0) }, contentFilter: { blocked: true, reason: "provider safety checker" } };
        throw new ProviderError("upstream", "The image model failed to render this prompt.", false);
      }
      const url = firstUrl(prediction.output);
      if (!url) throw new ProviderError("bad_response", "The image service returned no image.", false);
      return { image: { kind: "url", url } };
    },
  };
}
