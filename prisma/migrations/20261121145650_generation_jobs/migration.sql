-- AlterEnum
BEGIN;
CREATE TYPE "GenerationStatus_new" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'deleted');
ALTER TABLE "public"."Generation" ALTER COLUMN "status" DROP DEFAULT;
-- A "pending" row belonged to an in-request generation whose process died: it can never
-- finish, so it becomes failed (which refunds nothing: failures never counted).
ALTER TABLE "Generation" ALTER COLUMN "status" TYPE "GenerationStatus_new" USING (
  CASE WHEN "status"::text = 'pending' THEN 'failed' ELSE "status"::text END
)::"GenerationStatus_new";
ALTER TYPE "GenerationStatus" RENAME TO "GenerationStatus_old";
ALTER TYPE "GenerationStatus_new" RENAME TO "GenerationStatus";
DROP TYPE "public"."GenerationStatus_old";
ALTER TABLE "Generation" ALTER COLUMN "status" SET DEFAULT 'queued';
COMMIT;

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "batchId" TEXT,
ADD COLUMN     "errorCode" TEXT,
ADD COLUMN     "errorDetails" JSONB,
ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "optimize" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "progressId" TEXT,
ADD COLUMN     "queueLane" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "queuePriority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reservedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "stage" TEXT,
ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "workerId" TEXT,
ALTER COLUMN "status" SET DEFAULT 'queued';

-- Existing pictures took their quota unit when they were made, not now.
UPDATE "Generation" SET "reservedAt" = "createdAt", "finishedAt" = "updatedAt";

-- CreateTable
-- UNLOGGED: a per-minute counter lives two minutes, and a commit need not wait for a WAL flush
-- on every request. A clean restart keeps the rows, a PostgreSQL crash empties the table
-- (everyone starts a fresh minute). Daily quotas are Generation rows, fully durable.
CREATE UNLOGGED TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "windowMs" INTEGER NOT NULL,
    "window" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key","windowMs","window")
);

-- CreateIndex
CREATE INDEX "RateLimitCounter_expiresAt_idx" ON "RateLimitCounter"("expiresAt");

-- CreateIndex
CREATE INDEX "Generation_userId_reservedAt_idx" ON "Generation"("userId", "reservedAt");

-- CreateIndex
CREATE INDEX "Generation_status_queuePriority_reservedAt_id_idx" ON "Generation"("status", "queuePriority", "reservedAt", "id");

