import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { cursorParam, orHttpError, signInRedirect } from "~/lib/loader-errors.server";
import { handleOwnerAction } from "~/lib/owner-actions.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { OwnerControls } from "~/components/owner-controls";
import { ErrorPage } from "~/components/error-page";
import { buttonPrimary } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Your history — Image Studio" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await serverCaller(request);
  if (!(await caller.me())) throw signInRedirect(request);
  const cursor = cursorParam(request);
  const page = await orHttpError(request, caller.history({ cursor, limit: 24 }));
  return { ...page, cursor: cursor ?? null };
}

export const action = ({ request }: ActionFunctionArgs) => handleOwnerAction(request);

export default function History() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="py-10">
      <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Your history</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">Every picture you've made, newest first. Only you see the private ones.</p>
        </div>
        <Link to="/create" className={buttonPrimary}>
          New picture
        </Link>
      </header>
      {page.items.length ? (
        <InfiniteFeed
          first={page}
          path="/history"
          showVisibility
          renderExtra={(g) => <OwnerControls id={g.id} isPublic={g.isPublic} action="/history" compact />}
        />
      ) : (
        <div className="rounded-2xl border border-dashed border-zinc-300 px-6 py-20 text-center dark:border-zinc-700">
          <h2 className="text-lg font-semibold">{page.cursor ? "No older pictures" : "No pictures yet"}</h2>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">{page.cursor ? "That's everything." : "Your pictures will be kept here, with their prompts and settings."}</p>
          <Link to={page.cursor ? "/history" : "/create"} className={`${buttonPrimary} mt-6`}>
            {page.cursor ? "Back to newest" : "Make your first picture"}
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
