// A picture that is still queued or rendering: its own box, shimmering, with where it
// stands (a placeholder in history and on its page until it is done).
import { STAGE_LABELS, type Stage } from "./progress-stages";

export function pendingLabel(p: { status: string; stage?: string | null; position?: number | null }): string {
  if (p.status === "queued") return p.position ? `Waiting · #${p.position} in line` : "Waiting in the queue";
  return STAGE_LABELS[(p.stage ?? "starting") as Stage | "starting"] ?? "Rendering";
}

export function PendingPicture({
  width,
  height,
  status,
  stage,
  position,
  className = "",
}: {
  width: number;
  height: number;
  status: string;
  stage?: string | null;
  position?: number | null;
  className?: string;
}) {
  return (
    <div
      className={`relative flex w-full items-end justify-center overflow-hidden bg-gradient-to-r from-zinc-100 via-violet-100 to-zinc-100 bg-[length:200%_100%] animate-shimmer dark:from-zinc-900 dark:via-violet-500/15 dark:to-zinc-900 ${className}`}
      style={{ aspectRatio: `${width} / ${height}` }}
      data-testid="pending-picture"
      data-status={status}
    >
      <p
        role="status"
        className="m-3 rounded-full bg-white/85 px-3 py-1 text-xs font-medium text-zinc-800 shadow-sm dark:bg-zinc-950/80 dark:text-zinc-200"
      >
        {pendingLabel({ status, stage, position })}…
      </p>
    </div>
  );
}
