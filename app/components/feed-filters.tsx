import { Form, Link, useNavigate } from "@remix-run/react";
import { ASPECT_RATIOS, STYLE_LABELS, STYLES } from "../../server/contract";
import { feedHref, type FeedParamName, type FeedParams } from "~/lib/feed-params";
import { buttonPrimary, input } from "./ui";

const LABELS: Partial<Record<FeedParamName, string>> = {
  q: "Search",
  sort: "Sort",
  window: "Top of",
  style: "Style",
  aspectRatio: "Shape",
  from: "From",
  to: "To",
  visibility: "Shown to",
  seed: "Seed",
};
const select = `${input} w-auto !py-1.5`;

/**
 * Search box, filters and (on discover) the sort: a GET form, so the page is rendered on
 * the server with the URL's values and works without JavaScript. Active filters show as
 * chips, each a link to the same view without it. With JavaScript the URL keeps only the
 * fields that are set (`/discover?q=fox`, not `?q=fox&sort=&window=…`).
 */
export function FeedFilters({ path, params, feed }: { path: string; params: FeedParams; feed: "discovery" | "history" }) {
  const chips = (Object.entries(params) as [FeedParamName, string][]).filter(([k]) => k !== "sort" && k !== "window");
  const navigate = useNavigate();
  return (
    <div className="mb-8 space-y-3">
      <Form
        method="get"
        action={path}
        role="search"
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const set: FeedParams = {};
          for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string" && v.trim()) set[k as FeedParamName] = v.trim();
          navigate(feedHref(path, set));
        }}
      >
        <div className="flex gap-2">
          <label className="min-w-0 flex-1">
            <span className="sr-only">Search prompts</span>
            <input
              type="search"
              name="q"
              defaultValue={params.q}
              placeholder='Search prompts: dragon, "red fox", -snow'
              maxLength={200}
              className={input}
            />
          </label>
          <button type="submit" className={buttonPrimary}>
            Search
          </button>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {feed === "discovery" ? (
            <>
              <label>
                <span className="sr-only">Sort</span>
                <select name="sort" defaultValue={params.sort ?? ""} className={select}>
                  <option value="">{params.q ? "Best match by day" : "Newest"}</option>
                  <option value="new">Newest</option>
                  <option value="top">Top</option>
                  <option value="trending">Trending</option>
                </select>
              </label>
              <label>
                <span className="sr-only">Top of</span>
                <select name="window" defaultValue={params.window ?? ""} className={select}>
                  <option value="">This week</option>
                  <option value="day">Today</option>
                  <option value="all">All time</option>
                </select>
              </label>
            </>
          ) : (
            <label>
              <span className="sr-only">Shown to</span>
              <select name="visibility" defaultValue={params.visibility ?? ""} className={select}>
                <option value="">Public and private</option>
                <option value="public">Public</option>
                <option value="private">Private</option>
              </select>
            </label>
          )}
          <label>
            <span className="sr-only">Style</span>
            <select name="style" defaultValue={params.style ?? ""} className={select}>
              <option value="">Any style</option>
              {STYLES.map((s) => (
                <option key={s} value={s}>
                  {STYLE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="sr-only">Shape</span>
            <select name="aspectRatio" defaultValue={params.aspectRatio ?? ""} className={select}>
              <option value="">Any shape</option>
              {ASPECT_RATIOS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            From <input type="date" name="from" defaultValue={params.from} className={select} />
          </label>
          <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            To <input type="date" name="to" defaultValue={params.to} className={select} />
          </label>
          {feed === "history" ? (
            <label>
              <span className="sr-only">Seed</span>
              <input type="number" name="seed" min={0} defaultValue={params.seed} placeholder="Seed" className={`${input} w-28 !py-1.5`} />
            </label>
          ) : null}
        </div>
      </Form>
      {chips.length ? (
        <ul aria-label="Active filters" className="flex flex-wrap gap-2">
          {chips.map(([k, v]) => {
            const without = { ...params };
            delete without[k];
            return (
              <li key={k}>
                <Link
                  to={feedHref(path, without)}
                  className="inline-flex items-center gap-1 rounded-full bg-violet-100 px-3 py-1 text-xs font-medium text-violet-800 hover:bg-violet-200 dark:bg-violet-900/40 dark:text-violet-200"
                  aria-label={`Remove filter ${LABELS[k] ?? k}: ${v}`}
                >
                  {LABELS[k] ?? k}: {v} <span aria-hidden>×</span>
                </Link>
              </li>
            );
          })}
          <li>
            <Link to={path} className="inline-flex px-2 py-1 text-xs text-zinc-600 hover:underline dark:text-zinc-400">
              Clear all
            </Link>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
