import type { OptimizeRequest, RemoteProvider, RenderRequest } from "./model-port";
import { rewritePromptOffline } from "./local/prompt-rewriter";
import { renderProcedural } from "./local/procedural-renderer";

export function optimizeOffline(req: OptimizeRequest) {
  return Promise.resolve({ betterPrompt: rewritePromptOffline(req) });
}

export const localProvider: RemoteProvider = {
  optimize: optimizeOffline,
  async render(req: RenderRequest) {
    const bytes = await renderProcedural({ prompt: req.prompt, seed: req.seed, style: req.style, width: req.width, height: req.height });
    return { image: { kind: "bytes", bytes } };
  },
};
