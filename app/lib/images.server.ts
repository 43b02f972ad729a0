// The bridge for app/routes/images.$.ts: serves disk-stored pictures.
import { openStoredImage } from "../../server/generations/serve-image";
export { IMAGE_HEADERS } from "../../server/generations/serve-image";
import { getServices } from "../../server/services";

export function openImage(key: string) {
  return openStoredImage(getServices().storage, key);
}
