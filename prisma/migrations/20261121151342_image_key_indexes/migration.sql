-- CreateIndex
CREATE INDEX "Generation_storageKey_idx" ON "Generation"("storageKey");

-- CreateIndex
CREATE INDEX "Generation_thumbnailKey_idx" ON "Generation"("thumbnailKey");
