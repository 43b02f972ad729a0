import { Link } from "@remix-run/react";
import { buttonPrimary, buttonSecondary } from "./ui";

/** The friendly page behind every 404 and 500; never shows internals. */
export function ErrorPage({ status }: { status: number }) {
  const notFound = status === 404;
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
