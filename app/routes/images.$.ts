// GET /images/<key>: pictures stored on local disk (the embedded storage default).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { IMAGE_HEADERS, openImage } from "~/lib/images.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const image = await openImage(params["*"] ?? "");
  if (!image) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" } });
  }
  return new Response(image.body, {
    status: 200,
    headers: { ...IMAGE_HEADERS, "Content-Type": image.contentType, "Content-Length": String(image.size) },
  });
}
