// The domain's enqueue as it was before it became one statement (commit 86e6ac3), kept
// only so figure 1 can time before and after in the same run, interleaved: a transaction
// of four round trips on the pg pool — BEGIN + the user's lock, the quota/queue count,
// the rows + their jobs, COMMIT — with the rule in TypeScript. Same statements as then.
import { randomInt, randomUUID } from "node:crypto";
import { Prisma } from "../../server/adapters/db/client";
import { inTransaction } from "../../server/adapters/db/sql";
import { addJobsSql } from "../../server/adapters/queue/graphile-queue";
import { AppError } from "../../server/errors";
import { jobSpecFor, newGenerationId, type EnqueueDeps } from "../../server/generations/enqueue-generations";
import { jobSettings, NOW_UTC, userLockKey } from "../../server/generations/job-settings";
import { resolveImageModel } from "../../server/generations/resolve-model";
import type { GenerateInput } from "../../server/generations/schemas";
import { dailyQuota } from "../../server/limits/catalogue";
import { rateLimitedError } from "../../server/limits/limit-error";
import { moderateText } from "../../server/moderation/moderate";

const counted = Prisma.sql`'queued'::"GenerationStatus", 'running'::"GenerationStatus", 'succeeded'::"GenerationStatus", 'deleted'::"GenerationStatus"`;
const inFlight = Prisma.sql`'queued'::"GenerationStatus", 'running'::"GenerationStatus"`;

function assignLanes(inFlightLanes: number[], lanes: number, count: number): number[] {
  const load = Array.from({ length: lanes }, (_, i) => inFlightLanes.filter((l) => l === i).length);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const lane = load.indexOf(Math.min(...load));
    load[lane]! += 1;
    out.push(lane);
  }
  return out;
}

export async function enqueueBefore(deps: EnqueueDeps, userId: string, input: GenerateInput): Promise<void> {
  const settings = jobSettings(deps.env);
  const model = resolveImageModel(deps.models, input.model, input.aspectRatio);
  await moderateText(deps.db, userId, "input", [input.prompt, input.negativePrompt]);
  const size = model.sizes[input.aspectRatio]!;
  const base = input.seed ?? randomInt(0, 2_147_483_647);
  const batchId = randomUUID();
  const items = Array.from({ length: input.count }, (_, i) => ({ id: newGenerationId(), seed: model.supportsSeed ? base + i : null }));
  await inTransaction(
    deps.pool,
    async (run) => {
      const [usage] = await run<{ limit: number; used: string; inFlight: string; lanes: number[] | null }>(Prisma.sql`
        SELECT u."dailyGenLimit" AS "limit",
               count(g.id) FILTER (WHERE g.status IN (${counted})) AS used,
               count(g.id) FILTER (WHERE g.status IN (${inFlight})) AS "inFlight",
               array_agg(g."queueLane") FILTER (WHERE g.status IN (${inFlight})) AS lanes,
               min(g."reservedAt") FILTER (WHERE g.status IN (${counted})) AT TIME ZONE 'UTC' AS oldest
        FROM "User" u
        LEFT JOIN "Generation" g ON g."userId" = u.id AND g."reservedAt" > ${NOW_UTC} - make_interval(secs => ${dailyQuota.windowMs / 1000})
        WHERE u.id = ${userId}
        GROUP BY u.id`);
      if (!usage) throw new AppError("UNAUTHORIZED", "Your account no longer exists.");
      const used = Number(usage.used);
      const flying = Number(usage.inFlight);
      if (used + input.count > usage.limit) throw rateLimitedError({ limit: "daily", max: usage.limit, remaining: 0, resetAt: "" });
      if (flying + input.count > settings.maxQueuedPerUser)
        throw rateLimitedError({ limit: "queue", max: settings.maxQueuedPerUser, remaining: 0, resetAt: "" });
      const lanes = assignLanes(usage.lanes ?? [], settings.userConcurrency, input.count);
      const rows = items.map((item, i) => ({ ...item, userId, lane: lanes[i]!, priority: flying + i }));
      const values = rows.map(
        (r) => Prisma.sql`(${r.id}, ${userId}, 'queued'::"GenerationStatus", ${batchId}, ${size.width}::int, ${size.height}::int,
        ${input.prompt}, ${input.betterPrompt ?? null}, ${input.negativePrompt || null}, ${model.id}, ${model.provider},
        ${input.style ?? null}, ${input.aspectRatio}, ${input.detailLevel}, ${r.seed}::int, ${input.isPublic},
        ${!input.betterPrompt && !input.skipOptimize}, ${input.progressId ?? null}, ${r.priority}::int, ${r.lane}::int,
        ${NOW_UTC}, ${NOW_UTC}, ${NOW_UTC}, ${null})`,
      );
      await run(Prisma.sql`
      WITH rows AS (
        INSERT INTO "Generation" (id, "userId", status, "batchId", width, height, "originalPrompt", "betterPrompt", "negativePrompt",
          model, provider, style, "aspectRatio", "detailLevel", seed, "isPublic", optimize, "progressId", "queuePriority", "queueLane",
          "reservedAt", "createdAt", "updatedAt", "parentId")
        VALUES ${Prisma.join(values)}
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM rows), (${addJobsSql(rows.map((r) => jobSpecFor(settings, r)))} LIMIT 1)`);
    },
    `BEGIN; SELECT pg_advisory_xact_lock(${userLockKey(userId)})`,
  );
}
