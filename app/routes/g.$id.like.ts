// POST /g/:id/like — like or unlike (intent=like|unlike). With JavaScript the button
// posts through a fetcher and gets the new count back; without it, the browser's form
// post is redirected back to the page it came from (same origin only).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError } from "~/lib/loader-errors.server";
import { backTo } from "~/lib/back-to.server";
import { readForm } from "~/lib/form.server";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const id = params.id ?? "";
  const caller = await serverCaller(request, context);
  const intent = form.get("intent");
  if (intent !== "like" && intent !== "unlike") throw new Response("Unknown action", { status: 400 });
  const state = await orHttpError(request, intent === "like" ? caller.generation.like({ id }) : caller.generation.unlike({ id }));
  if (form.get("js") === "1") return state;
  throw redirect(backTo(request, form.get("back"), `/g/${id}`));
}
