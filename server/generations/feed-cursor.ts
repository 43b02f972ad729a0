// The feeds' page cursor: base64url("<createdAt ISO>|<id>") of the last row of a page, and
// for ranked pages (search) "|<mode><score>" after it: the score the row was ranked by
// (as PostgreSQL wrote it: the shortest exact form, so it compares equal when it comes
// back) after two letters saying which kind of page it belongs to (feeds.ts).
// A cursor comes back from the caller, so decoding it is validation: the instant must be
// one PostgreSQL's timestamp and a JS Date can both hold (years 1–9999 in the exact form
// toISOString writes), or the keyset query would fail inside the database.
import { AppError } from "../errors";

export type FeedCursor = { createdAt: Date; id: string; rank?: { mode: string; score: string } };

export const INVALID_CURSOR_MESSAGE = "That page cursor is not valid.";

const ISO = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const RANK = /^([a-z]{2})(-?\d{1,20}(?:\.\d{1,20})?(?:e[-+]?\d{1,3})?)$/;

export function encodeCursor(row: { createdAt: Date; id: string }, rank?: { mode: string; score: string }): string {
  const tail = rank ? `|${rank.mode}${rank.score}` : "";
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}${tail}`).toString("base64url");
}

/** The cursor's key, or null when it is not one this server could have written. */
export function parseCursor(cursor: string): FeedCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (parts.length !== 2 && parts.length !== 3) return null;
  const [iso, id, rankText] = parts as [string, string, string | undefined];
  let rank: FeedCursor["rank"];
  if (rankText !== undefined) {
    const m = RANK.exec(rankText);
    const score = m ? Number(m[2]) : NaN;
    // Whether it fits the key's type is for the feed to say (feeds.ts scoreFits).
    if (!m || !Number.isFinite(score)) return null;
    rank = { mode: m[1]!, score: m[2]! };
  }
  const year = ISO.exec(iso)?.[1];
  if (!year || Number(year) < 1 || !ID.test(id)) return null;
  const createdAt = new Date(iso);
  // Round-trips only for real calendar instants (no 2024-02-31, no 24:00).
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) return null;
  return rank ? { createdAt, id, rank } : { createdAt, id };
}

export function decodeCursor(cursor: string): FeedCursor {
  const parsed = parseCursor(cursor);
  if (!parsed) throw new AppError("BAD_REQUEST", INVALID_CURSOR_MESSAGE, { field: "cursor" });
  return parsed;
}
