import { Link, PrefetchPageLinks, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { GenerationCardData } from "~/lib/generation-view";
import type { PendingState } from "~/lib/use-pending";
import { MasonryGrid } from "./masonry-grid";
import { GenerationCard, type CardSelect } from "./generation-card";
import { ArrowRightIcon } from "./icons";

export type FeedPage<T> = { items: T[]; nextCursor: string | null; cursor: string | null };

/**
 * A paged feed that loads the next page (the route's own loader, via a fetcher) when
 * the end comes into view. The "Older pictures" link is a plain `?cursor=` link, so
 * without JavaScript the same pages are one click away.
 */
export function InfiniteFeed<T extends GenerationCardData>({
  first,
  path,
  showVisibility = false,
  renderExtra,
  pending,
  select,
  onItemsChange,
}: {
  first: FeedPage<T>;
  /** The feed's URL, with its search and filters (`/discover?q=fox`): pages add `cursor`. */
  path: string;
  showVisibility?: boolean;
  renderExtra?: (item: T) => React.ReactNode;
  /** Where each queued or rendering picture stands (history's placeholders). */
  pending?: Map<string, PendingState>;
  /** Tick boxes for a bulk bar (history): which pictures get one, and its state. */
  select?: (item: T) => CardSelect | undefined;
  /** Every picture shown so far, in feed order (first page and the ones loaded after it). */
  onItemsChange?: (items: T[]) => void;
}) {
  const [items, setItems] = useState(first.items);
  const [nextCursor, setNextCursor] = useState(first.nextCursor);
  // The loader's JSON is the same shape the first page came in.
  const fetcher = useFetcher();
  const sentinel = useRef<HTMLDivElement>(null);
  const requested = useRef<string | null>(null);

  // A new first page (navigation, revalidation after an action) replaces the list.
  useEffect(() => {
    setItems(first.items);
    setNextCursor(first.nextCursor);
    requested.current = null;
  }, [first]);

  useEffect(() => {
    const page = fetcher.data as FeedPage<T> | undefined;
    if (!page || fetcher.state !== "idle" || page.cursor !== requested.current) return;
    setItems((prev) => {
      const seen = new Set(prev.map((i) => i.id));
      return [...prev, ...page.items.filter((i) => !seen.has(i.id))];
    });
    setNextCursor(page.nextCursor);
  }, [fetcher.data, fetcher.state]);

  useEffect(() => onItemsChange?.(items), [items, onItemsChange]);

  const loadMore = useCallback(() => {
    if (!nextCursor || fetcher.state !== "idle" || requested.current === nextCursor) return;
    requested.current = nextCursor;
    fetcher.load(`${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(nextCursor)}`);
  }, [nextCursor, fetcher, path]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !nextCursor) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: "800px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, [loadMore, nextCursor]);

  // What a <Link prefetch="intent"> does, once for the whole feed: the picture page a
  // pointer rests on (or focus reaches) is fetched ahead of the click.
  const [intent, setIntent] = useState<string | null>(null);
  const onIntent = useCallback((e: React.SyntheticEvent) => {
    const a = (e.target as Element).closest?.("a[data-prefetch]");
    const href = a?.getAttribute("href");
    if (href) setIntent(href);
  }, []);

  const loading = fetcher.state !== "idle";
  return (
    <div onMouseOver={onIntent} onFocus={onIntent}>
      {intent ? <PrefetchPageLinks page={intent} /> : null}
      <MasonryGrid
        items={items}
        render={(g) => (
          <div className="relative space-y-2">
            <GenerationCard g={g} showVisibility={showVisibility} pending={pending?.get(g.id)} select={select?.(g)} />
            {renderExtra?.(g)}
          </div>
        )}
      />
      <div ref={sentinel} className="mt-10 flex flex-col items-center gap-3" aria-live="polite">
        {loading ? (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <span className="h-4 w-4 animate-spin rounded-full border-2 border-violet-500 border-t-transparent" aria-hidden /> Loading more
            pictures…
          </p>
        ) : null}
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {first.cursor ? (
            <Link to={path} className="rounded-lg px-3 py-2 font-medium text-violet-700 hover:underline dark:text-violet-300">
              Back to newest
            </Link>
          ) : null}
          {nextCursor ? (
            <Link
              to={`${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(nextCursor)}`}
              rel="next"
              className="inline-flex items-center gap-1.5 rounded-lg border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
            >
              Older pictures <ArrowRightIcon className="h-4 w-4" />
            </Link>
          ) : items.length ? (
            <span className="text-zinc-600 dark:text-zinc-400" data-testid="feed-end">
              That's everything: you've seen every picture.
            </span>
          ) : null}
        </nav>
      </div>
    </div>
  );
}
