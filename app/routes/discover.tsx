import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link, useLoaderData } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { currentUser } from "~/lib/auth.server";
import { cursorParam, orHttpError } from "~/lib/loader-errors.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { EmptyFeed } from "~/components/empty-feed";
import { buttonPrimary } from "~/components/ui";
import { FeedFilters } from "~/components/feed-filters";
import { LikeButton } from "~/components/like-button";
import { feedHref, feedInputOf, readFeedParams } from "~/lib/feed-params";
import { AuthorLink } from "~/components/author-link";
import { SaveToCollectionMenu } from "~/components/save-to-collection";
import { feedCard, promptTitle } from "~/lib/generation-view";

export const meta: MetaFunction = pageMeta(() => [
  { title: "Discover | Image Studio" },
  { name: "description", content: "Pictures people made with Image Studio and chose to share." },
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = cursorParam(request);
  const params = readFeedParams(new URL(request.url));
  const caller = await serverCaller(request, context);
  const [page, me] = await Promise.all([
    orHttpError(request, caller.discovery({ cursor, limit: 24, ...feedInputOf(params, "discovery") })),
    // Who is signed in, as the root loader already asked (the request's scope keeps it).
    currentUser(request, context),
  ]);
  // Each card's "Save" menu offers a signed-in viewer's collections.
  const collections = me ? (await orHttpError(request, caller.collection.mine())).map((c) => ({ id: c.id, name: c.name })) : null;
  return { items: page.items.map(feedCard), nextCursor: page.nextCursor, cursor: cursor ?? null, params, collections };
}

export default function Discover() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="py-10">
      <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Discover</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">Pictures people made here and chose to share.</p>
        </div>
        <Link to="/create" className={buttonPrimary}>
          Make your own
        </Link>
      </header>
      <FeedFilters path="/discover" params={page.params} feed="discovery" />
      {page.items.length ? (
        <InfiniteFeed
          first={page}
          path={feedHref("/discover", page.params)}
          renderExtra={(g) => (
            <div className="card-extra">
              <AuthorLink author={g.author} />
              <div className="flex shrink-0 items-center gap-1.5">
                <LikeButton id={g.id} likeCount={g.likeCount} likedByMe={g.likedByMe} compact />
                {page.collections ? (
                  <SaveToCollectionMenu id={g.id} collections={page.collections} label={`"${promptTitle(g.originalPrompt, 40, "...")}"`} />
                ) : null}
              </div>
            </div>
          )}
        />
      ) : Object.keys(page.params).length && !page.cursor ? (
        <EmptyFeed title="Nothing matches" body="Try fewer words or filters." to="/discover" action="Clear the search" />
      ) : (
        <EmptyFeed
          title={page.cursor ? "No older pictures" : "Nothing shared yet"}
          body={page.cursor ? "You've seen them all." : "Be the first: make a picture and mark it public."}
          to={page.cursor ? "/discover" : "/create"}
          action={page.cursor ? "Back to newest" : "Open the studio"}
        />
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
