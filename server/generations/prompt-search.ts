// Prompt search for the feeds (docs/decisions/0015 and 0018). Full text over both prompts
// (English stemming, websearch syntax for "phrases", OR and -exclusions, and the last word
// also as the start of a word while someone is still typing it), read from the stored
// column "searchVector" (typed prompt weight A, optimized prompt weight B). When full
// text finds nothing, the words are taken as possibly misspelt:
// - discovery (everyone's public pictures) corrects each word to the most similar word of
//   the dictionary of public prompts ("PromptWord", pg_trgm over some ten thousand words)
//   and searches the corrected words; a half-typed last word is completed from the same
//   dictionary (exact words, which the GIN index answers quickly, where a `:*` prefix
//   would read every matching word's whole posting list);
// - one user's pictures (history, with private ones; a profile, public ones only: a few
//   thousand rows at most) compare the words with every run of those prompts (pg_trgm
//   word similarity) and use `:*` prefixes.
// The expressions here match the index of migration search_vector_and_words
// (`"searchVector"`, `"createdAt"::date`): change one, change both.
import { Prisma, type Db } from "../adapters/db/client";

export type SearchMode = "f" | "t";
/**
 * Whose pictures a search reads: everyone's public ones (discovery: a million rows), or
 * one user's (history: the caller's own, private ones included; a profile: that user's
 * public ones), which the user's quota keeps to thousands.
 */
export type SearchScope = "everyone" | "one user";
/**
 * The WHERE condition and the ranking score of a search; `typoThreshold` when the
 * statement needs pg_trgm's word-similarity threshold set (one user's typos); `query`,
 * the tsquery both are made of (null for one user's typos), for a statement that
 * computes it once (vectorTerms).
 */
export type SearchTerms = { match: Prisma.Sql; score: Prisma.Sql; typoThreshold: boolean; query: Prisma.Sql | null };

const vector = Prisma.sql`g."searchVector"`;
/** The creation day (UTC) a discovery search ranks within: the index's second column. */
export const searchDay = Prisma.sql`g."createdAt"::date`;
const promptDocument = Prisma.sql`(g."originalPrompt" || ' ' || coalesce(g."betterPrompt", ''))`;

// Only letters and digits reach to_tsquery or LIKE (whose own syntax would otherwise be a 500).
const WORDS = /[\p{L}\p{N}]+/gu;
const LAST_WORD = /([\p{L}\p{N}]+)$/u;

/** At most this many dictionary words complete a half-typed last word (shortest first). */
export const COMPLETIONS = 50;

/**
 * How alike a typed word and a run of a prompt must be for one user's typo fallback. pg_trgm's default (0.6) misses one dropped letter in a short word ("oter" →
 * "otter" is 0.57); the fallback runs only when full text found nothing, so looser is right.
 */
export const TYPO_SIMILARITY = 0.5;

/**
 * Typed words shorter than this are kept as typed by discovery's typo correction: trigrams of
 * one or two letters say little about what was meant.
 */
export const MIN_CORRECTED_LENGTH = 3;

/** The last word of `q` when it may still be being typed: not closed by a space or quote, not excluded. */
function halfTypedWord(q: string): { rest: string; last: string } | null {
  const last = LAST_WORD.exec(q)?.[1];
  // Inside an open quote, or an excluded -word: as written.
  if (!last || (q.split('"').length - 1) % 2 === 1) return null;
  const rest = q.slice(0, q.length - last.length);
  if (rest.endsWith("-")) return null;
  return { rest, last };
}

/**
 * The dictionary words that begin with `prefix`, shortest first (the GIN trigram index
 * answers LIKE): rows of `word`. Only words of letters and digits, which to_tsquery's
 * syntax cannot misread; the word itself is left to the exact query.
 */
function completionWords(prefix: string): Prisma.Sql {
  const word = prefix.toLowerCase();
  return Prisma.sql`SELECT w.word FROM "PromptWord" w WHERE w.word LIKE ${`${word}%`} AND w.word <> ${word} AND w.word ~ '^[[:alnum:]]+$'
    ORDER BY length(w.word), w.word LIMIT ${COMPLETIONS}`;
}

/** The words of `q` that typo correction works on, and the short ones it keeps as typed. */
function typedWords(q: string): { typed: string[]; kept: string } {
  const words = (q.toLowerCase().match(WORDS) ?? []).slice(0, 20);
  return {
    typed: words.filter((w) => w.length >= MIN_CORRECTED_LENGTH),
    kept: words.filter((w) => w.length < MIN_CORRECTED_LENGTH).join(" "),
  };
}

/**
 * Each typed word's most similar dictionary word (trigram similarity, less 0.05 for each
 * letter of difference in length, so "portriat" is "portrait", not "portra"): rows of
 * `word`, in order, NULL for a word with no similar word at all. `%` is pg_trgm's
 * similarity operator (threshold pg_trgm.similarity_threshold, 0.3): the form its GIN
 * index answers.
 */
