// The models port: what the pipeline needs from a text/image provider. Adapters throw
// ProviderError so the pipeline can decide what to retry and what to tell the user.
import type { AspectRatio, Catalogue, DetailLevel, ImageModel, ProviderName, Style, TextModel } from "../../models/catalogue";

export type OptimizeRequest = { prompt: string; style?: Style; detailLevel: DetailLevel; model: TextModel; signal: AbortSignal };
export type OptimizeResult = { betterPrompt: string };

export type RenderRequest = {
  prompt: string;
  negativePrompt?: string;
  model: ImageModel;
  aspectRatio: AspectRatio;
  width: number;
  height: number;
  seed: number;
  style?: Style;
  userId: string;
  signal: AbortSignal;
};

export type RenderResult = {
  image: { kind: "bytes"; bytes: Buffer } | { kind: "url"; url: string };
  /** The provider's own verdict on the output, when it gives one (Z.ai content_filter). */
  contentFilter?: { blocked: boolean; reason?: string };
};

export type ProviderErrorKind = "timeout" | "rate_limited" | "content_filter" | "upstream" | "bad_response";

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ProviderError";
  }
}

export type RenderPolicy = {
  /** One attempt's deadline. */
  timeoutMs: number;
  /** Attempts including the first. */
  maxAttempts: number;
  /** First backoff; doubled on each retry (with jitter). */
  backoffMs: number;
  /** Largest image accepted from a provider URL. */
  maxImageBytes: number;
};

export type ModelPort = {
  provider: ProviderName;
  catalogue: Catalogue;
  policy: RenderPolicy;
  /** Hosts a provider's temporary image URLs may come from ("*.example.com" allows subdomains). */
  imageHosts: readonly string[];
  /** Optimizes with the text model's own provider (the offline rewriter for "local-rewriter"). */
  optimize(req: OptimizeRequest): Promise<OptimizeResult>;
  render(req: RenderRequest): Promise<RenderResult>;
};

/** A provider adapter implements just its own calls; the port composes it with the offline rewriter. */
export type RemoteProvider = {
  optimize?(req: OptimizeRequest): Promise<OptimizeResult>;
  render(req: RenderRequest): Promise<RenderResult>;
};
