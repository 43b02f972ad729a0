// GET /images/<key>: pictures stored on local disk (the embedded storage default);
// public ones to anyone, private ones to their owner only (server/generations/serve-image.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveImage } from "~/lib/images.server";

export const loader = ({ params, request }: LoaderFunctionArgs) => serveImage(params["*"] ?? "", request);
