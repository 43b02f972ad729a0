import { Form } from "@remix-run/react";
import { buttonSecondary, card, input } from "./ui";

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
            <select name="collectionId" className={input} defaultValue={collections[0]!.id}>
              {collections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
              <option value="">New collection…</option>
            </select>
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
