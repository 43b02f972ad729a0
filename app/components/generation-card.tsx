import { Link } from "@remix-run/react";
import { isOfflinePreview, isPending, promptTitle, shownPrompt, thumbnailWidth, type GenerationCardData } from "~/lib/generation-view";
import type { PendingState } from "~/lib/use-pending";
import { PendingPicture } from "./pending-picture";
import { LockIcon } from "./icons";
import { OfflinePreviewLabel } from "./offline-preview-label";

/** Grid sizes: 2 columns on phones, 3 on tablets, 4 from 1024 px (max-w-6xl content). */
export const GALLERY_SIZES = "(min-width: 1152px) 272px, (min-width: 1024px) 23vw, (min-width: 640px) 31vw, 48vw";

/**
 * A thumbnail in a box of the picture's own aspect ratio, so nothing moves while it
 * loads; the browser picks the thumbnail or the original from srcset.
 */
export function GenerationThumb({ g, sizes = GALLERY_SIZES, eager = false }: { g: GenerationCardData; sizes?: string; eager?: boolean }) {
  const src = g.thumbnailUrl ?? g.imageUrl;
  const srcSet =
    g.thumbnailUrl && g.imageUrl ? `${g.thumbnailUrl} ${thumbnailWidth(g.width, g.height)}w, ${g.imageUrl} ${g.width}w` : undefined;
  return (
    <div
      className="relative w-full overflow-hidden bg-gradient-to-br from-zinc-200 to-zinc-300 dark:from-zinc-800 dark:to-zinc-900"
      style={{ aspectRatio: `${g.width} / ${g.height}` }}
    >
      {src ? (
        <img
          src={src}
          srcSet={srcSet}
          sizes={srcSet ? sizes : undefined}
          width={g.width}
          height={g.height}
          loading={eager ? "eager" : "lazy"}
          decoding="async"
          alt={shownPrompt(g).slice(0, 160)}
          className="absolute inset-0 h-full w-full object-cover"
        />
      ) : null}
      {isOfflinePreview(g) ? <OfflinePreviewLabel className="right-1.5 top-1.5 !px-1 !text-[9px] !tracking-normal" /> : null}
    </div>
  );
}

/** A card's tick box for history's bulk bar: part of the form `formId` (name `id`), outside the card's link. */
export type CardSelect = {
  formId: string;
  checked: boolean;
  /** `range`: Shift was held (tick everything from the last ticked one to this one). */
  onChange: (checked: boolean, range: boolean) => void;
};

export function GenerationCard({
  g,
  showVisibility = false,
  pending,
  select,
}: {
  g: GenerationCardData;
  showVisibility?: boolean;
  pending?: PendingState;
  select?: CardSelect;
}) {
  if (isPending(g)) {
    return (
      <Link
        to={`/g/${g.id}`}
        className="block overflow-hidden rounded-xl ring-1 ring-zinc-900/5 dark:ring-white/10"
        aria-label={`${g.originalPrompt.slice(0, 80)} (in progress)`}
      >
        <PendingPicture
          width={g.width}
          height={g.height}
          status={pending?.status ?? g.status!}
          stage={pending?.stage}
          position={pending?.position}
        />
      </Link>
    );
  }
  const card = (
    <Link
      to={`/g/${g.id}`}
      prefetch="intent"
      className={`group relative block overflow-hidden rounded-xl transition-transform duration-200 hover:-translate-y-0.5 hover:shadow-lg ${
        select?.checked ? "ring-[3px] ring-violet-500 dark:ring-violet-400" : "ring-1 ring-zinc-900/5 dark:ring-white/10"
      }`}
    >
      <GenerationThumb g={g} />
      <div className="pointer-events-none absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/80 via-black/40 to-transparent p-3 pt-10 opacity-0 transition-opacity duration-200 group-hover:opacity-100 group-focus-visible:opacity-100">
        <p className="line-clamp-3 text-xs leading-snug text-white">{shownPrompt(g)}</p>
        <p className="mt-1 text-[11px] font-medium text-zinc-200">{g.author.name ?? "Anonymous"}</p>
      </div>
      {showVisibility && !g.isPublic ? (
        <span
          className={`absolute ${select ? "left-12" : "left-2"} top-2 inline-flex items-center gap-1 rounded-full bg-black/70 px-2 py-0.5 text-[11px] font-medium text-white`}
        >
          <LockIcon className="h-3 w-3" /> Private
        </span>
      ) : null}
    </Link>
  );
  if (!select) return card;
  return (
    <div className="relative" data-selected={select.checked || undefined}>
      {card}
      <label
        className="absolute left-1.5 top-1.5 z-10 flex h-9 w-9 cursor-pointer select-none items-center justify-center rounded-full bg-white/95 shadow-md ring-1 ring-black/10 hover:bg-white dark:bg-zinc-900/95 dark:ring-white/20 dark:hover:bg-zinc-800"
        title="Select (Shift+click: a range)"
      >
        <input
          type="checkbox"
          form={select.formId}
          name="id"
          value={g.id}
          checked={select.checked}
          // React reports a checkbox's change on its click event, which carries Shift.
          onChange={(e) => select.onChange(e.currentTarget.checked, (e.nativeEvent as MouseEvent).shiftKey === true)}
          className="h-[18px] w-[18px] cursor-pointer accent-violet-600"
        />
        <span className="sr-only">{`Select “${promptTitle(g.originalPrompt, 60)}”`}</span>
      </label>
    </div>
  );
}
