import { followLink } from "~/lib/client-nav";
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
    <div className="card-thumb" style={{ aspectRatio: `${g.width} / ${g.height}` }}>
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

/** The hover overlay shows three lines (~120 characters); more would only weigh down the page. */
const OVERLAY_CHARS = 200;

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
      <a
        href={`/g/${g.id}`}
        onClick={followLink}
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
      </a>
    );
  }
  const card = (
    // A plain link (lib/client-nav); the feed around it prefetches on hover (data-prefetch).
    <a
      href={`/g/${g.id}`}
      onClick={followLink}
      data-prefetch
      className={select?.checked ? "card-link card-link-selected group" : "card-link group"}
    >
      <GenerationThumb g={g} />
      <div className="card-overlay">
        <p className="line-clamp-3 text-xs leading-snug text-white">{shownPrompt(g).slice(0, OVERLAY_CHARS)}</p>
        <p className="mt-1 text-[11px] font-medium text-zinc-200">{g.author.name ?? "Anonymous"}</p>
      </div>
      {showVisibility && !g.isPublic ? (
        // Under the tick box when there is one: beside it, a phone's two-column card had no
        // room for it and the offline-preview label at the other corner, which covered it.
        <span
          data-testid="private-badge"
          className={`absolute ${select ? "left-1.5 top-12" : "left-2 top-2"} inline-flex items-center gap-1 rounded-full bg-black/70 px-2 py-0.5 text-[11px] font-medium text-white`}
        >
          <LockIcon className="h-3 w-3" /> Private
        </span>
      ) : null}
    </a>
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
