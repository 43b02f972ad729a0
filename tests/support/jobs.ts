// Looking at generation jobs from a test: rows by status, the queue's own jobs, files on
// disk, and waiting until every job of a user has settled.
import path from "node:path";
import type { Services } from "../../server/services";
import type { GenerationStatus } from "../../server/adapters/db/client";
import { filesUnder } from "./pipeline";

export async function statusCounts(db: Services["db"], userIds: string[]): Promise<Partial<Record<GenerationStatus, number>>> {
  const rows = await db.generation.groupBy({ by: ["status"], where: { userId: { in: userIds } }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
}

/** Jobs still in the queue's table for these generations (held or waiting). */
export async function queueJobs(
  db: Services["db"],
  generationIds: string[],
): Promise<Array<{ key: string; lockedBy: string | null; attempts: number }>> {
  if (!generationIds.length) return [];
  return db.$queryRaw`SELECT key, locked_by AS "lockedBy", attempts FROM graphile_worker._private_jobs
    WHERE key = ANY(${generationIds.map((id) => `gen:${id}`)}::text[])`;
}

export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Until none of these users' generations is queued or running. */
export function waitUntilSettled(db: Services["db"], userIds: string[], timeoutMs = 60_000) {
  return waitUntil(
    "every generation to settle",
    () => statusCounts(db, userIds),
    (c) => !c.queued && !c.running,
    timeoutMs,
  );
}

/** The invariant on disk: exactly the files of succeeded rows (original + thumbnail), nothing else. */
export async function filesMatchSucceededRows(db: Services["db"], dataDir: string): Promise<{ files: string[]; expected: string[] }> {
  const rows = await db.generation.findMany({ where: { status: "succeeded" }, select: { storageKey: true, thumbnailKey: true } });
  const expected = rows.flatMap((r) => [r.storageKey!, r.thumbnailKey!]).sort();
  const files = (await filesUnder(path.join(dataDir, "images"))).sort();
  return { files, expected };
}
