import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CollectionSelect, type CollectionChoice } from "./save-to-collection";
import { ArchiveIcon, BookmarkIcon, GlobeIcon, LockIcon, TrashIcon } from "./icons";
import { buttonChip, buttonDanger, buttonSecondary, input } from "./ui";

const small = buttonChip;

export type BulkBarProps = {
  /** The form every card's tick box belongs to (`form=` on the boxes). */
  formId: string;
  /** Where the form posts (this page, with its search). */
  action: string;
  /** How many are ticked; null before JavaScript runs (the count is not known then). */
  count: number | null;
  /** At most this many at once, and whether a select-all or range stopped there. */
  max: number;
  capped: boolean;
  collections: CollectionChoice[];
  /** The intent being posted, while it is. */
  busy: string | null;
  /** No-JavaScript fallbacks: this page with every box ticked, and without. */
  selectAllHref: string;
  clearHref: string;
  onSelectAll?: () => void;
  onClear?: () => void;
  /** The ZIP of the ticked pictures (JavaScript); without it the form itself asks for it. */
  zipHref: string | null;
};

/**
 * History's bulk bar: one form whose fields are the ticked cards' boxes. Every action is
 * a submit button (intent=bulk-…), so it works without JavaScript; with it, the bar counts
 * the selection as it changes, ticks all or none at once, and fetches the ZIP directly.
 */
