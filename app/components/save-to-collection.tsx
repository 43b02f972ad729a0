import { Form, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { BookmarkIcon, CheckIcon } from "./icons";
import { buttonPrimary, buttonSecondary, card, input } from "./ui";

export type CollectionChoice = { id: string; name: string };
type SaveAnswer = { saved: { collectionId: string; name: string; added: boolean } } | { error: string };

/**
 * "Save to collection": pick one of my collections, or name a new one. A plain form post
 * to /c/save (which goes back to the picture), so it works without JavaScript.
 */
export function SaveToCollection({ id, collections }: { id: string; collections: { id: string; name: string }[] }) {
  return (
    <section aria-labelledby="save-h" className={`${card} p-4`}>
      <h2 id="save-h" className="mb-3 text-sm font-semibold">
        Save to collection
      </h2>
      <Form method="post" action="/c/save" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="generationId" value={id} />
        {collections.length ? (
          <label className="flex-1">
            <span className="sr-only">Collection</span>
            <CollectionSelect collections={collections} />
          </label>
        ) : null}
        <label className="flex-1">
          <span className="sr-only">New collection name</span>
          <input
            name="newName"
            maxLength={100}
            placeholder={collections.length ? "or a new one's name" : "New collection's name"}
            className={input}
          />
        </label>
        <button type="submit" className={buttonSecondary}>
          Save
        </button>
      </Form>
    </section>
  );
}

/** A choice of my collections, the first chosen, and "New collection…" (the name field beside it then counts). */
export function CollectionSelect({ collections }: { collections: CollectionChoice[] }) {
  return (
    <select name="collectionId" className={input} defaultValue={collections[0]!.id}>
      {collections.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
      <option value="">New collection…</option>
    </select>
  );
}

/** How many of my collections a card's menu offers (the newest): 24 cards × 200 options would bloat the page. */
export const CARD_MENU_COLLECTIONS = 20;

/**
 * A card's "Save" menu: the same choice as on the picture's page, in a disclosure. With
 * JavaScript it posts through a fetcher and says where it went ("Saved to Skies");
 * without, the post comes back to this page.
 */
export function SaveToCollectionMenu({ id, collections, label }: { id: string; collections: CollectionChoice[]; label: string }) {
  const fetcher = useFetcher<SaveAnswer>();
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const saved = answer && "saved" in answer ? answer.saved : null;
  useEffect(() => {
    if (saved && ref.current) {
      ref.current.open = false;
      ref.current.querySelector("summary")?.focus();
    }
  }, [saved]);
  const offered = collections.slice(0, CARD_MENU_COLLECTIONS);
  return (
    <>
      <details ref={ref} className="group" onKeyDown={(e) => e.key === "Escape" && ref.current && (ref.current.open = false)}>
        <summary
          className={`${buttonSecondary} cursor-pointer list-none !gap-1.5 !px-2.5 !py-1.5 !text-xs [&::-webkit-details-marker]:hidden`}
          aria-label={saved ? `Saved to ${saved.name}. Save ${label} to another collection` : `Save ${label} to a collection`}
          data-testid="save-menu"
        >
          {saved ? <CheckIcon className="h-3.5 w-3.5 text-emerald-600 dark:text-emerald-400" /> : <BookmarkIcon className="h-3.5 w-3.5" />}
          {saved ? "Saved" : "Save"}
        </summary>
        <div
          role="group"
          aria-label="Save to collection"
          className="absolute inset-x-0 z-20 mt-2 rounded-xl border border-zinc-200 bg-white p-3 text-left text-sm shadow-xl animate-fade-in dark:border-zinc-700 dark:bg-zinc-900"
        >
          <fetcher.Form method="post" action="/c/save" className="space-y-2">
            <input type="hidden" name="generationId" value={id} />
            <input type="hidden" name="back" value={`${location.pathname}${location.search}`} />
            {hydrated ? <input type="hidden" name="js" value="1" /> : null}
            {offered.length ? (
              <label className="block">
                <span className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">Collection</span>
                <CollectionSelect collections={offered} />
              </label>
            ) : null}
            <label className="block">
              <span className={offered.length ? "sr-only" : "mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300"}>
                New collection's name
              </span>
              <input
                name="newName"
                maxLength={100}
                placeholder={offered.length ? "or a new one's name" : "e.g. Moody skies"}
                className={input}
              />
            </label>
            <button type="submit" className={`${buttonPrimary} w-full !py-1.5`} disabled={fetcher.state !== "idle"}>
              Save
            </button>
          </fetcher.Form>
          {answer && "error" in answer ? (
            <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-300">
              {answer.error}
            </p>
          ) : null}
        </div>
      </details>
      <span role="status" className="sr-only">
        {saved ? `Saved to ${saved.name}` : ""}
      </span>
    </>
  );
}
