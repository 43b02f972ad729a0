export type QuotaView = { limit: number; used: number; remaining: number; resetAt: string | Date };

export function QuotaBadge({ quota }: { quota: QuotaView | null }) {
  if (!quota) return null;
  const empty = quota.remaining <= 0;
  const low = !empty && quota.remaining <= Math.max(1, Math.floor(quota.limit / 5));
  const tone = empty
    ? "border-red-300 bg-red-50 text-red-800 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-200"
    : low
      ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
      : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-500/40 dark:bg-emerald-500/10 dark:text-emerald-200";
  return (
    <p
      className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium ${tone}`}
      data-testid="quota-badge"
      aria-live="polite"
      title={`Resets ${formatReset(quota.resetAt)}`}
      // The title's "in N min" is counted from the clock of whoever renders it (server, then browser).
      suppressHydrationWarning
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${empty ? "bg-red-500" : low ? "bg-amber-500" : "bg-emerald-500"}`} />
      <span>
        <strong className="tabular-nums">{Math.max(0, quota.remaining)}</strong> of {quota.limit} left today
      </span>
    </p>
  );
}

/**
 * "at 14:05 (in 3 h 12 min)", in the viewer's own time zone; "tomorrow at 09:30 (…)"
 * when the reset falls on the next calendar day, so a time never reads as already past.
 */
export function formatReset(resetAt: string | Date | number, now = Date.now()): string {
  const at = new Date(resetAt);
  const mins = Math.max(0, Math.round((at.getTime() - now) / 60_000));
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const rel = mins >= 60 ? `${Math.floor(mins / 60)} h ${mins % 60} min` : `${Math.max(1, mins)} min`;
  const today = new Date(now);
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  const day =
    at.toDateString() === today.toDateString()
      ? ""
      : at.toDateString() === tomorrow.toDateString()
        ? "tomorrow "
        : `on ${at.toLocaleDateString([], { weekday: "long", month: "short", day: "numeric" })} `;
  return `${day}at ${time} (in ${rel})`;
}
