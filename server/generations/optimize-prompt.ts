// Prompt optimization: moderate the input, rewrite with the text model, moderate the result.
import { ProviderError } from "../adapters/models/model-port";
import type { Services } from "../services";
import { moderateText } from "../moderation/moderate";
import { resolveTextModel } from "./resolve-model";
import { providerFailure } from "./provider-failure";
import { withDeadline } from "./render-with-retries";
import type { OptimizeInput } from "./schemas";

export type OptimizeOutput = { betterPrompt: string; delta: number; model: string; provider: string };

/** Relative growth in words: 0.5 means the optimized prompt has 50% more words. */
export function optimizationDelta(original: string, better: string): number {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  const a = Math.max(1, words(original));
  return Math.round(((words(better) - a) / a) * 100) / 100;
}

/** Rewrites a prompt; does not moderate (callers do, so they can attribute the stage). */
export async function rewritePrompt(
  services: Pick<Services, "models">,
  input: Pick<OptimizeInput, "prompt" | "style" | "detailLevel" | "model">,
  outer?: AbortSignal,
) {
  const model = resolveTextModel(services.models, input.model);
  try {
    const { betterPrompt } = await withDeadline(
      (signal) => services.models.optimize({ prompt: input.prompt, style: input.style, detailLevel: input.detailLevel, model, signal }),
      services.models.policy.timeoutMs,
      outer,
    );
    return { betterPrompt, model };
  } catch (e) {
    if (outer?.aborted) throw outer.reason;
    throw providerFailure(
      e instanceof ProviderError ? e : new ProviderError("bad_response", "The language model failed.", false, undefined, { cause: e }),
    );
  }
}

export async function optimizePrompt(services: Services, userId: string, input: OptimizeInput): Promise<OptimizeOutput> {
  await moderateText(services.db, userId, "input", [input.prompt]);
  const { betterPrompt, model } = await rewritePrompt(services, input);
  await moderateText(services.db, userId, "optimized", [betterPrompt]);
  return { betterPrompt, delta: optimizationDelta(input.prompt, betterPrompt), model: model.id, provider: model.provider };
}
