import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link, useLoaderData } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { cursorParam, orHttpError, publicOrigin } from "~/lib/loader-errors.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { EmptyFeed } from "~/components/empty-feed";
import { LikeButton } from "~/components/like-button";
import { card } from "~/components/ui";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cursor = cursorParam(request);
  const caller = await serverCaller(request, context);
  const profile = await orHttpError(request, caller.profile({ id: params.id ?? "", cursor, limit: 24 }));
  return {
    ...profile.pictures,
    cursor: cursor ?? null,
    user: profile.user,
    collections: profile.collections,
    pageUrl: `${publicOrigin(request)}/u/${profile.user.id}`,
  };
}

export const meta: MetaFunction<typeof loader> = pageMeta<typeof loader>(({ data }) => {
  if (!data) return [{ title: "Not found | Image Studio" }];
  const title = `${data.user.name ?? "Someone"} | Image Studio`;
  const description = `Pictures ${data.user.name ?? "they"} made with Image Studio and shared.`;
  return [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "profile" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: data.pageUrl },
    { tagName: "link", rel: "canonical", href: data.pageUrl },
  ];
});

/** A user's profile: name, avatar, public collections and public pictures. */
export default function Profile() {
  const page = useLoaderData<typeof loader>();
  const { user } = page;
  return (
    <div className="py-10">
      <header className="mb-8 flex items-center gap-4">
        {user.imageUrl ? (
          <img src={user.imageUrl} alt="" width={56} height={56} className="h-14 w-14 rounded-full object-cover" />
        ) : (
          <span
            aria-hidden
            className="flex h-14 w-14 items-center justify-center rounded-full bg-gradient-to-br from-violet-500 to-fuchsia-500 text-xl font-bold text-white"
          >
            {(user.name ?? "?").slice(0, 1).toUpperCase()}
          </span>
        )}
        <h1 className="text-3xl font-bold tracking-tight">{user.name ?? "Anonymous"}</h1>
      </header>
      {page.collections.length && !page.cursor ? (
        <section aria-labelledby="collections-h" className="mb-10">
          <h2 id="collections-h" className="mb-3 text-lg font-semibold">
            Collections
          </h2>
          <ul className="flex flex-wrap gap-3">
            {page.collections.map((c) => (
              <li key={c.id}>
                <Link to={`/c/${c.id}`} className={`${card} block px-4 py-3 text-sm hover:border-violet-400`}>
                  <span className="font-medium">{c.name}</span>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400">{`· ${c.itemCount}`}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.items.length ? (
        <InfiniteFeed
          first={page}
          path={`/u/${user.id}`}
          renderExtra={(g) => <LikeButton id={g.id} likeCount={g.likeCount} likedByMe={g.likedByMe} compact />}
        />
      ) : (
        <EmptyFeed title="No public pictures yet" body="Nothing shared here so far." to="/discover" action="Discover pictures" />
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
