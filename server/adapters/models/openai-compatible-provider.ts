// Z.ai (GLM-4.7 + GLM-Image/CogView-4) and any OpenAI-compatible endpoint, through the
// `openai` client with baseURL. Retries are the pipeline's job, so the client's are off.
import OpenAI from "openai";
import { ProviderError, type OptimizeRequest, type RemoteProvider, type RenderRequest, type RenderResult } from "./model-port";
import { toProviderError } from "./openai-errors";

export type OpenAiCompatibleOptions = {
  flavour: "zai" | "openai-compatible";
  baseURL: string;
  apiKey: string;
  fetch?: typeof globalThis.fetch;
};

const SYSTEM_PROMPT =
  "You rewrite prompts for a text-to-image model. Keep the user's subject and intent; add concrete detail about " +
  "subject, lighting, composition, and medium. Answer with the rewritten prompt only: one paragraph, no quotes, " +
  "no preamble, at most 120 words.";

const DETAIL_HINT = { low: "Keep it short and simple.", medium: "Moderate detail.", high: "Rich, specific detail." } as const;

type ImagesResponse = { data?: Array<{ url?: string; b64_json?: string }>; content_filter?: Array<{ role?: string; level?: number }> };

export function createOpenAiCompatibleProvider(opts: OpenAiCompatibleOptions): RemoteProvider {
  const client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey || "none", maxRetries: 0, fetch: opts.fetch });

  return {
    async optimize(req: OptimizeRequest) {
      try {
        const body: Record<string, unknown> = {
          model: req.model.apiModel,
          messages: [
            { role: "system", content: SYSTEM_PROMPT },
            { role: "user", content: `${req.style ? `Style: ${req.style}. ` : ""}${DETAIL_HINT[req.detailLevel]}\nPrompt: ${req.prompt}` },
          ],
          temperature: 0.7,
          max_tokens: 400,
        };
        // GLM-4.7 thinks by default; a short rewrite is far faster without it.
        if (opts.flavour === "zai") body.thinking = { type: "disabled" };
        const res = await client.chat.completions.create(body as never, { signal: req.signal });
        const text = (res as OpenAI.ChatCompletion).choices?.[0]?.message?.content?.trim();
        if (!text) throw new ProviderError("bad_response", "The language model returned no text.", false);
        return { betterPrompt: text.replace(/^["']|["']$/g, "").slice(0, 2000) };
      } catch (e) {
        throw toProviderError(e, req.signal);
      }
    },

    async render(req: RenderRequest): Promise<RenderResult> {
      let res: ImagesResponse;
      try {
        const body: Record<string, unknown> = { model: req.model.apiModel, prompt: req.prompt, size: `${req.width}x${req.height}` };
        if (opts.flavour === "zai") {
          body.quality = req.model.apiModel === "glm-image" ? "hd" : "standard";
          body.watermark_enabled = false;
          // Z.ai wants 6-128 chars; the user id helps them attribute abuse.
          body.user_id = req.userId.padEnd(6, "_").slice(0, 128);
        } else {
          body.n = 1;
        }
        res = (await client.images.generate(body as never, { signal: req.signal })) as unknown as ImagesResponse;
      } catch (e) {
        throw toProviderError(e, req.signal);
      }
      if (!res || typeof res !== "object" || !Array.isArray(res.data)) {
        throw new ProviderError("bad_response", "The image service sent a malformed answer.", false);
      }
      // Z.ai content_filter: level 0 is the most severe, 3 the least; a blocked output has no data.
      const flagged = res.content_filter?.find((f) => typeof f.level === "number" && f.level <= 1 && f.role === "assistant");
      const first = res.data[0];
      const contentFilter = flagged ? { blocked: true, reason: `provider content filter (level ${flagged.level})` } : undefined;
      if (!first?.url && !first?.b64_json) {
        if (contentFilter) return { image: { kind: "bytes", bytes: Buffer.alloc(0) }, contentFilter };
        throw new ProviderError("bad_response", "The image service returned no image.", false);
      }
      const image = first.b64_json
        ? ({ kind: "bytes", bytes: Buffer.from(first.b64_json, "base64") } as const)
        : ({ kind: "url", url: first.url! } as const);
      return { image, contentFilter };
    },
  };
}
