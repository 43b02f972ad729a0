// Prompt search for the feeds: PostgreSQL full text over both prompts (English stemming,
// websearch syntax for "phrases", OR and -exclusions, and the last word as a prefix
// while someone is still typing it), then pg_trgm word similarity when full text finds
// nothing (typos). The document expressions are exactly those of the GIN indexes in
// migration 20261121160500_prompt_search: change one, change both.
import { Prisma } from "../adapters/db/client";

export type SearchMode = "f" | "t";

export const promptDocument = Prisma.sql`(g."originalPrompt" || ' ' || coalesce(g."betterPrompt", ''))`;
const promptVector = Prisma.sql`to_tsvector('english'::regconfig, ${promptDocument})`;

// Only letters and digits reach to_tsquery (whose own syntax would otherwise be a 500).
const LAST_WORD = /([\p{L}\p{N}]+)$/u;

/** The tsquery for `q`: its websearch reading, or the same with its last word as a prefix. */
function tsQuery(q: string): Prisma.Sql {
  const whole = Prisma.sql`websearch_to_tsquery('english', ${q})`;
  // A closing quote or a space after the last word means the word is finished.
  const last = LAST_WORD.exec(q)?.[1];
  // Inside an open quote, or an excluded -word: as written.
  if (!last || (q.split('"').length - 1) % 2 === 1) return whole;
  const rest = q.slice(0, q.length - last.length);
  if (rest.endsWith("-")) return whole;
  const prefix = Prisma.sql`to_tsquery('english', ${`${last}:*`})`;
  const withPrefix = rest.trim() ? Prisma.sql`(websearch_to_tsquery('english', ${rest}) && ${prefix})` : prefix;
  return Prisma.sql`(${whole} || ${withPrefix})`;
}

/**
 * How alike a typed word and a word of the prompt must be for the typo fallback.
 * pg_trgm's default (0.6) misses one dropped letter in a short word ("oter" → "otter" is
 * 0.57); the fallback runs only when full text found nothing, so looser is right.
 */
export const TYPO_SIMILARITY = 0.5;

/** The WHERE condition and the ranking score of a search in the given mode. */
export function searchTerms(q: string, mode: SearchMode): { match: Prisma.Sql; score: Prisma.Sql } {
  if (mode === "t") {
    // `doc %> q` (q's words similar to some run of the document's) is what the trigram
    // GIN index answers; word_similarity is the same measure, for ranking.
    return { match: Prisma.sql`${promptDocument} %> ${q}`, score: Prisma.sql`word_similarity(${q}, ${promptDocument})` };
  }
  const query = tsQuery(q);
  return { match: Prisma.sql`${promptVector} @@ ${query}`, score: Prisma.sql`ts_rank(${promptVector}, ${query})` };
}
