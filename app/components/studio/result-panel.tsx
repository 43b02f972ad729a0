// Where pictures appear: live stages while one is made, then the picture(s) with their
// actions. It holds a list, so several variations of one prompt lay out as a grid.
import { Link } from "@remix-run/react";
import { forwardRef } from "react";
import { downloadName, isOfflinePreview, shownPrompt } from "~/lib/generation-view";
import type { GenerationRun, Picture, Slot } from "~/lib/use-generation";
import { ProgressStages, STAGE_LABELS } from "../progress-stages";
import { CopyButton } from "../copy-button";
import { OfflinePreviewLabel } from "../offline-preview-label";
import { ArrowRightIcon, DownloadIcon, LinkIcon, PhotoIcon } from "../icons";
import { buttonGhost, buttonSecondary, card } from "../ui";

/** A box of the picture's shape that fits the result area's height on a laptop screen. */
function fitted(width: number, height: number, share: number) {
  const ratio = width / height;
  return {
    aspectRatio: `${width} / ${height}`,
    width: `min(100%, calc(max(100vh - 26rem, 16rem) * ${ratio.toFixed(4)} * ${share}))`,
    minWidth: "min(100%, 12rem)",
  };
}

function PictureCard({ picture, compact }: { picture: Picture; compact: boolean }) {
  const prompt = shownPrompt(picture);
  return (
    <figure className="flex min-w-0 flex-col items-center gap-3" data-testid="result-picture">
      <div
        className="relative mx-auto overflow-hidden rounded-xl bg-zinc-100 ring-1 ring-zinc-900/5 dark:bg-zinc-950 dark:ring-white/10"
        style={fitted(picture.width, picture.height, compact ? 0.5 : 1)}
      >
        {picture.imageUrl ? (
          <img
            src={picture.imageUrl}
            width={picture.width}
            height={picture.height}
            alt={prompt.slice(0, 200)}
            className="h-full w-full object-contain"
          />
        ) : null}
        {isOfflinePreview(picture) ? <OfflinePreviewLabel className="right-2 top-2" /> : null}
      </div>
      <figcaption className="flex w-full flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <p className="line-clamp-1 min-w-0 flex-1 basis-48 text-sm text-zinc-700 dark:text-zinc-300" title={prompt}>
          {prompt}
        </p>
        <div className="flex flex-wrap gap-2">
          {picture.imageUrl ? (
            <a href={picture.imageUrl} download={downloadName(picture)} className={buttonSecondary}>
              <DownloadIcon className="h-4 w-4" /> Download
            </a>
          ) : null}
          <CopyButton
            text={() => new URL(`/g/${picture.id}`, window.location.origin).toString()}
            label="Copy link"
            icon={<LinkIcon className="h-4 w-4" />}
          />
          <Link to={`/g/${picture.id}`} className={buttonGhost}>
            Open its page <ArrowRightIcon className="h-4 w-4" />
          </Link>
        </div>
      </figcaption>
    </figure>
  );
}

/** A picture still on its way: its box, shimmering, with the stage it is at. */
function PendingSlot({ slot, width, height, compact }: { slot: Slot; width: number; height: number; compact: boolean }) {
  const over = slot.stage === "failed" || slot.stage === "cancelled";
  return (
    <figure className="flex min-w-0 flex-col items-center gap-3" data-testid="slot" data-stage={slot.stage}>
      <div
        className={`mx-auto rounded-xl bg-gradient-to-r from-zinc-100 via-violet-100 to-zinc-100 bg-[length:200%_100%] dark:from-zinc-900 dark:via-violet-500/15 dark:to-zinc-900 ${over ? "opacity-50" : "animate-shimmer"}`}
        style={fitted(width, height, compact ? 0.5 : 1)}
      />
      <figcaption className={`text-sm ${slot.stage === "failed" ? "text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}>
        {slot.stage === "failed" ? `Failed: ${slot.error ?? "the picture could not be made."}` : STAGE_LABELS[slot.stage]}
        {over ? null : "…"}
      </figcaption>
    </figure>
  );
}

export const ResultPanel = forwardRef<HTMLElement, { run: GenerationRun | null; pictures: Picture[]; message?: string | null }>(
  function ResultPanel({ run, pictures, message }, ref) {
    const [w, h] = (run?.aspectRatio ?? "1:1").split(":").map(Number) as [number, number];
    const several = (run?.slots.length ?? 0) > 1;
    return (
      <section
        ref={ref}
        tabIndex={-1}
        aria-label="Result"
        aria-busy={run && run.stage !== "failed" ? true : undefined}
        className={`${card} flex min-h-[22rem] flex-col justify-center p-4 outline-none lg:min-h-[calc(100vh-21rem)]`}
      >
        {run && several ? (
          // Several variations: each slot shows its own stage, then its picture as soon as it is done.
          <div className="grid gap-4 sm:grid-cols-2" data-testid="run" data-stage={run.stage} aria-live="polite">
            {run.slots.map((slot, i) =>
              slot.picture ? (
                <PictureCard key={slot.id ?? i} picture={slot.picture} compact />
              ) : (
                <PendingSlot key={slot.id ?? i} slot={slot} width={w} height={h} compact />
              ),
            )}
          </div>
        ) : run ? (
          <div className="grid items-center gap-6 md:grid-cols-[minmax(0,1fr)_12rem]">
            <div
              className={`mx-auto rounded-xl bg-gradient-to-r from-zinc-100 via-violet-100 to-zinc-100 bg-[length:200%_100%] dark:from-zinc-900 dark:via-violet-500/15 dark:to-zinc-900 ${run.stage === "failed" ? "opacity-50" : "animate-shimmer"}`}
              style={fitted(w, h, 1)}
            />
            <ProgressStages stage={run.stage} failedAt={run.failedAt} skipOptimize={run.skipOptimize} message={message} />
          </div>
        ) : pictures.length ? (
          <div className={`animate-fade-in grid gap-4 ${pictures.length > 1 ? "sm:grid-cols-2" : ""}`} data-testid="result">
            {pictures.map((p) => (
              <PictureCard key={p.id} picture={p} compact={pictures.length > 1} />
            ))}
          </div>
        ) : (
          <div className="flex flex-col items-center justify-center px-6 py-10 text-center">
            <div className="flex h-14 w-14 items-center justify-center rounded-2xl bg-violet-100 text-violet-700 dark:bg-violet-500/15 dark:text-violet-300">
              <PhotoIcon className="h-7 w-7" />
            </div>
            <p className="mt-4 font-medium">Your picture appears here</p>
            <p className="mt-1 max-w-xs text-sm text-zinc-600 dark:text-zinc-400">
              Write a prompt and press Generate. You'll see each stage as it happens.
            </p>
          </div>
        )}
      </section>
    );
  },
);
