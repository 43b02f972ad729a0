import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { buttonPrimary, buttonSecondary } from "./ui";

/** The friendly page behind every 400, 404, 503 and 500; never shows internals (a 500 shows its request id). */
export function ErrorPage({ status, requestId, message }: { status: number; requestId?: string | null; message?: string | null }) {
  const notFound = status === 404;
  if (status === 400)
    return (
      <ClientErrorPage
        testId="bad-request"
        title="That link isn't valid"
        text="Part of the address (an id or a page cursor) is malformed. Start again from the gallery."
      />
    );
  // Any other 4xx (a post that is not a form, one too large, too many requests): what the server said.
  if (status > 400 && status < 500 && !notFound)
    return <ClientErrorPage testId="refused" title="That request couldn't be handled" text={message || `The server answered ${status}.`} />;
  // A store the studio needs is down (the database): nothing is lost, try again shortly.
  if (status === 503)
    return (
      <ClientErrorPage
        testId="unavailable"
        title="The studio is briefly unavailable"
        text={`${message || "Part of the studio can't be reached right now; try again in a moment."} Nothing you made is lost.`}
      />
    );
  return (
    <section className="mx-auto max-w-xl py-24 text-center" data-testid={notFound ? "not-found" : "server-error"}>
      <div
        aria-hidden
        className="mx-auto flex h-24 w-24 items-center justify-center rounded-3xl bg-gradient-to-br from-violet-500/20 via-fuchsia-500/20 to-amber-400/20 text-4xl font-black text-violet-700 dark:text-violet-300"
      >
        {notFound ? "404" : "500"}
      </div>
      <h1 className="mt-8 text-3xl font-bold tracking-tight">{notFound ? "We couldn't find that" : "Something went wrong"}</h1>
      <p className="mt-4 text-zinc-600 dark:text-zinc-400">
        {notFound
          ? "The page or picture may have been deleted, made private by its owner, or never existed."
          : "An unexpected error happened on our side. It has been logged; please try again in a moment."}
      </p>
      {!notFound && requestId ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="request-id">
          Request id: <code>{requestId}</code>
        </p>
      ) : null}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link to="/discover" className={buttonPrimary}>
          Browse the gallery
        </Link>
        <Link to="/" className={buttonSecondary}>
          Back to the start
        </Link>
      </div>
    </section>
  );
}

/** A 4xx page: what went wrong in a sentence, and the way back to the gallery. */
function ClientErrorPage({ testId, title, text }: { testId: string; title: string; text: string }) {
  return (
    <section className="mx-auto max-w-xl py-24 text-center" data-testid={testId}>
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-4 text-zinc-600 dark:text-zinc-400">{text}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link to="/discover" className={buttonPrimary}>
          Browse the gallery
        </Link>
      </div>
    </section>
  );
}

/** A thrown Response's own sentence (plain text, or JSON's `error`), shown on 4xx pages. */
export function errorMessage(error: unknown): string | null {
  if (!isRouteErrorResponse(error)) return null;
  const data: unknown = error.data;
  if (typeof data === "string") return data.slice(0, 300);
  const inJson = (data as { error?: unknown } | null)?.error;
  return typeof inJson === "string" ? inJson.slice(0, 300) : null;
}

/** The request id a loader put on its 500 (app/lib/loader-errors.server.ts), if any. */
export function errorRequestId(error: unknown): string | null {
  if (!isRouteErrorResponse(error)) return null;
  const id = (error.data as { requestId?: unknown } | null)?.requestId;
  return typeof id === "string" ? id : null;
}

/** The error boundary of a page route: its 400, 404 or 500, inside the page's layout. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  return (
    <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} requestId={errorRequestId(error)} message={errorMessage(error)} />
  );
}
