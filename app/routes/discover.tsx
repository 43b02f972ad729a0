import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { cursorParam, orHttpError } from "~/lib/loader-errors.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { ErrorPage } from "~/components/error-page";
import { buttonPrimary } from "~/components/ui";
import { useRouteError, isRouteErrorResponse } from "@remix-run/react";

export const meta: MetaFunction = () => [
  { title: "Discover — Image Studio" },
  { name: "description", content: "Pictures people made with Image Studio and chose to share." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const cursor = cursorParam(request);
  const caller = await serverCaller(request);
  const page = await orHttpError(request, caller.discovery({ cursor, limit: 24 }));
  return { ...page, cursor: cursor ?? null };
}

export default function Discover() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="py-10">
      <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Discover</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">Pictures people made here and chose to share. Newest first.</p>
        </div>
        <Link to="/create" className={buttonPrimary}>
          Make your own
        </Link>
      </header>
      {page.items.length ? (
        <InfiniteFeed first={page} path="/discover" />
      ) : (
        <div className="rounded-2xl border border-dashed border-zinc-300 px-6 py-20 text-center dark:border-zinc-700">
          <h2 className="text-lg font-semibold">{page.cursor ? "No older pictures" : "Nothing shared yet"}</h2>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">
            {page.cursor ? "You've seen them all." : "Be the first: make a picture and mark it public."}
          </p>
          <Link to={page.cursor ? "/discover" : "/create"} className={`${buttonPrimary} mt-6`}>
            {page.cursor ? "Back to newest" : "Open the studio"}
          </Link>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
