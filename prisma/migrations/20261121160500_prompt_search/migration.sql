-- Prompt search (issue 11): full text over both prompts, and trigrams for typos.
-- pg_trgm ships in the PostgreSQL contrib package (the embedded PostgreSQL from npm has
-- it too) and is a trusted extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Expression indexes, not columns: schema.prisma cannot describe them and the Prisma
-- diff leaves them alone. server/generations/prompt-search.ts writes the same
-- expressions (the planner uses an index only when the text matches exactly). No semicolons in comments: the driver adapter splits on them.
CREATE INDEX "Generation_prompt_fts_idx" ON "Generation"
  USING GIN (to_tsvector('english'::regconfig, "originalPrompt" || ' ' || coalesce("betterPrompt", '')));

CREATE INDEX "Generation_prompt_trgm_idx" ON "Generation"
  USING GIN (("originalPrompt" || ' ' || coalesce("betterPrompt", '')) gin_trgm_ops);
