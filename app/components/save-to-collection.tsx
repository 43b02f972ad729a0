import { Form, useFetcher, useLocation } from "@remix-run/react";
import { useHydrated } from "~/lib/hydrated";
import { useEffect, useRef, useState } from "react";
import { BookmarkIcon, CheckIcon } from "./icons";
import { buttonChip, buttonPrimary, buttonSecondary, card, input } from "./ui";

export type CollectionChoice = { id: string; name: string };
type SaveAnswer = { saved: { collectionId: string; name: string; added: boolean } } | { error: string };

/**
 * "Save to collection": pick one of my collections, or name a new one. A plain form post
 * to /c/save (which goes back to the picture), so it works without JavaScript.
 */
export function SaveToCollection({ id, collections }: { id: string; collections: { id: string; name: string }[] }) {
  return (
    <section id="save" aria-labelledby="save-h" className={`${card} scroll-mt-20 p-4`}>
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

const menuButton = buttonChip;

type MenuProps = { id: string; collections: CollectionChoice[]; label: string };

/**
 * A card's "Save" menu: the same choice as on the picture's page, in a disclosure that
 * posts through a fetcher and says where it went ("Saved to Skies"). The server (and so a
 * page without JavaScript) has a plain link to the picture page's own Save form instead:
 * a gallery has one per card, and 24 forms with a select each were a third of its HTML.
 */
export function SaveToCollectionMenu(props: MenuProps) {
  if (useHydrated()) return <LiveSaveMenu {...props} />;
  return (
    <a
      href={`/g/${props.id}#save`}
      className={`${menuButton} bookmark-icon`}
      aria-label={`Save ${props.label} to a collection`}
      data-testid="save-menu"
    >
      Save
    </a>
  );
}

function LiveSaveMenu({ id, collections, label }: MenuProps) {
  const fetcher = useFetcher<SaveAnswer>();
  const ref = useRef<HTMLDetailsElement>(null);
  // The form is only in the page while the menu is open.
  const [open, setOpen] = useState(false);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const saved = answer && "saved" in answer ? answer.saved : null;
  useEffect(() => {
    if (saved && ref.current) {
      ref.current.open = false;
      ref.current.querySelector("summary")?.focus();
    }
  }, [saved]);
  return (
    <>
      <details
        ref={ref}
        className="group"
        onToggle={(e) => setOpen(e.currentTarget.open)}
        onKeyDown={(e) => e.key === "Escape" && ref.current && (ref.current.open = false)}
      >
        <summary
          className={menuButton}
          aria-label={saved ? `Saved to ${saved.name}. Save ${label} to another collection` : `Save ${label} to a collection`}
          data-testid="save-menu"
        >
          {saved ? <CheckIcon className="h-3.5 w-3.5 text-emerald-600 dark:text-emerald-400" /> : <BookmarkIcon className="h-3.5 w-3.5" />}
          {saved ? "Saved" : "Save"}
        </summary>
        {open ? <SaveMenuPanel id={id} collections={collections} fetcher={fetcher} answer={answer} /> : null}
      </details>
      <span role="status" className="sr-only">
        {saved ? `Saved to ${saved.name}` : ""}
      </span>
    </>
  );
}

function SaveMenuPanel({
  id,
  collections,
  fetcher,
  answer,
}: {
  id: string;
  collections: CollectionChoice[];
  fetcher: ReturnType<typeof useFetcher<SaveAnswer>>;
  answer: SaveAnswer | undefined;
}) {
  const location = useLocation();
  const offered = collections.slice(0, CARD_MENU_COLLECTIONS);
  return (
    <div
      role="group"
      aria-label="Save to collection"
      className="absolute inset-x-0 z-20 mt-2 rounded-xl border border-zinc-200 bg-white p-3 text-left text-sm shadow-xl animate-fade-in dark:border-zinc-700 dark:bg-zinc-900"
    >
      <fetcher.Form method="post" action="/c/save" className="space-y-2">
        <input type="hidden" name="generationId" value={id} />
        <input type="hidden" name="back" value={`${location.pathname}${location.search}`} />
        <input type="hidden" name="js" value="1" />
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
  );
}
