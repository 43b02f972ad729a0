// The collection a "save to collection" form names: one of mine (collectionId), or a new
// one made now when a name is typed or "New collection…" was chosen. Shared by a
// picture's or card's Save (/c/save) and the history bulk bar.
import type { serverCaller } from "./trpc.server";

type Caller = Awaited<ReturnType<typeof serverCaller>>;

export async function chosenCollection(caller: Caller, form: FormData): Promise<{ collectionId: string; name: string }> {
  const newName = String(form.get("newName") ?? "").trim();
  const collectionId = String(form.get("collectionId") ?? "");
  if (newName || !collectionId) {
    const created = await caller.collection.create({ name: newName });
    return { collectionId: created.id, name: created.name };
  }
  const name = (await caller.collection.mine()).find((c) => c.id === collectionId)?.name ?? "your collection";
  return { collectionId, name };
}
