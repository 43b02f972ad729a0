import { useFetcher } from "@remix-run/react";
import { GlobeIcon, LockIcon, TrashIcon } from "./icons";
import { buttonDanger, buttonSecondary } from "./ui";

/**
 * Public/private and delete, as plain forms posting to `action` (the page's route
 * action), so they work before and without JavaScript. Delete asks first, with a
 * disclosure rather than a JS confirm().
 */
export function OwnerControls({ id, isPublic, action, compact = false }: { id: string; isPublic: boolean; action: string; compact?: boolean }) {
  const visibility = useFetcher();
  const remove = useFetcher();
  const pendingPublic = visibility.formData ? visibility.formData.get("isPublic") === "true" : isPublic;
  const size = compact ? "px-2.5 py-1.5 text-xs" : "";
  return (
    <div className={`flex flex-wrap items-start gap-2 ${remove.state !== "idle" ? "opacity-50" : ""}`}>
      <visibility.Form method="post" action={action}>
        <input type="hidden" name="intent" value="visibility" />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="isPublic" value={String(!pendingPublic)} />
        <button type="submit" className={`${buttonSecondary} ${size}`} data-testid="toggle-public">
          {pendingPublic ? <GlobeIcon className="h-4 w-4 text-emerald-600 dark:text-emerald-400" /> : <LockIcon className="h-4 w-4" />}
          {pendingPublic ? "Public" : "Private"}
          <span className={compact ? "sr-only" : "text-zinc-600 dark:text-zinc-400"}>· make {pendingPublic ? "private" : "public"}</span>
        </button>
      </visibility.Form>
      <details className="group relative">
        <summary className={`${buttonSecondary} ${size} cursor-pointer list-none text-red-700 dark:text-red-300 [&::-webkit-details-marker]:hidden`}>
          <TrashIcon className="h-4 w-4" /> Delete
        </summary>
        <div
          role="group"
          aria-label="Confirm delete"
          className="absolute left-0 z-20 mt-2 w-64 rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-xl animate-fade-in dark:border-zinc-700 dark:bg-zinc-900"
        >
          <p className="font-medium">Delete this picture for good?</p>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">Its page and file are removed. This can't be undone.</p>
          <remove.Form method="post" action={action} className="mt-3 flex gap-2">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={id} />
            <button type="submit" className={`${buttonDanger} px-3 py-1.5`}>
              Yes, delete
            </button>
          </remove.Form>
        </div>
      </details>
    </div>
  );
}
