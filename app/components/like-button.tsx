import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";

type LikeState = { id: string; likeCount: number; likedByMe: boolean };

/**
 * ♥ and the count. A plain form post (back to this page) without JavaScript; with it, a
 * fetcher that shows the change at once and then the server's count.
 */
export function LikeButton({ id, likeCount, likedByMe, compact = false }: LikeState & { compact?: boolean }) {
  const fetcher = useFetcher<LikeState>();
  const location = useLocation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const sent = fetcher.formData?.get("intent");
  const liked = sent ? sent === "like" : (fetcher.data?.likedByMe ?? likedByMe);
  const base = fetcher.data?.likeCount ?? likeCount;
  const count = sent ? Math.max(0, base + (sent === "like" && !likedByMe ? 1 : sent === "unlike" && likedByMe ? -1 : 0)) : base;
  return (
    <fetcher.Form method="post" action={`/g/${id}/like`} className="inline-flex">
      <input type="hidden" name="intent" value={liked ? "unlike" : "like"} />
      <input type="hidden" name="back" value={`${location.pathname}${location.search}`} />
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      <button
        type="submit"
        aria-pressed={liked}
        className={`inline-flex items-center gap-1.5 rounded-lg border px-3 py-1.5 text-sm font-medium transition-colors ${
          liked
            ? "border-pink-300 bg-pink-50 text-pink-700 dark:border-pink-800 dark:bg-pink-950/40 dark:text-pink-300"
            : "border-zinc-300 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        } ${compact ? "px-2 py-1 text-xs" : ""}`}
      >
        <span aria-hidden>{liked ? "♥" : "♡"}</span>
        <span className="sr-only">Like,</span>
        <span>{count}</span>
        <span className="sr-only">{count === 1 ? "like" : "likes"}</span>
      </button>
    </fetcher.Form>
  );
}
