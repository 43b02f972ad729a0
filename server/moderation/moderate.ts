// Moderation at the pipeline's three stages. A block is logged (ModerationLog) and
// answered with CONTENT_BLOCKED carrying { stage, reason } for the UI.
import type { Db } from "../adapters/db/client";
import { AppError } from "../errors";
import { checkText } from "./blocklist";

export type ModerationStageName = "input" | "optimized" | "output";

const MESSAGES: Record<ModerationStageName, string> = {
  input: "This prompt can't be rendered: it asks for content we don't allow.",
  optimized: "The optimized prompt was blocked by moderation; edit it or skip optimization.",
  output: "The image service's safety filter refused this picture.",
};

export async function recordBlock(db: Db, userId: string, stage: ModerationStageName, prompt: string, reason: string): Promise<AppError> {
  await db.moderationLog.create({ data: { userId, stage, prompt: prompt.slice(0, 4000), reason } });
  return new AppError("CONTENT_BLOCKED", MESSAGES[stage], { stage, reason });
}

/** The first of the texts that is blocked, and why; nothing is logged. */
export function findBlocked(texts: Array<string | null | undefined>): { text: string; reason: string } | null {
  for (const text of texts) {
    if (!text) continue;
    const verdict = checkText(text);
    if (!verdict.allowed) return { text, reason: verdict.reason };
  }
  return null;
}

/** Throws CONTENT_BLOCKED (after logging) if any of the texts is blocked. */
export async function moderateText(
  db: Db,
  userId: string,
  stage: "input" | "optimized",
  texts: Array<string | null | undefined>,
): Promise<void> {
  const blocked = findBlocked(texts);
  if (blocked) throw await recordBlock(db, userId, stage, blocked.text, blocked.reason);
}
