// The bridge for app/routes/history.download.ts: the caller's own pictures as a streamed ZIP.
import { zipDownloadResponse } from "../../server/generations/picture-zip";
import { clientIp } from "../../server/http/client-ip";
import { getServices } from "../../server/services";

export function pictureZipResponse(request: Request) {
  return zipDownloadResponse(getServices(), request, clientIp(request));
}
