import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { cursorParam, orHttpError, signInRedirect } from "~/lib/loader-errors.server";
import { handleOwnerAction } from "~/lib/owner-actions.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { EmptyFeed } from "~/components/empty-feed";
import { OwnerControls } from "~/components/owner-controls";
import { buttonPrimary } from "~/components/ui";
import { FeedFilters } from "~/components/feed-filters";
import { feedHref, feedInputOf, readFeedParams } from "~/lib/feed-params";
import { isPending } from "~/lib/generation-view";
import { usePendingGenerations } from "~/lib/use-pending";

export const meta: MetaFunction = () => [{ title: "Your history — Image Studio" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await serverCaller(request);
  if (!(await caller.me())) throw signInRedirect(request);
  const cursor = cursorParam(request);
  const params = readFeedParams(new URL(request.url));
  const page = await orHttpError(request, caller.history({ cursor, limit: 24, ...feedInputOf(params, "history") }));
  return { ...page, cursor: cursor ?? null, params };
}

export const action = ({ request }: ActionFunctionArgs) => handleOwnerAction(request);

export default function History() {
  const page = useLoaderData<typeof loader>();
  // Pictures still queued or rendering are placeholders that follow their jobs.
  const pending = usePendingGenerations(page.items.filter(isPending).map((g) => g.id));
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
      <FeedFilters path="/history" params={page.params} feed="history" />
      {page.items.length ? (
        <InfiniteFeed
          first={page}
          path={feedHref("/history", page.params)}
          showVisibility
          pending={pending}
          renderExtra={(g) => (isPending(g) ? null : <OwnerControls id={g.id} isPublic={g.isPublic} action="/history" compact />)}
        />
      ) : Object.keys(page.params).length && !page.cursor ? (
        <EmptyFeed title="Nothing matches" body="Try fewer words or filters." to="/history" action="Clear the search" />
      ) : (
        <EmptyFeed
          title={page.cursor ? "No older pictures" : "No pictures yet"}
          body={page.cursor ? "That's everything." : "Your pictures will be kept here, with their prompts and settings."}
          to={page.cursor ? "/history" : "/create"}
          action={page.cursor ? "Back to newest" : "Make your first picture"}
        />
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
