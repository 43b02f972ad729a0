// What the `models` query answers: the catalogue, marked with what this server can use.
import type { ModelPort } from "../adapters/models/model-port";
import { ASPECT_RATIOS, DETAIL_LEVELS, STYLES } from "./catalogue";

export function describeCatalogue(models: ModelPort) {
  const active = models.provider;
  return {
    provider: active,
    /** True when pictures come from the offline procedural renderer, not an AI model. */
    offlinePreview: active === "local",
    defaults: models.catalogue.defaults[active],
    models: models.catalogue.models.map(({ apiModel: _apiModel, ...m }) => ({
      ...m,
      available: m.provider === active || (m.kind === "text" && m.provider === "local"),
    })),
    styles: STYLES,
    aspectRatios: ASPECT_RATIOS,
    detailLevels: DETAIL_LEVELS,
  };
}
