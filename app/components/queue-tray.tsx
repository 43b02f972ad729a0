// The queue tray: my queued and rendering pictures (stage or place in line, Cancel) and my
// recent ones (a thumbnail, or why it failed, Retry). Server-rendered from `queue`, so a
// reload shows it as it is; kept fresh by useQueue.
import { Link } from "@remix-run/react";
import type { QueueItem, QueueView } from "~/lib/use-queue";
import { STAGE_LABELS, type Stage } from "./progress-stages";
import { ClockIcon, XIcon } from "./icons";
import { buttonGhost, card } from "./ui";

function statusText(item: QueueItem): string {
  if (item.status === "queued") return item.position ? `Waiting · #${item.position} in line` : "Waiting";
  if (item.status === "running") return STAGE_LABELS[(item.stage ?? "starting") as Stage | "starting"] ?? "Rendering";
  if (item.status === "failed") return `Failed${item.errorMessage ? `: ${item.errorMessage}` : ""}`;
  if (item.status === "cancelled") return "Cancelled";
  return "Done";
}

function Row({ item, busy, onCancel, onRetry }: { item: QueueItem; busy: boolean; onCancel: () => void; onRetry: () => void }) {
  const live = item.status === "queued" || item.status === "running";
  return (
    <li className="flex items-center gap-3 py-2" data-testid="queue-item" data-status={item.status} data-stage={item.stage ?? ""}>
      <div className="relative h-12 w-12 shrink-0 overflow-hidden rounded-lg bg-zinc-100 dark:bg-zinc-800">
        {item.thumbnailUrl ? (
          <img src={item.thumbnailUrl} alt="" width={48} height={48} className="h-full w-full object-cover" loading="lazy" />
        ) : live ? (
          <span
            aria-hidden
            className="absolute inset-0 animate-shimmer bg-gradient-to-r from-zinc-100 via-violet-100 to-zinc-100 bg-[length:200%_100%] dark:from-zinc-900 dark:via-violet-500/15 dark:to-zinc-900"
          />
        ) : null}
      </div>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm" title={item.prompt}>
          {item.status === "succeeded" ? (
            <Link to={`/g/${item.id}`} className="hover:underline">
              {item.prompt}
            </Link>
          ) : (
            item.prompt
          )}
        </p>
        <p
          className={`truncate text-xs ${item.status === "failed" ? "text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}
          data-testid="queue-status"
        >
          {statusText(item)}
          {item.seed != null ? <span> · seed {item.seed}</span> : null}
        </p>
      </div>
      {live ? (
        <button
          type="button"
          className={`${buttonGhost} px-2 py-1 text-xs`}
          onClick={onCancel}
          disabled={busy}
          aria-label={`Cancel “${item.prompt.slice(0, 60)}”`}
        >
          <XIcon className="h-3.5 w-3.5" /> Cancel
        </button>
      ) : item.status === "failed" || item.status === "cancelled" ? (
        <button
          type="button"
          className={`${buttonGhost} px-2 py-1 text-xs`}
          onClick={onRetry}
          disabled={busy}
          aria-label={`Retry “${item.prompt.slice(0, 60)}”`}
        >
          Retry
        </button>
      ) : null}
    </li>
  );
}

export function QueueTray({
  queue,
  busy,
  error,
  onCancel,
  onRetry,
}: {
  queue: QueueView;
  busy: string | null;
  error: string | null;
  onCancel: (id: string) => void;
  onRetry: (id: string) => void;
}) {
  const { active, recent } = queue;
  return (
    <section aria-labelledby="queue-heading" className={`${card} p-4`} data-testid="queue-tray">
      <div className="flex items-center justify-between gap-3">
        <h2 id="queue-heading" className="flex items-center gap-2 text-sm font-semibold">
          <ClockIcon className="h-4 w-4 text-violet-600 dark:text-violet-300" /> Your queue
        </h2>
        <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {active.length ? `${active.length} in progress` : "Nothing in progress"}
        </p>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {active.length || recent.length ? (
        <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800">
          {[...active, ...recent].map((item) => (
            <Row key={item.id} item={item} busy={busy === item.id} onCancel={() => onCancel(item.id)} onRetry={() => onRetry(item.id)} />
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Pictures you start appear here while they render, with their place in line.
        </p>
      )}
    </section>
  );
}
