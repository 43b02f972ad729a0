-- Prompt search at scale (issue 11, docs/decisions/0016). Replaces the two expression
-- indexes of migration prompt_search.
--
-- 1. A stored, weighted text-search vector: ranking reads it instead of running
--    to_tsvector on every match again (typed prompt weight A, optimized prompt weight B).
-- 2. One GIN index on (vector, creation day) of the public, finished pictures, the day
--    through btree_gin (contrib and trusted, like pg_trgm). Public search ranks one day
--    at a time, newest day first, and a GIN scan for "word AND day" skips through the
--    word's long posting list instead of reading all of it. Partial, so a page reads
--    only rows it may show. History (the caller's own rows, a few thousand at most) reads
--    them through its userId index. Expression index: schema.prisma cannot describe it
--    and Prisma's diff leaves it alone. server/generations/prompt-search.ts and feeds.ts
--    write the same expression and conditions ("createdAt"::date, "isPublic" = true,
--    status 'succeeded').
-- 3. PromptWord: the words of every prompt that has been public, with a trigram index,
--    kept by the triggers below. A typo is corrected to the most similar word and a half
--    typed last word completed from it, so trigrams run over some ten thousand words
--    instead of a million prompts (the whole-prompt trigram index goes).
--
-- The migration runner splits this file on every semicolon, even inside quotes and in
-- comments, so the trigger functions' bodies are E'' strings writing each semicolon as
-- the escape \073.
CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX IF EXISTS "Generation_prompt_fts_idx";
DROP INDEX IF EXISTS "Generation_prompt_trgm_idx";

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "originalPrompt"), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("betterPrompt", '')), 'B')
) STORED;

CREATE INDEX "Generation_search_idx" ON "Generation" USING GIN ("searchVector", ("createdAt"::date))
  WHERE "isPublic" AND status = 'succeeded';

-- CreateTable
CREATE TABLE "PromptWord" (
    "word" TEXT NOT NULL,

    CONSTRAINT "PromptWord_pkey" PRIMARY KEY ("word")
);

-- The words of a prompt: the 'simple' configuration's tokens (lower case, no stemming,
-- stop words kept), 2 to 40 characters, without digits (numbers, seeds and sizes are
-- nothing to correct a typo to, and would add a word with almost every picture). Inserted in word order, so two transactions
-- adding the same new words cannot deadlock.
CREATE FUNCTION "prompt_words_from_inserted"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "PromptWord" (word)
  SELECT DISTINCT w FROM new_rows n,
    unnest(tsvector_to_array(to_tsvector(''simple''::regconfig, n."originalPrompt" || '' '' || coalesce(n."betterPrompt", '''')))) w
  WHERE n."isPublic" AND length(w) BETWEEN 2 AND 40 AND w !~ ''[0-9]''
  ORDER BY w
  ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END';

CREATE FUNCTION "prompt_words_from_updated"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "PromptWord" (word)
  SELECT w FROM unnest(tsvector_to_array(to_tsvector(''simple''::regconfig, NEW."originalPrompt" || '' '' || coalesce(NEW."betterPrompt", '''')))) w
  WHERE length(w) BETWEEN 2 AND 40 AND w !~ ''[0-9]''
  ORDER BY w
  ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END';

-- Once per INSERT statement (a bulk insert reads its rows once), and per updated row only
-- when a public picture's prompt changes or a picture becomes public.
CREATE TRIGGER "Generation_prompt_words_insert" AFTER INSERT ON "Generation"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "prompt_words_from_inserted"();

CREATE TRIGGER "Generation_prompt_words_update" AFTER UPDATE OF "isPublic", "originalPrompt", "betterPrompt" ON "Generation"
  FOR EACH ROW WHEN (NEW."isPublic" AND (NOT OLD."isPublic" OR NEW."originalPrompt" IS DISTINCT FROM OLD."originalPrompt"
    OR NEW."betterPrompt" IS DISTINCT FROM OLD."betterPrompt"))
  EXECUTE FUNCTION "prompt_words_from_updated"();

-- The words of the pictures public today (after the triggers, so none made meanwhile is
-- missed), then the trigram index, built over them at once, and fresh statistics for
-- both tables, whose plans depend on them (the rewritten Generation too).
INSERT INTO "PromptWord" (word)
SELECT DISTINCT w FROM "Generation" g,
  unnest(tsvector_to_array(to_tsvector('simple'::regconfig, g."originalPrompt" || ' ' || coalesce(g."betterPrompt", '')))) w
WHERE g."isPublic" AND length(w) BETWEEN 2 AND 40 AND w !~ '[0-9]'
ON CONFLICT DO NOTHING;

-- CreateIndex
CREATE INDEX "PromptWord_word_idx" ON "PromptWord" USING GIN ("word" gin_trgm_ops);

ANALYZE "PromptWord";
ANALYZE "Generation";
