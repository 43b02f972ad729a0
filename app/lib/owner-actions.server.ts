// The owner's form posts (visibility, delete) shared by /g/:id and /history.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { serverCaller } from "./trpc.server";
import { orHttpError } from "./loader-errors.server";
import { readForm } from "./form.server";

export async function handleOwnerAction(
  request: Request,
  context: AppLoadContext | undefined,
  opts: { afterDelete?: string; form?: FormData } = {},
) {
  const form = opts.form ?? (await readForm(request));
  const intent = form.get("intent");
  const id = String(form.get("id") ?? "");
  const caller = await serverCaller(request, context);
  if (intent === "visibility") {
    const updated = await orHttpError(request, caller.generation.update({ id, isPublic: form.get("isPublic") === "true" }));
    return { ok: true as const, id, isPublic: updated.isPublic };
  }
  if (intent === "delete") {
    await orHttpError(request, caller.generation.delete({ id }));
    if (opts.afterDelete) throw redirect(opts.afterDelete);
    return { ok: true as const, id, deleted: true };
  }
  throw new Response("Unknown action", { status: 400 });
}
