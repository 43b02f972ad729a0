-- Remix lineage (issue 11): which picture a picture remixes. No foreign key, so a deleted
-- parent leaves its id behind (its remixes say they came from a deleted picture).

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "parentId" TEXT;

-- CreateIndex
CREATE INDEX "Generation_parentId_createdAt_idx" ON "Generation"("parentId", "createdAt" DESC);


