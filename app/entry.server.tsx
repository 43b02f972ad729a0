// The document is rendered to one string, not streamed: no route defers data or suspends,
// so streaming bought nothing but cost the most CPU of a page — React's many small chunks
// each went through a PassThrough and a web stream before the app server read them back
// whole (docs/decisions/0017-serving-speed.md). A render error throws here, and Remix
// renders the route's error boundary instead, as it does for a streamed shell error.
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const html = renderToString(<RemixServer context={remixContext} url={request.url} />);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Bytes, not a string: undici checks a string body character by character for lone
  // surrogates (~1 ms for a 150 KB page); Buffer.from encodes it natively.
  return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { status: responseStatusCode, headers: responseHeaders });
}
