// The feeds' search, filters and sort as URL query parameters (`/discover?q=fox&sort=top`),
// so every view is a plain link that works without JavaScript. The server validates the
// values (a bad one is a 400 page); here they are only read and written.
export const FEED_PARAM_NAMES = ["q", "sort", "window", "style", "aspectRatio", "model", "from", "to", "visibility", "seed"] as const;
export type FeedParamName = (typeof FEED_PARAM_NAMES)[number];
export type FeedParams = Partial<Record<FeedParamName, string>>;

/** The non-empty feed parameters of a URL (cursor excluded). */
export function readFeedParams(url: URL): FeedParams {
  const out: FeedParams = {};
  for (const name of FEED_PARAM_NAMES) {
    const v = url.searchParams.get(name)?.trim().slice(0, 200);
    if (v) out[name] = v;
  }
  return out;
}

/** The procedure's input for these parameters (history takes visibility and seed too). */
export function feedInputOf(p: FeedParams, feed: "discovery" | "history") {
  const common = {
    q: p.q,
    style: p.style as never,
    aspectRatio: p.aspectRatio as never,
    model: p.model,
    from: p.from,
    to: p.to,
  };
  if (feed === "history") {
    const seed = p.seed !== undefined && /^\d{1,10}$/.test(p.seed) ? Number(p.seed) : p.seed === undefined ? undefined : -1;
    return { ...common, isPublic: p.visibility === "public" ? true : p.visibility === "private" ? false : undefined, seed };
  }
  return { ...common, sort: p.sort as never, window: p.window as never };
}

/** `path?params` (and `cursor` when given), for links that keep the current view. */
export function feedHref(path: string, p: FeedParams, cursor?: string | null): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) s.set(k, v);
  if (cursor) s.set("cursor", cursor);
  const qs = s.toString();
  return qs ? `${path}?${qs}` : path;
}
