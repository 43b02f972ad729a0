// Loaders call procedures in-process; their typed errors become HTTP answers here:
// NOT_FOUND → the friendly 404 page, UNAUTHORIZED → the sign-in page and back, a
// malformed id or cursor → 400, a store that is down → 503, anything unexpected → a 500
// that names its request id.
import { json, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getEnv } from "../../server/env";
import { OUTAGE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnreachable } from "../../server/system/database-unavailable";

/** Longest way back a sign-in link carries: a longer one would make a Location header clients refuse. */
const MAX_REDIRECT_TO = 2000;

export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  // Back to the page with its query, or to the page alone when that would be too long.
  const back = [url.pathname + url.search, url.pathname].map(encodeURIComponent).find((to) => to.length <= MAX_REDIRECT_TO);
  return redirect(back ? `/sign-in?redirectTo=${back}` : "/sign-in");
}

export async function orHttpError<T>(request: Request, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof TRPCError) {
      if (e.code === "NOT_FOUND") throw new Response("Not found", { status: 404, statusText: "Not Found" });
      if (e.code === "UNAUTHORIZED") throw signInRedirect(request);
      if (e.code === "BAD_REQUEST") throw new Response("Bad request", { status: 400, statusText: "Bad Request" });
      if (e.code === "TOO_MANY_REQUESTS") throw new Response("Too many requests", { status: 429, statusText: "Too Many Requests" });
      // A store the page needs is down (the database): the server's sentence, and when to retry.
      if (e.code === "SERVICE_UNAVAILABLE") throw serviceUnavailable(e.message);
      // Already logged by the procedure's error mapping, with this request id.
      if (e.code === "INTERNAL_SERVER_ERROR")
        throw json({ requestId: request.headers.get("x-request-id") }, { status: 500, statusText: "Internal Server Error" });
    }
    throw e;
  }
}

/** The 503 page's answer: a store the page needs is down; the sentence says which, and to retry. */
export function serviceUnavailable(message: string): Response {
  return json(
    { error: message },
    { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS) } },
  );
}

/** `call`, with the database being unreachable answered as the 503 page rather than a 500. */
export async function orDatabaseUnavailable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (isDatabaseUnreachable(e)) throw serviceUnavailable(DATABASE_UNAVAILABLE_MESSAGE);
    throw e;
  }
}

/** The origin shared links and social previews must use (PUBLIC_URL behind a proxy). */
export function publicOrigin(request: Request): string {
  return getEnv().PUBLIC_URL?.replace(/\/+$/, "") ?? new URL(request.url).origin;
}

/** A cursor from the query string, or undefined; junk is left to the procedure's zod. */
export function cursorParam(request: Request): string | undefined {
  return new URL(request.url).searchParams.get("cursor")?.slice(0, 200) || undefined;
}

/**
 * What a form can tell the person about a refused call (a bad name, a picture that is not
 * there any more, going too fast), or null for anything else (rethrow it).
 */
export function userMistakeMessage(e: unknown): string | null {
  if (!(e instanceof TRPCError)) return null;
  if (e.code === "TOO_MANY_REQUESTS") return "You're going a little fast. Wait a minute and try again.";
  if (e.code === "BAD_REQUEST") return (e.cause as { issues?: { message: string }[] } | undefined)?.issues?.[0]?.message ?? e.message;
  if (e.code === "NOT_FOUND") return e.message || "That is not there any more.";
  return null;
}
