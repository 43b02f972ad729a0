// The model catalogue: the one place that says which models exist, which provider
// serves each, what sizes it can render per aspect ratio, and what it accepts.
import type { Env } from "../env";
import { ASPECT_RATIOS, DETAIL_LEVELS, STYLES, type AspectRatio, type DetailLevel, type Style } from "../contract";

export const PROVIDERS = ["local", "zai", "replicate", "openai-compatible"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

// The choices themselves live in ../contract (browser-safe); re-exported for server code.
export { ASPECT_RATIOS, DETAIL_LEVELS, STYLES, type AspectRatio, type DetailLevel, type Style };

export type Size = { width: number; height: number };

export type ImageModel = {
  kind: "image";
  id: string;
  provider: ProviderName;
  label: string;
  /** The model name sent to the provider's API. */
  apiModel: string;
  sizes: Partial<Record<AspectRatio, Size>>;
  supportsSeed: boolean;
  supportsNegativePrompt: boolean;
  /** Relative cost of one picture; 1 is the cheapest paid model. */
  relativeCost: number;
  note?: string;
};

export type TextModel = {
  kind: "text";
  id: string;
  provider: ProviderName;
  label: string;
  apiModel: string;
  relativeCost: number;
};

export type CatalogueModel = ImageModel | TextModel;

const localSizes: Record<AspectRatio, Size> = {
  "1:1": { width: 1024, height: 1024 },
  "16:9": { width: 1280, height: 720 },
  "9:16": { width: 720, height: 1280 },
  "4:3": { width: 1152, height: 864 },
  "3:4": { width: 864, height: 1152 },
  "3:2": { width: 1152, height: 768 },
  "2:3": { width: 768, height: 1152 },
};

// PROVIDERS.md: glm-image recommended sizes (multiples of 32, <= 2^22 px).
const glmImageSizes: Record<AspectRatio, Size> = {
  "1:1": { width: 1280, height: 1280 },
  "16:9": { width: 1728, height: 960 },
  "9:16": { width: 960, height: 1728 },
  "4:3": { width: 1472, height: 1088 },
  "3:4": { width: 1088, height: 1472 },
  "3:2": { width: 1568, height: 1056 },
  "2:3": { width: 1056, height: 1568 },
};

// cogview-4: 512-2048 px a side, multiples of 16, <= 2^21 px.
const cogviewSizes: Record<AspectRatio, Size> = {
  "1:1": { width: 1024, height: 1024 },
  "16:9": { width: 1344, height: 768 },
  "9:16": { width: 768, height: 1344 },
  "4:3": { width: 1152, height: 864 },
  "3:4": { width: 864, height: 1152 },
  "3:2": { width: 1216, height: 816 },
  "2:3": { width: 816, height: 1216 },
};

// flux-schnell takes an aspect_ratio; these are the sizes it returns for each.
const fluxSizes: Record<AspectRatio, Size> = {
  "1:1": { width: 1024, height: 1024 },
  "16:9": { width: 1344, height: 768 },
  "9:16": { width: 768, height: 1344 },
  "4:3": { width: 1184, height: 880 },
  "3:4": { width: 880, height: 1184 },
  "3:2": { width: 1216, height: 832 },
  "2:3": { width: 832, height: 1216 },
};

// The DALL·E 3 size set, which most OpenAI-compatible servers accept.
const openaiSizes: Partial<Record<AspectRatio, Size>> = {
  "1:1": { width: 1024, height: 1024 },
  "16:9": { width: 1792, height: 1024 },
  "9:16": { width: 1024, height: 1792 },
};

export type Catalogue = {
  models: CatalogueModel[];
  /** The default image and text model per provider. */
  defaults: Record<ProviderName, { image: string; text: string }>;
};

export function buildCatalogue(env: Pick<Env, "REPLICATE_MODEL" | "OPENAI_COMPAT_IMAGE_MODEL" | "OPENAI_COMPAT_CHAT_MODEL">): Catalogue {
  const models: CatalogueModel[] = [
    {
      kind: "image",
      id: "local-procedural",
      provider: "local",
      label: "Offline preview renderer",
      apiModel: "local-procedural",
      sizes: localSizes,
      supportsSeed: true,
      supportsNegativePrompt: false,
      relativeCost: 0,
      note: "Procedural pictures drawn on this machine, not an AI model: a preview of the flow with no account needed.",
    },
    {
      kind: "text",
      id: "local-rewriter",
      provider: "local",
      label: "Offline prompt rewriter",
      apiModel: "local-rewriter",
      relativeCost: 0,
    },
    {
      kind: "image",
      id: "glm-image",
      provider: "zai",
      label: "GLM-Image (HD)",
      apiModel: "glm-image",
      sizes: glmImageSizes,
      supportsSeed: false,
      supportsNegativePrompt: false,
      relativeCost: 3,
    },
    {
      kind: "image",
      id: "cogview-4-250304",
      provider: "zai",
      label: "CogView-4 (standard)",
      apiModel: "cogview-4-250304",
      sizes: cogviewSizes,
      supportsSeed: false,
      supportsNegativePrompt: false,
      relativeCost: 1,
    },
    { kind: "text", id: "glm-4.7", provider: "zai", label: "GLM-4.7", apiModel: "glm-4.7", relativeCost: 1 },
    {
      kind: "image",
      id: "replicate",
      provider: "replicate",
      label: `Replicate ${env.REPLICATE_MODEL}`,
      apiModel: env.REPLICATE_MODEL,
      sizes: fluxSizes,
      supportsSeed: true,
      supportsNegativePrompt: false,
      relativeCost: 1,
    },
    // Replicate has no prompt rewriter of ours: it falls back to the offline one.
    {
      kind: "image",
      id: "openai-compatible",
      provider: "openai-compatible",
      label: env.OPENAI_COMPAT_IMAGE_MODEL,
      apiModel: env.OPENAI_COMPAT_IMAGE_MODEL,
      sizes: openaiSizes,
      supportsSeed: false,
      supportsNegativePrompt: false,
      relativeCost: 2,
    },
  ];
  if (env.OPENAI_COMPAT_CHAT_MODEL) {
    models.push({
      kind: "text",
      id: "openai-compatible-chat",
      provider: "openai-compatible",
      label: env.OPENAI_COMPAT_CHAT_MODEL,
      apiModel: env.OPENAI_COMPAT_CHAT_MODEL,
      relativeCost: 1,
    });
  }
  return {
    models,
    defaults: {
      local: { image: "local-procedural", text: "local-rewriter" },
      zai: { image: "glm-image", text: "glm-4.7" },
      replicate: { image: "replicate", text: "local-rewriter" },
      "openai-compatible": { image: "openai-compatible", text: env.OPENAI_COMPAT_CHAT_MODEL ? "openai-compatible-chat" : "local-rewriter" },
    },
  };
}

export function findModel(catalogue: Catalogue, id: string): CatalogueModel | undefined {
  return catalogue.models.find((m) => m.id === id);
}
