// POST /c/save — add a picture to one of my collections, or to a new one named in the
// form; then back to the picture's page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError } from "~/lib/loader-errors.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const generationId = String(form.get("generationId") ?? "");
  const newName = String(form.get("newName") ?? "").trim();
  let collectionId = String(form.get("collectionId") ?? "");
  const caller = await serverCaller(request);
  if (newName || !collectionId) {
    collectionId = (await orHttpError(request, caller.collection.create({ name: newName }))).id;
  }
  await orHttpError(request, caller.collection.add({ id: collectionId, generationId }));
  throw redirect(`/g/${encodeURIComponent(generationId)}?saved=${encodeURIComponent(collectionId)}`);
}
