import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link, useLoaderData } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { cursorParam, orHttpError, publicOrigin } from "~/lib/loader-errors.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { EmptyFeed } from "~/components/empty-feed";
import { AuthorLink } from "~/components/author-link";
import { LikeButton } from "~/components/like-button";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cursor = cursorParam(request);
  const caller = await serverCaller(request, context);
  const c = await orHttpError(request, caller.collection.get({ id: params.id ?? "", cursor, limit: 24 }));
  const origin = publicOrigin(request);
  const cover = c.items[0]?.thumbnailUrl ?? c.items[0]?.imageUrl ?? null;
  return {
    ...c,
    cursor: cursor ?? null,
    pageUrl: `${origin}/c/${c.id}`,
    coverUrl: cover && c.isPublic ? new URL(cover, origin).toString() : null,
  };
}

export const meta: MetaFunction<typeof loader> = pageMeta<typeof loader>(({ data }) => {
  if (!data) return [{ title: "Not found | Image Studio" }];
  const title = `${data.name} — a collection by ${data.owner.name ?? "someone"} | Image Studio`;
  const description = `${data.itemCount} pictures collected on Image Studio.`;
  const tags: Record<string, string>[] = [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: data.pageUrl },
    { name: "twitter:card", content: data.coverUrl ? "summary_large_image" : "summary" },
    { tagName: "link", rel: "canonical", href: data.pageUrl },
  ];
  if (data.coverUrl) tags.push({ property: "og:image", content: data.coverUrl }, { name: "twitter:image", content: data.coverUrl });
  if (!data.isPublic) tags.push({ name: "robots", content: "noindex" });
  return tags;
});

/** A collection: its pictures, most recently added first. */
export default function CollectionPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="py-10">
      <header className="mb-8">
        <h1 className="text-3xl font-bold tracking-tight">{page.name}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          {`${page.itemCount} pictures · ${page.isPublic ? "Public" : "Private"} · by `}
          <Link to={`/u/${page.owner.id}`} className="font-medium text-violet-700 hover:underline dark:text-violet-300">
            {page.owner.name ?? "Anonymous"}
          </Link>
        </p>
      </header>
      {page.items.length ? (
        <InfiniteFeed
          first={page}
          path={`/c/${page.id}`}
          renderExtra={(g) => (
            <div className="card-extra">
              <AuthorLink author={g.author} />
              {g.isPublic ? <LikeButton id={g.id} likeCount={g.likeCount} likedByMe={g.likedByMe} compact /> : null}
            </div>
          )}
        />
      ) : (
        <EmptyFeed title="Nothing here yet" body="Pictures saved to this collection show here." to="/discover" action="Discover pictures" />
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
