// GET /history/download?id=…&id=… — up to 100 of your own pictures as one ZIP, streamed
// from storage as it is read (server/generations/picture-zip.ts). History's bulk bar
// links here; without JavaScript its form submits here with the ticked ids.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { pictureZipResponse } from "~/lib/downloads.server";

export const loader = ({ request }: LoaderFunctionArgs) => pictureZipResponse(request);
