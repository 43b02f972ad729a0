import { Link } from "@remix-run/react";
import { buttonPrimary } from "./ui";

/** What a feed shows when a page has nothing: a first-time hint, or the end of the list. */
export function EmptyFeed({ title, body, to, action }: { title: string; body: string; to: string; action: string }) {
  return (
    <div className="rounded-2xl border border-dashed border-zinc-300 px-6 py-20 text-center dark:border-zinc-700">
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">{body}</p>
      <Link to={to} className={`${buttonPrimary} mt-6`}>
        {action}
      </Link>
    </div>
  );
}
