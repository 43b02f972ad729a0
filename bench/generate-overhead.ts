// Figure 1: what the platform adds around a model call. `generate` runs through the real
// tRPC caller (validation, moderation, DB rows, image inspection, thumbnail, storage) with
// an instant in-process model, so the model's own time is zero; the baseline, interleaved
// sample by sample in the same run, is a bare pg INSERT of the same finished row plus a
// bare fs write of the same image bytes.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { makeThumbnail } from "../server/generations/generate-image";
import { createModelPort } from "../server/adapters/models/create-model-port";
import type { ModelPort } from "../server/adapters/models/model-port";
import { renderProcedural } from "../server/adapters/models/local/procedural-renderer";
import { createDiskStorage } from "../server/adapters/storage/disk-storage";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { createServices } from "../server/services";
import { createContextInner } from "../server/trpc/context";
import { createCaller } from "../server/trpc/root";
import type { SessionUser } from "../server/users/session-user";
import type { Report } from "./lib/report";
import { ms, ratio, timeInterleaved } from "./lib/stats";

const PROMPT = "a lighthouse on a rocky island at sunset";
const BETTER = "a lighthouse on a rocky island at sunset, golden hour light, crashing waves, wide shot";

/** The app's models port with its calls answered instantly: same port, zero model time. */
export function instantModelPort(base: ModelPort, png: Buffer): ModelPort {
  return {
    ...base,
    optimize: async () => ({ betterPrompt: BETTER }),
    render: async () => ({ image: { kind: "bytes", bytes: png } }),
  };
}

export async function runGenerateOverhead(url: string, report: Report, calls = 300) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-generate-"));
  // The per-minute generate limit raised so 300 calls run; the checks themselves still run
  // (in-process store here; figure 4 times them on Redis).
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: url, DATA_DIR: dir, RATE_LIMITS: "generate:1000000000" });
  // A real 1024×1024 picture of the kind the local model draws, rendered once, untimed.
  const png = await renderProcedural({ prompt: PROMPT, seed: 7, style: "digital-art", width: 1024, height: 1024 });
  const models = instantModelPort(createModelPort(env, "local"), png);
  const services = createServices({ env, databaseUrl: url, models, storage: createDiskStorage(path.join(dir, "images")), logger: createLogger({ level: "silent" }) });
  const userId = `bench-generate-${process.pid}`;
  await services.db.user.create({ data: { id: userId, name: "bench", dailyGenLimit: 1_000_000 } });
  const user: SessionUser = { id: userId, name: "bench", email: null, imageUrl: null, dailyGenLimit: 1_000_000, via: "test" };
  const caller = createCaller(createContextInner({ services, user }));

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const baseDir = path.join(dir, "baseline");
  await fs.mkdir(baseDir, { recursive: true });
  const now = new Date();
  try {
    const generate = (i: number) => caller.generate({ prompt: `${PROMPT} ${i}`, style: "digital-art", isPublic: i % 2 === 0 });
    const baseline = async (i: number) => {
      const id = `bl${process.pid}_${i}_${randomBytes(6).toString("hex")}`;
      await client.query(
        `INSERT INTO "Generation" (id, "userId", status, "imageUrl", "thumbnailUrl", "storageKey", "thumbnailKey", width, height,
           "originalPrompt", "betterPrompt", model, provider, style, "aspectRatio", "detailLevel", seed, "isPublic",
           "optimizationDelta", "generationDuration", "optimizeMs", "renderMs", "storeMs", "retryCount", "createdAt", "updatedAt")
         VALUES ($1, $2, 'succeeded', $3, $4, $5, $6, 1024, 1024, $7, $8, 'local-procedural', 'local', 'digital-art', '1:1', 'medium',
           $9, $10, 0.5, 1, 0, 0, 1, 0, $11, $11)`,
        [id, userId, `/images/${id}.png`, `/images/${id}.thumb.webp`, `${id}.png`, `${id}.thumb.webp`, `${PROMPT} ${i}`, BETTER, Math.abs(i), i % 2 === 0, now],
      );
      await fs.writeFile(path.join(baseDir, `${id}.png`), png);
    };
    const [gen, base] = await timeInterleaved(calls, generate, baseline, 20);
    // What the thumbnail alone costs (decode 1024² PNG, resize to 512, encode WebP), the
    // largest single part of the platform's work, as the app makes it and as it did before
    // (WebP effort 4, the default), interleaved.
    const [thumb, thumbBefore] = await timeInterleaved(60, () => makeThumbnail(png), () => makeThumbnail(png, 4), 5);
    const [small, smallBefore] = await Promise.all([makeThumbnail(png), makeThumbnail(png, 4)]);

    // Where the time goes, from the timings the pipeline records on each row (whole ms).
    const { rows: [stages] } = await client.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "optimizeMs") AS optimize, percentile_cont(0.5) WITHIN GROUP (ORDER BY "renderMs") AS render,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY "storeMs") AS store, percentile_cont(0.5) WITHIN GROUP (ORDER BY "generationDuration") AS total
         FROM "Generation" WHERE "userId" = $1 AND provider = 'local' AND "storeMs" IS NOT NULL AND "id" NOT LIKE 'bl%'`,
      [userId],
    );

    report.add("generate", `generate, instant model (median/p99, n=${gen.n})`, `${ms(gen.median)} / ${ms(gen.p99)}`);
    report.add("generate", "baseline: pg INSERT + fs write (median/p99)", `${ms(base.median)} / ${ms(base.p99)}`);
    report.add("generate", "overhead ÷ baseline (median / p99)", `${ratio(gen.median, base.median)} / ${ratio(gen.p99, base.p99)}`, `thumbnail alone ${ms(thumb.median)}`);
    report.add("generate", "thumbnail: WebP effort 4 (before) vs 2 (app), median", `${ms(thumbBefore.median)} vs ${ms(thumb.median)}`, `before÷after ${ratio(thumbBefore.median, thumb.median)}; ${smallBefore.length} vs ${small.length} bytes`);
    report.add("generate", "stage medians: optimize / render+inspect / thumbnail+store / in-pipeline total", `${stages.optimize} / ${stages.render} / ${stages.store} / ${stages.total} ms`);
    report.record("generate", { calls, imageBytes: png.length, generate: gen, baseline: base, thumbnail: thumb, thumbnailEffort4: thumbBefore, thumbnailBytes: { effort2: small.length, effort4: smallBefore.length }, stageMediansMs: stages });
  } finally {
    await client.end();
    await services.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
