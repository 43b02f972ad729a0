-- Likes and the top / trending sorts (issue 11). trendingScore is generated from the row
-- alone: ln(1 + likes) plus the creation time in units of 12 hours, so 2.7 times the
-- likes are worth being 12 hours newer, and a page cursor on it never goes stale.
-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "likeCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "trendingScore" DOUBLE PRECISION GENERATED ALWAYS AS (ln(1 + "likeCount") + date_part('epoch', "createdAt") / 43200) STORED;

-- CreateTable
CREATE TABLE "Like" (
    "userId" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Like_pkey" PRIMARY KEY ("userId","generationId")
);

-- CreateIndex
CREATE INDEX "Like_generationId_idx" ON "Like"("generationId");

-- CreateIndex
CREATE INDEX "Generation_isPublic_likeCount_createdAt_id_idx" ON "Generation"("isPublic", "likeCount" DESC, "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_isPublic_trendingScore_createdAt_id_idx" ON "Generation"("isPublic", "trendingScore" DESC, "createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "Like" ADD CONSTRAINT "Like_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Like" ADD CONSTRAINT "Like_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "Generation"("id") ON DELETE CASCADE ON UPDATE CASCADE;


