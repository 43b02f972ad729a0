import { useEffect, useRef } from "react";
import type { LimitDetails } from "~/lib/trpc.client";
import { formatReset } from "./quota-badge";
import { ClockIcon, GaugeIcon } from "./icons";
import { buttonPrimary } from "./ui";

/**
 * The daily quota is a hard stop: a modal popup (native <dialog>, so focus is trapped
 * and Escape closes it) that says when the quota resets.
 */
export function DailyLimitDialog({ details, onClose }: { details: LimitDetails | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (details && !d.open) d.showModal();
    if (!details && d.open) d.close();
  }, [details]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="daily-limit-title"
      aria-describedby="daily-limit-body"
      className="w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/60 backdrop:backdrop-blur-sm open:animate-pop-in dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {details ? (
        <div className="p-6" data-testid="daily-limit-dialog">
          <div className="mx-auto flex h-14 w-14 items-center justify-center rounded-full bg-gradient-to-br from-violet-500 to-fuchsia-500 text-white shadow-lg">
            <ClockIcon className="h-7 w-7" />
          </div>
          <h2 id="daily-limit-title" className="mt-4 text-center text-xl font-bold">
            That's all for today
          </h2>
          <div id="daily-limit-body" className="mt-2 space-y-2 text-center text-sm text-zinc-700 dark:text-zinc-300">
            <p>
              You've made all <strong>{details.max}</strong> of your pictures for today.
            </p>
            <p>
              Your quota resets <strong data-testid="daily-limit-reset">{formatReset(details.resetAt)}</strong>.
            </p>
            <p className="text-zinc-600 dark:text-zinc-400">Until then you can browse the gallery or revisit your history.</p>
          </div>
          <form method="dialog" className="mt-6 flex justify-center">
            <button type="submit" className={buttonPrimary} autoFocus>
              Got it
            </button>
          </form>
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * The per-minute limit is a pause, not a wall: a gentle inline note with the countdown
 * (kept by the page, which also keeps the refused button disabled until it ends).
 */
export function RateLimitNote({ details, secondsLeft, action }: { details: LimitDetails; secondsLeft: number; action: string }) {
  return (
    <div
      role="status"
      data-testid="rate-limit-note"
      className="flex items-start gap-3 rounded-xl border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 animate-fade-in dark:border-sky-500/40 dark:bg-sky-500/10 dark:text-sky-100"
    >
      <GaugeIcon className="mt-0.5 h-5 w-5 shrink-0" />
      <p>
        <strong>A little breather.</strong> You're going faster than {details.max} request{details.max === 1 ? "" : "s"} a minute allows —
        try again in <span className="tabular-nums">{secondsLeft}</span> s ({action} comes back by itself). Nothing was used from your daily
        quota.
      </p>
    </div>
  );
}
