// The bridge for app/routes/history.download.ts: the caller's own pictures as a streamed ZIP.
import { zipDownloadResponse } from "../../server/generations/picture-zip";
import { clientIp } from "../../server/http/client-ip";
import { getServices } from "../../server/services";
import { orDatabaseUnavailable } from "./loader-errors.server";

/** The ZIP, or its refusal; with the database down, a 503. */
export function pictureZipResponse(request: Request) {
  return orDatabaseUnavailable(zipDownloadResponse(getServices(), request, clientIp(request)));
}
