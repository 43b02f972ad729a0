// History's bulk bar posts (intent=bulk-…, the ticked pictures as `id`s): make public or
// private, add to a collection, delete (asked first, naming the count), through the same
// procedures any client calls. Each answer is a sentence for the page to show.
import type { AppLoadContext } from "@remix-run/node";
import { serverCaller } from "./trpc.server";
import { chosenCollection } from "./collection-choice.server";
import { orHttpError, userMistakeMessage } from "./loader-errors.server";
import { MAX_BULK_PICTURES } from "../../server/contract";

export const BULK_INTENTS = ["bulk-public", "bulk-private", "bulk-add", "bulk-delete-ask", "bulk-delete"] as const;
export type BulkIntent = (typeof BULK_INTENTS)[number];

export type BulkAnswer =
  | { kind: "done"; intent: BulkIntent; message: string; changed: number }
  | { kind: "confirm-delete"; ids: string[] }
  | { kind: "error"; message: string };

export function isBulkIntent(v: unknown): v is BulkIntent {
  return typeof v === "string" && (BULK_INTENTS as readonly string[]).includes(v);
}

export const picturesWord = (n: number) => `${n} picture${n === 1 ? "" : "s"}`;

/** ", 2 skipped (not yours, or not finished)" — or nothing. */
function skippedNote(n: number, why = "not yours, or not finished"): string {
  return n ? `; ${n} skipped (${why})` : "";
}

export async function handleBulkAction(request: Request, context: AppLoadContext | undefined, form: FormData): Promise<BulkAnswer> {
  const intent = form.get("intent") as BulkIntent;
  const ids = [...new Set(form.getAll("id").map(String).filter(Boolean))];
  if (!ids.length) return { kind: "error", message: "Select at least one picture first." };
  if (ids.length > MAX_BULK_PICTURES) {
    return { kind: "error", message: `At most ${MAX_BULK_PICTURES} pictures at once: ${ids.length} were selected.` };
  }
  const caller = await serverCaller(request, context);
  try {
    switch (intent) {
      case "bulk-public":
      case "bulk-private": {
        const isPublic = intent === "bulk-public";
        const r = await caller.generation.bulkUpdate({ ids, isPublic });
        return {
          kind: "done",
          intent,
          changed: r.updated.length,
          message: `${picturesWord(r.updated.length)} made ${isPublic ? "public" : "private"}${skippedNote(r.skipped.length)}`,
        };
      }
      case "bulk-add": {
        const { collectionId, name } = await chosenCollection(caller, form);
        const r = await caller.collection.addMany({ id: collectionId, generationIds: ids });
        const already = r.already.length ? `; ${r.already.length} already there` : "";
        return {
          kind: "done",
          intent,
          changed: r.added.length,
          message: `${picturesWord(r.added.length)} added to “${name}”${already}${skippedNote(r.skipped.length, "not found")}`,
        };
      }
      case "bulk-delete-ask":
        return { kind: "confirm-delete", ids };
      case "bulk-delete": {
        const r = await caller.generation.bulkDelete({ ids });
        return {
          kind: "done",
          intent,
          changed: r.deleted.length,
          message: `${picturesWord(r.deleted.length)} deleted${skippedNote(r.skipped.length)}`,
        };
      }
    }
  } catch (e) {
    const message = userMistakeMessage(e);
    if (message) return { kind: "error", message };
    return orHttpError(request, Promise.reject(e));
  }
  return { kind: "error", message: "Unknown action." };
}
