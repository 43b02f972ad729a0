// Text PostgreSQL (and Prisma's JSON protocol) can store. A `text` column cannot hold
// U+0000, and an unpaired UTF-16 surrogate ("\ud800" alone) is not Unicode at all: it
// breaks Prisma's query JSON and cannot be encoded as UTF-8. Both arrive easily through
// JSON ("\u0000", "\ud800"), so every string a caller sends is checked here, before SQL,
// and answered with a 400 that says what is wrong instead of a database error.
import { z } from "zod";

export const UNSTORABLE_TEXT_MESSAGE = "Text can't contain the NUL character (\\u0000) or unpaired UTF-16 surrogates.";

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** A string schema that refuses unstorable text; chain trim/min/max/regex after it. */
export function safeText() {
  return z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });
}

/** An id from a URL or a caller (cuid-like today; any storable text up to 64 characters). */
export const safeId = () => safeText().min(1, "An id is required.").max(64);

/**
 * The path of the first unstorable string anywhere in a JSON-like value (object keys
 * included), or null. Used as a backstop on every procedure's raw input, so a procedure
 * whose schema forgets `safeText` still answers 400 rather than a database error.
 */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (value instanceof Date || value instanceof RegExp) return null;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const found = findUnstorableText(k, [...path, "(key)"], depth + 1) ?? findUnstorableText(v, [...path, String(k)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  const entries: Iterable<[string, unknown]> =
    Array.isArray(value) || value instanceof Set ? [...value].map((v, i) => [String(i), v] as [string, unknown]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (!isStorableText(k)) return [...path, "(key)"];
    const found = findUnstorableText(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}
