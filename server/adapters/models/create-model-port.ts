// Builds the models port from env: the chosen provider's adapter, the catalogue, the
// render policy, and the hosts its image URLs may come from.
import type { Env } from "../../env";
import { buildCatalogue, type ProviderName } from "../../models/catalogue";
import { localProvider, optimizeOffline } from "./local-provider";
import type { ModelPort, RemoteProvider, RenderPolicy } from "./model-port";
import { createOpenAiCompatibleProvider } from "./openai-compatible-provider";
import { createReplicateProvider } from "./replicate-provider";

const DEFAULT_IMAGE_HOSTS: Record<ProviderName, string[]> = {
  local: [],
  zai: ["*.bigmodel.cn", "*.z.ai", "*.zhipuai.cn"],
  replicate: ["replicate.delivery", "*.replicate.delivery"],
  "openai-compatible": ["*.blob.core.windows.net", "*.openai.com"],
};

export type ModelPortOverrides = {
  fetch?: typeof globalThis.fetch;
  policy?: Partial<RenderPolicy>;
  imageHosts?: string[];
  replicatePollIntervalMs?: number;
};

export function createModelPort(env: Env, provider: ProviderName, overrides: ModelPortOverrides = {}): ModelPort {
  const catalogue = buildCatalogue(env);
  let remote: RemoteProvider;
  let hosts = [...DEFAULT_IMAGE_HOSTS[provider]];
  switch (provider) {
    case "local":
      remote = localProvider;
      break;
    case "zai":
      remote = createOpenAiCompatibleProvider({
        flavour: "zai",
        baseURL: env.ZAI_BASE_URL,
        apiKey: env.ZAI_API_KEY ?? "",
        fetch: overrides.fetch,
      });
      break;
    case "replicate":
      remote = createReplicateProvider({
        baseUrl: env.REPLICATE_BASE_URL,
        token: env.REPLICATE_API_TOKEN ?? "",
        fetch: overrides.fetch,
        // At least a few polls fit in one attempt's deadline, however short it is set.
        pollIntervalMs: overrides.replicatePollIntervalMs ?? Math.min(1000, Math.floor(env.RENDER_TIMEOUT_MS / 5)),
      });
      break;
    case "openai-compatible": {
      const baseURL = env.OPENAI_COMPAT_BASE_URL ?? "http://127.0.0.1:1";
      remote = createOpenAiCompatibleProvider({
        flavour: "openai-compatible",
        baseURL,
        apiKey: env.OPENAI_COMPAT_API_KEY ?? "",
        fetch: overrides.fetch,
      });
      // A self-hosted server usually serves its images from its own host.
      hosts.push(new URL(baseURL).hostname);
      break;
    }
  }
  if (env.MODEL_IMAGE_HOSTS) hosts = env.MODEL_IMAGE_HOSTS;
  if (overrides.imageHosts) hosts = overrides.imageHosts;
  return {
    provider,
    catalogue,
    imageHosts: hosts,
    policy: {
      timeoutMs: env.RENDER_TIMEOUT_MS,
      maxAttempts: env.RENDER_MAX_ATTEMPTS,
      backoffMs: 500,
      maxImageBytes: env.MAX_IMAGE_BYTES,
      ...overrides.policy,
    },
    optimize: (req) => (req.model.provider === "local" || !remote.optimize ? optimizeOffline(req) : remote.optimize(req)),
    render: (req) => remote.render(req),
  };
}
