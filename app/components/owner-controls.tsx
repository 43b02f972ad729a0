import { useFetcher } from "@remix-run/react";
import { ConfirmDisclosure } from "./confirm-disclosure";
import { GlobeIcon, LockIcon, TrashIcon } from "./icons";
import { buttonDanger, buttonSecondary } from "./ui";

/**
 * Public/private and delete, as plain forms posting to `action` (the page's route
 * action), so they work before and without JavaScript. The visibility button says what it
 * is and what pressing it does ("Public · Make private"), the same on every page; delete
 * asks first, with Cancel.
 */
export function OwnerControls({
  id,
  isPublic,
  action,
  compact = false,
}: {
  id: string;
  isPublic: boolean;
  action: string;
  compact?: boolean;
}) {
  const visibility = useFetcher();
  const remove = useFetcher();
  const pendingPublic = visibility.formData ? visibility.formData.get("isPublic") === "true" : isPublic;
  const size = compact ? "!gap-1.5 !px-2.5 !py-1.5 !text-xs" : "";
  return (
    <div className={`relative flex flex-wrap items-start gap-2 ${remove.state !== "idle" ? "opacity-50" : ""}`}>
      <visibility.Form method="post" action={action}>
        <input type="hidden" name="intent" value="visibility" />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="isPublic" value={String(!pendingPublic)} />
        <button type="submit" className={`${buttonSecondary} ${size}`} data-testid="toggle-public">
          {pendingPublic ? <GlobeIcon className="h-4 w-4 text-emerald-600 dark:text-emerald-400" /> : <LockIcon className="h-4 w-4" />}
          <span>
            {pendingPublic ? "Public" : "Private"}
            <span className="text-zinc-600 dark:text-zinc-400"> · </span>
            <span className="text-violet-700 dark:text-violet-300">Make {pendingPublic ? "private" : "public"}</span>
          </span>
        </button>
      </visibility.Form>
      <ConfirmDisclosure
        summary={
          <>
            <TrashIcon className="h-4 w-4" /> Delete
          </>
        }
        summaryClassName={`${buttonSecondary} ${size} text-red-700 dark:text-red-300`}
        label="Confirm delete"
        title="Delete this picture for good?"
        body="Its page and file are removed. This can't be undone."
        align={compact ? "stretch" : "left"}
      >
        <remove.Form method="post" action={action}>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="id" value={id} />
          <button type="submit" className={`${buttonDanger} px-3 py-1.5`}>
            Yes, delete
          </button>
        </remove.Form>
      </ConfirmDisclosure>
    </div>
  );
}
