// The bridge for app/routes/images.$.ts: serves disk-stored pictures to whoever may see them.
import { imageResponse } from "../../server/generations/serve-image";
import { getServices } from "../../server/services";
import { orDatabaseUnavailable } from "./loader-errors.server";

/** The picture, or 404/403; with the database down (who may see it is a row), a 503. */
export function serveImage(key: string, request: Request) {
  return orDatabaseUnavailable(imageResponse(getServices(), key, request));
}
