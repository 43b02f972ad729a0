// The document is rendered to one string, not streamed: no route defers data or suspends,
// so streaming bought nothing but cost the most CPU of a page — React's many small chunks
// each went through a PassThrough and a web stream before the app server read them back
// whole (docs/decisions/0017-serving-speed.md). A render error throws here, and Remix
// renders the route's error boundary instead, as it does for a streamed shell error.
import type { ActionFunctionArgs, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { getLogger } from "../server/logger";

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const html = renderToString(<RemixServer context={remixContext} url={request.url} />);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Bytes, not a string: undici checks a string body character by character for lone
  // surrogates (~1 ms for a 150 KB page); Buffer.from encodes it natively.
  return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { status: responseStatusCode, headers: responseHeaders });
}

/**
 * What Remix does with an error of a page: the router's own refusals (a POST to a page with
 * no action, a `_data` for a route that is not on the URL) are the client's mistake, noted
 * at debug level; anything else is logged as the app server logs, with the request id and
 * the path only (a query string can carry a search or a prompt). Remix's default printed
 * every one of them, stack and URL, to stderr.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const logger = getLogger();
  const at = { requestId: request.headers.get("x-request-id"), method: request.method, path: new URL(request.url).pathname };
  if (isRouteErrorResponse(error) && error.status < 500) {
    logger.debug({ ...at, status: error.status }, "page request refused by the router");
    return;
  }
  logger.error({ ...at, err: error }, "page request failed");
}