export function BulkBar(p: BulkBarProps) {
  const none = p.count === 0;
  const addRef = useRef<HTMLDetailsElement>(null);
  // A finished "add" closes its panel.
  useEffect(() => {
    if (p.busy == null && addRef.current) addRef.current.open = false;
  }, [p.busy]);
  return (
    <Form
      id={p.formId}
      method="post"
      action={p.action}
      aria-label="Selected pictures"
      className="z-30 mb-6 sm:sticky sm:top-16 flex flex-wrap items-center gap-2 rounded-2xl border border-zinc-200 bg-white/95 px-3 py-2 shadow-sm backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95"
      data-testid="bulk-bar"
    >
      <div className="mr-auto flex flex-wrap items-center gap-x-3 gap-y-1">
        {p.onSelectAll ? (
          <button type="button" className={small} onClick={p.onSelectAll}>
            Select all on page
          </button>
        ) : (
          <Link to={p.selectAllHref} className={small}>
            Select all on page
          </Link>
        )}
        {p.count ? (
          p.onClear ? (
            <button type="button" className="text-xs font-medium text-violet-700 hover:underline dark:text-violet-300" onClick={p.onClear}>
              Clear
            </button>
          ) : (
            <Link to={p.clearHref} className="text-xs font-medium text-violet-700 hover:underline dark:text-violet-300">
              Clear
            </Link>
          )
        ) : null}
        <p className="text-sm text-zinc-700 dark:text-zinc-300" aria-live="polite" data-testid="bulk-count">
          {p.count == null ? (
            "Tick pictures to act on several at once"
          ) : p.count === 0 ? (
            "None selected · Shift+click ticks a range"
          ) : (
            <>
              <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{p.count}</strong> selected
              {p.capped ? <span className="text-amber-800 dark:text-amber-300">{` (at most ${p.max} at once)`}</span> : null}
            </>
          )}
        </p>
      </div>
      <fieldset disabled={none || p.busy != null} className="flex flex-wrap items-center gap-2 disabled:opacity-60">
        <legend className="sr-only">With the selected pictures</legend>
        <button type="submit" name="intent" value="bulk-public" className={small}>
          <GlobeIcon className="h-3.5 w-3.5 text-emerald-600 dark:text-emerald-400" /> Make public
        </button>
        <button type="submit" name="intent" value="bulk-private" className={small}>
          <LockIcon className="h-3.5 w-3.5" /> Make private
        </button>
        <details ref={addRef} className="relative" onKeyDown={(e) => e.key === "Escape" && addRef.current && (addRef.current.open = false)}>
          <summary className={`${small} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
            <BookmarkIcon className="h-3.5 w-3.5" /> Add to collection
          </summary>
          <div
            role="group"
            aria-label="Add to collection"
            className="absolute left-0 z-40 mt-2 w-72 sm:left-auto sm:right-0 space-y-2 rounded-xl border border-zinc-200 bg-white p-3 text-sm shadow-xl animate-fade-in dark:border-zinc-700 dark:bg-zinc-900"
          >
            {p.collections.length ? (
              <label className="block">
                <span className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">One of your collections</span>
                <CollectionSelect collections={p.collections} />
              </label>
            ) : null}
            <label className="block">
              <span className={p.collections.length ? "sr-only" : "mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300"}>
                New collection's name
              </span>
              <input
                name="newName"
                maxLength={100}
                placeholder={p.collections.length ? "or a new one's name" : "e.g. Moody skies"}
                className={input}
              />
            </label>
            <button type="submit" name="intent" value="bulk-add" className={`${buttonSecondary} w-full !py-1.5`}>
              Add
            </button>
          </div>
        </details>
        <button
          type="submit"
          name="intent"
          value="bulk-zip"
          formMethod="get"
          formAction="/history/download"
          className={small}
          onClick={(e) => {
            if (!p.zipHref) return; // without JavaScript the form asks for the ZIP
            e.preventDefault();
            window.location.assign(p.zipHref);
          }}
        >
          <ArchiveIcon className="h-3.5 w-3.5" /> Download ZIP
        </button>
        <button type="submit" name="intent" value="bulk-delete-ask" className={`${small} text-red-700 dark:text-red-300`}>
          <TrashIcon className="h-3.5 w-3.5" /> Delete…
        </button>
      </fieldset>
    </Form>
  );
}

/**
 * "Delete 3 pictures?" — the one confirmation, naming the count the server was sent; its
 * own form carries exactly those ids, so ticking more meanwhile changes nothing.
 */
export function DeleteConfirm({ ids, action, cancelHref, busy }: { ids: string[]; action: string; cancelHref: string; busy: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [ids]);
  const what = `${ids.length} picture${ids.length === 1 ? "" : "s"}`;
  return (
    <section
      role="alertdialog"
      aria-labelledby="bulk-delete-h"
      aria-describedby="bulk-delete-body"
      className="mb-6 rounded-2xl border border-red-300 bg-red-50 p-4 text-sm dark:border-red-500/40 dark:bg-red-500/10"
    >
      <h2 id="bulk-delete-h" ref={heading} tabIndex={-1} className="text-base font-semibold text-red-900 outline-none dark:text-red-100">
        {`Delete ${what}?`}
      </h2>
      <p id="bulk-delete-body" className="mt-1 text-red-900/80 dark:text-red-100/80">
        Their pages and files are removed for good. This can't be undone.
      </p>
      <Form method="post" action={action} className="mt-3 flex flex-wrap items-center gap-2">
        {ids.map((id) => (
          <input key={id} type="hidden" name="id" value={id} />
        ))}
        <button type="submit" name="intent" value="bulk-delete" className={buttonDanger} disabled={busy}>
          {`Yes, delete ${what}`}
        </button>
        <Link to={cancelHref} className={buttonSecondary}>
          Cancel
        </Link>
      </Form>
    </section>
  );
}

/** The outcome of a bulk action, in words ("3 pictures made public"). */
export function BulkNotice({ tone, message }: { tone: "ok" | "error"; message: string }) {
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      data-testid="bulk-result"
      className={`mb-6 rounded-xl border px-4 py-2.5 text-sm ${
        tone === "error"
          ? "border-red-300 bg-red-50 text-red-900 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-100"
          : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-500/40 dark:bg-emerald-500/10 dark:text-emerald-100"
      }`}
    >
      {message}
    </p>
  );
}
