import { useFetcher, useLocation } from "@remix-run/react";
import { useHydrated } from "~/lib/hydrated";

type LikeState = { id: string; likeCount: number; likedByMe: boolean };
type LikeProps = LikeState & { compact?: boolean };

/**
 * ♥ and the count. A plain form post (back to this page) without JavaScript; with it, a
 * fetcher that shows the change at once and then the server's count. The server renders
 * the plain form (no router hooks: a gallery has one per card), the browser the live one.
 */
export function LikeButton(props: LikeProps) {
  return useHydrated() ? <LiveLikeButton {...props} /> : <LikeForm {...props} liked={props.likedByMe} count={props.likeCount} />;
}

function LiveLikeButton({ id, likeCount, likedByMe, compact }: LikeProps) {
  const fetcher = useFetcher<LikeState>();
  const sent = fetcher.formData?.get("intent");
  const liked = sent ? sent === "like" : (fetcher.data?.likedByMe ?? likedByMe);
  const base = fetcher.data?.likeCount ?? likeCount;
  const count = sent ? Math.max(0, base + (sent === "like" && !likedByMe ? 1 : sent === "unlike" && likedByMe ? -1 : 0)) : base;
  return <LikeForm id={id} compact={compact} liked={liked} count={count} Form={fetcher.Form} js />;
}

function LikeForm({
  id,
  compact,
  liked,
  count,
  Form = "form",
  js = false,
}: {
  id: string;
  compact?: boolean;
  liked: boolean;
  count: number;
  Form?: "form" | ReturnType<typeof useFetcher>["Form"];
  js?: boolean;
}) {
  const location = useLocation();
  return (
    <Form method="post" action={`/g/${id}/like`} className="inline-flex">
      <input type="hidden" name="intent" value={liked ? "unlike" : "like"} />
      <input type="hidden" name="back" value={`${location.pathname}${location.search}`} />
      {js ? <input type="hidden" name="js" value="1" /> : null}
      <button
        type="submit"
        aria-pressed={liked}
        aria-label={`Like, ${count} ${count === 1 ? "like" : "likes"}`}
        // ♡, or a pink ♥ when pressed (liked): app/tailwind.css draws them (.like-btn::before),
        // so a card's button is one element and the page stays ASCII (faster to encode).
        className={compact ? "like-btn px-2 py-1 text-xs" : "like-btn"}
      >
        {count}
      </button>
    </Form>
  );
}
