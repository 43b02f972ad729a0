// A page's <title> when the page could not be shown: the error boundary's words, whichever
// route's meta wins (the deepest), so a refused /create post is not titled "Studio".
import { isRouteErrorResponse } from "@remix-run/react";
import type { MetaDescriptor, MetaFunction } from "@remix-run/node";

export function errorTitle(error: unknown): string {
  if (isRouteErrorResponse(error) && error.status === 404) return "Not found | Image Studio";
  if (isRouteErrorResponse(error) && error.status >= 400 && error.status < 500) return "Request refused | Image Studio";
  if (isRouteErrorResponse(error) && error.status === 503) return "Briefly unavailable | Image Studio";
  return "Something went wrong | Image Studio";
}

/** A route's meta, or the error's title (and noindex) when its page is an error page. */
export function pageMeta<Loader = unknown>(meta: MetaFunction<Loader>): MetaFunction<Loader> {
  return (args) => (args.error ? errorMeta(args.error) : meta(args));
}

function errorMeta(error: unknown): MetaDescriptor[] {
  return [{ title: errorTitle(error) }, { name: "robots", content: "noindex" }];
}
