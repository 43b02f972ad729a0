import { CheckIcon, XIcon } from "./icons";

export type Stage = "queued" | "optimizing" | "rendering" | "storing" | "done" | "failed" | "cancelled";

/** A stage in a few words (queue tray, placeholders). */
export const STAGE_LABELS: Record<Stage | "starting", string> = {
  queued: "Waiting",
  starting: "Starting",
  optimizing: "Optimizing prompt",
  rendering: "Rendering",
  storing: "Saving",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

const steps: { stage: Exclude<Stage, "failed" | "cancelled">; label: string }[] = [
  { stage: "queued", label: "Queued" },
  { stage: "optimizing", label: "Optimizing prompt" },
  { stage: "rendering", label: "Rendering" },
  { stage: "storing", label: "Saving" },
  { stage: "done", label: "Done" },
];

/** The pipeline's real stages as they are reported by the progress subscription. */
export function ProgressStages({
  stage,
  failedAt,
  skipOptimize,
  message,
}: {
  stage: Stage;
  failedAt?: Stage | null;
  skipOptimize?: boolean;
  message?: string | null;
}) {
  const shown = steps.filter((s) => !(skipOptimize && s.stage === "optimizing"));
  const reached = stage === "failed" || stage === "cancelled" ? (failedAt ?? "queued") : stage;
  const currentIndex = shown.findIndex((s) => s.stage === reached);
  return (
    <div data-testid="progress" data-stage={stage}>
      <ol className="space-y-3" aria-label="Progress">
        {shown.map((s, i) => {
          const state =
            (stage === "failed" || stage === "cancelled") && i === currentIndex
              ? "failed"
              : i < currentIndex || stage === "done"
                ? "done"
                : i === currentIndex
                  ? "active"
                  : "todo";
          return (
            <li key={s.stage} className="flex items-center gap-3 text-sm" aria-current={state === "active" ? "step" : undefined}>
              <span
                className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full border-2 transition-colors ${
                  state === "done"
                    ? "border-emerald-500 bg-emerald-500 text-white"
                    : state === "active"
                      ? "border-violet-500 text-violet-600 dark:text-violet-300"
                      : state === "failed"
                        ? "border-red-500 bg-red-500 text-white"
                        : "border-zinc-300 text-zinc-500 dark:border-zinc-700"
                }`}
              >
                {state === "done" ? (
                  <CheckIcon className="h-4 w-4" />
                ) : state === "failed" ? (
                  <XIcon className="h-4 w-4" />
                ) : state === "active" ? (
                  <span className="h-3 w-3 animate-spin rounded-full border-2 border-violet-500 border-t-transparent" aria-hidden />
                ) : (
                  <span className="text-xs font-semibold">{i + 1}</span>
                )}
              </span>
              <span className={state === "todo" ? "text-zinc-600 dark:text-zinc-400" : "font-medium"}>
                {s.label}
                <span className="sr-only"> — {state === "active" ? "in progress" : state}</span>
              </span>
            </li>
          );
        })}
      </ol>
      {message ? <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">{message}</p> : null}
    </div>
  );
}
