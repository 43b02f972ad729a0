import type { ModelPort } from "../adapters/models/model-port";
import { AppError } from "../errors";
import { findModel, type AspectRatio, type ImageModel, type TextModel } from "../models/catalogue";

export function resolveImageModel(models: ModelPort, id: string | undefined, aspectRatio: AspectRatio): ImageModel {
  const chosen = findModel(models.catalogue, id ?? models.catalogue.defaults[models.provider].image);
  if (!chosen || chosen.kind !== "image" || chosen.provider !== models.provider) {
    throw new AppError("BAD_REQUEST", `Model "${id}" is not available on this server.`, { field: "model" });
  }
  if (!chosen.sizes[aspectRatio]) {
    throw new AppError("BAD_REQUEST", `${chosen.label} cannot render ${aspectRatio}.`, {
      field: "aspectRatio",
      supported: Object.keys(chosen.sizes),
    });
  }
  return chosen;
}

export function resolveTextModel(models: ModelPort, id: string | undefined): TextModel {
  const chosen = findModel(models.catalogue, id ?? models.catalogue.defaults[models.provider].text);
  if (!chosen || chosen.kind !== "text" || (chosen.provider !== models.provider && chosen.provider !== "local")) {
    throw new AppError("BAD_REQUEST", `Model "${id}" is not available on this server.`, { field: "model" });
  }
  return chosen;
}
