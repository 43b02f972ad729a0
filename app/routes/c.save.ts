// POST /c/save — add a picture to one of my collections, or to a new one named in the
// form. With JavaScript (a card's Save menu, `js=1`) the answer is JSON: `{ saved }` or
// `{ error }`; without it, back to the page named in `back` (same origin only), else to
// the picture's page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError, userMistakeMessage } from "~/lib/loader-errors.server";
import { backTo } from "~/lib/back-to.server";
import { chosenCollection } from "~/lib/collection-choice.server";
import { readForm } from "~/lib/form.server";

export type SaveAnswer = { saved: { collectionId: string; name: string; added: boolean } } | { error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const generationId = String(form.get("generationId") ?? "");
  const js = form.get("js") === "1";
  const caller = await serverCaller(request, context);
  let saved: { collectionId: string; name: string; added: boolean };
  try {
    const { collectionId, name } = await chosenCollection(caller, form);
    const { added } = await caller.collection.add({ id: collectionId, generationId });
    saved = { collectionId, name, added };
  } catch (e) {
    const message = userMistakeMessage(e);
    if (js && message) return json<SaveAnswer>({ error: message }, { status: 400 });
    // Anything else becomes its page (sign-in for a signed-out post, 404, 500).
    return orHttpError(request, Promise.reject(e));
  }
  if (js) return json<SaveAnswer>({ saved });
  throw redirect(
    backTo(request, form.get("back"), `/g/${encodeURIComponent(generationId)}?saved=${encodeURIComponent(saved.collectionId)}`),
  );
}
