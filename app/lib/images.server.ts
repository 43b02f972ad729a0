// The bridge for app/routes/images.$.ts: serves disk-stored pictures to whoever may see them.
import { imageResponse } from "../../server/generations/serve-image";
import { getServices } from "../../server/services";

export function serveImage(key: string, request: Request) {
  return imageResponse(getServices(), key, request);
}
