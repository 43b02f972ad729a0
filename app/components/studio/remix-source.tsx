import { Link } from "@remix-run/react";
import { promptTitle, thumbnailWidth } from "~/lib/generation-view";
import { RemixIcon, XIcon } from "../icons";

export type RemixSourceView = {
  id: string;
  originalPrompt: string;
  thumbnailUrl: string | null;
  imageUrl: string | null;
  width: number;
  height: number;
  authorName: string | null;
  seed: number | null;
};

/**
 * "Remixing ▣ a lighthouse on a cliff… by Alice": what the prefilled form came from, and
 * what the new pictures will name as their parent (with a hidden field for the no-JS post).
 * × makes it a fresh picture: with JavaScript the form keeps its settings; without, the
 * link opens the studio with the same settings and no source.
 */
export function RemixSource({ source, clearHref, onClear }: { source: RemixSourceView; clearHref: string; onClear: () => void }) {
  const src = source.thumbnailUrl ?? source.imageUrl;
  return (
    <div
      className="mb-3 flex items-center gap-3 rounded-xl border border-violet-200 bg-violet-50/60 p-2 pr-3 text-sm dark:border-violet-500/30 dark:bg-violet-500/10"
      data-testid="remix-source"
    >
      {src ? (
        <img
          src={src}
          alt=""
          width={thumbnailWidth(source.width, source.height)}
          height={Math.round((thumbnailWidth(source.width, source.height) * source.height) / source.width)}
          className="h-12 w-12 shrink-0 rounded-lg object-cover"
        />
      ) : null}
      <p className="min-w-0 flex-1">
        <span className="inline-flex items-center gap-1 font-semibold text-violet-900 dark:text-violet-100">
          <RemixIcon className="h-4 w-4" /> Remixing
        </span>{" "}
        <Link
          to={`/g/${source.id}`}
          className="font-medium text-zinc-900 underline decoration-violet-400 underline-offset-2 hover:decoration-2 dark:text-zinc-100"
        >
          {promptTitle(source.originalPrompt, 70)}
        </Link>
        <span className="text-zinc-600 dark:text-zinc-400">
          {source.authorName ? ` by ${source.authorName}` : ""}
          {source.seed != null ? ` · seed ${source.seed}` : ""}
        </span>
      </p>
      <input type="hidden" name="parentId" value={source.id} />
      <Link
        to={clearHref}
        replace
        onClick={(e) => {
          e.preventDefault();
          onClear();
        }}
        className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-violet-100 dark:text-zinc-300 dark:hover:bg-violet-500/20"
        aria-label="Don't remix: make a new picture instead"
      >
        <XIcon className="h-3.5 w-3.5" /> Not a remix
      </Link>
    </div>
  );
}