function correctionWords(typed: string[]): Prisma.Sql {
  return Prisma.sql`SELECT c.word FROM unnest(${typed}::text[]) WITH ORDINALITY AS t(typed, i)
    LEFT JOIN LATERAL (
      SELECT w.word FROM "PromptWord" w WHERE w.word % t.typed
      ORDER BY similarity(w.word, t.typed) - 0.05 * abs(length(w.word) - length(t.typed)) DESC, w.word
      LIMIT 1) c ON true
    ORDER BY t.i`;
}

/**
 * Discovery's dictionary words looked up ahead, for a statement whose plan must see its
 * query as a constant: a page in `sort` order chooses between walking the sort's index
 * and the search index by how many rows the words match, which it can only estimate for a
 * constant (a rare word walking the likes index took seconds). Ranked pages put the same
 * lookups inside their own statement instead (one round trip).
 */
export type KnownWords = { completions: string[]; corrections: (string | null)[] };

export async function lookUpWords(db: Db, q: string, mode: SearchMode): Promise<KnownWords> {
  const half = mode === "f" ? halfTypedWord(q) : null;
  const { typed } = typedWords(q);
  const [row] = await db.$queryRaw<KnownWords[]>`SELECT
    ${half ? Prisma.sql`ARRAY(${completionWords(half.last)})` : Prisma.sql`ARRAY[]::text[]`} AS completions,
    ${mode === "t" && typed.length ? Prisma.sql`ARRAY(${correctionWords(typed)})` : Prisma.sql`ARRAY[]::text[]`} AS corrections`;
  return row ?? { completions: [], corrections: [] };
}

/**
 * Every word of `q` corrected, ANDed; words shorter than MIN_CORRECTED_LENGTH as typed.
 * NULL (matches nothing) when a word has no similar word; null when no word is long
 * enough to correct (full text already found nothing for them as typed).
 */
function correctedQuery(q: string, known?: KnownWords): Prisma.Sql | null {
  const { typed, kept } = typedWords(q);
  if (!typed.length) return null;
  if (known) {
    const words = known.corrections;
    if (words.length < typed.length || words.some((w) => w === null)) return Prisma.sql`NULL::tsquery`;
    return Prisma.sql`plainto_tsquery('english', ${[kept, ...words].join(" ")})`;
  }
  return Prisma.sql`(SELECT CASE WHEN count(c.word) = ${typed.length} THEN plainto_tsquery('english', ${kept} || ' ' || string_agg(c.word, ' ')) END
    FROM (${correctionWords(typed)}) c)`;
}

/** Full text: `q`'s websearch reading, or the same with its last word as the start of a word. */
function fullTextQuery(q: string, scope: SearchScope, known?: KnownWords): Prisma.Sql {
  const whole = Prisma.sql`websearch_to_tsquery('english', ${q})`;
  const half = halfTypedWord(q);
  if (!half) return whole;
  const rest = half.rest.trim() ? Prisma.sql`websearch_to_tsquery('english', ${half.rest}) && ` : Prisma.empty;
  if (scope === "one user") return Prisma.sql`(${whole} || (${rest}to_tsquery('english', ${`${half.last}:*`})))`;
  if (known) {
    if (!known.completions.length) return whole;
    return Prisma.sql`(${whole} || (${rest}to_tsquery('english', ${known.completions.join(" | ")})))`;
  }
  return Prisma.sql`(SELECT CASE WHEN t.started IS NULL THEN ${whole} ELSE ${whole} || (${rest}t.started) END
    FROM (SELECT to_tsquery('english', string_agg(c.word, ' | ')) FROM (${completionWords(half.last)}) c) AS t(started))`;
}

/**
 * The search's terms, or null when it cannot match anything. Discovery's dictionary
 * lookups are subqueries of the statement, or the words `known` ahead (lookUpWords).
 */
export function searchTerms(q: string, mode: SearchMode, scope: SearchScope, known?: KnownWords): SearchTerms | null {
  if (mode === "t" && scope === "one user") {
    // `doc %> q` (q's words similar to some run of the document's): word_similarity is
    // the same measure, for ranking.
    return {
      match: Prisma.sql`${promptDocument} %> ${q}`,
      score: Prisma.sql`word_similarity(${q}, ${promptDocument})`,
      typoThreshold: true,
      query: null,
    };
  }
  const query = mode === "t" ? correctedQuery(q, known) : fullTextQuery(q, scope, known);
  if (!query) return null;
  return { ...vectorTerms(query), typoThreshold: false, query };
}

/** Match and score of a tsquery (an expression, or a reference to one computed once). */
export function vectorTerms(query: Prisma.Sql): { match: Prisma.Sql; score: Prisma.Sql } {
  return { match: Prisma.sql`${vector} @@ ${query}`, score: Prisma.sql`ts_rank(${vector}, ${query})` };
}
