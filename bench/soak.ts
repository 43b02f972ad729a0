// Figure 7: memory under a mixed soak. 16 concurrent callers for BENCH_SOAK_SECONDS (60)
// against the built server (as npm start serves it): one in four calls is a `generate` on
// the offline renderer (SVG rasterised, PNG encoded, thumbnail decoded, resized, WebP
// encoded — all in sharp/libvips), the rest are reads (tRPC feeds, the /discover page,
// pictures from /images). RSS is sampled from /proc every 250 ms: the peak, and what is
// still resident 30 s after the load stops, against the same server idle before the load.
import fs from "node:fs";
import { createDb } from "../server/adapters/db/client";
import { createApiToken } from "../server/users/api-tokens";
import type { Report } from "./lib/report";
import { cpuMs, DISCOVERY_PATH, serveApp, type Served } from "./throughput";

const CONCURRENCY = 16;
const GENERATE_EVERY = 4;
const IDLE_AFTER_MS = 30_000;

/** Resident set of a process now (MiB), from /proc/<pid>/status. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export type SoakResult = {
  label: string;
  idleBeforeMiB: number;
  peakMiB: number;
  endOfLoadMiB: number;
  idleAfterMiB: number;
  generates: number;
  reads: number;
  failures: number;
  /** The server's CPU time over the load per call, a generate counting as GENERATE_EVERY - 1 reads would not: just CPU ÷ calls. */
  cpuMsPerCall: number;
  samples: Array<[number, number]>;
};

async function soakOne(app: Served, databaseUrl: string, seconds: number, label: string): Promise<SoakResult> {
  const { db, pool } = createDb({ url: databaseUrl, max: 2 });
  const userId = `bench-soak-${label.replace(/\W+/g, "-")}-${Date.now().toString(36)}`;
  let token: string;
  try {
    await db.user.create({ data: { id: userId, name: "Bench soak", dailyGenLimit: 1_000_000 } });
    token = (await createApiToken(db, userId, "soak")).token;
  } finally {
    await db.$disconnect();
    await pool.end();
  }
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const imagePaths: string[] = [];
  let generates = 0;
  let reads = 0;
  let failures = 0;

  async function generate(i: number) {
    // wait: the caller holds the call until the app's own workers have made the picture.
    const body = JSON.stringify({
      json: { prompt: `a lighthouse on a cliff at dusk, soak ${i}`, skipOptimize: i % 2 === 0, aspectRatio: "1:1", wait: true },
    });
    const res = await fetch(`${app.url}/api/trpc/generate`, { method: "POST", headers, body });
    type Picture = { imageUrl: string | null; thumbnailUrl: string | null };
    const json = (await res.json()) as { result?: { data: { json: { generations: Array<{ picture: Picture | null }> } } } };
    const picture = json.result?.data.json.generations[0]?.picture;
    if (!res.ok || !picture) throw new Error(`generate ${res.status}`);
    const { imageUrl, thumbnailUrl } = picture;
    for (const u of [imageUrl, thumbnailUrl]) if (u && imagePaths.length < 200) imagePaths.push(u);
    generates++;
  }
  async function read(i: number) {
    const pick = i % 4;
    const path =
      pick === 0
        ? DISCOVERY_PATH
        : pick === 1
          ? "/api/trpc/history"
          : pick === 2
            ? "/discover"
            : (imagePaths[i % Math.max(1, imagePaths.length)] ?? "/discover");
    const res = await fetch(app.url + path, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path} ${res.status}`);
    reads++;
  }

  // Warm up (JIT, pools, first sharp use), then take the idle baseline.
  await generate(0);
  await read(0);
  await new Promise((r) => setTimeout(r, 2000));
  const idleBeforeMiB = rssMiB(app.pid) ?? NaN;

  const samples: Array<[number, number]> = [];
  const cpu0 = cpuMs(app.pid);
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const rss = rssMiB(app.pid);
    if (rss != null) samples.push([Math.round(performance.now() - t0), rss]);
  }, 250);
  const until = t0 + seconds * 1000;
  let n = 1;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const i = n++;
        try {
          await (i % GENERATE_EVERY === 0 ? generate(i) : read(i));
        } catch {
          failures++;
        }
      }
    }),
  );
  const endOfLoadMiB = rssMiB(app.pid) ?? NaN;
  const cpuMsPerCall = (cpuMs(app.pid) - cpu0) / Math.max(1, generates + reads);
  await new Promise((r) => setTimeout(r, IDLE_AFTER_MS));
  clearInterval(sampler);
  const idleAfterMiB = rssMiB(app.pid) ?? NaN;
  const peakMiB = Math.max(...samples.map(([, r]) => r));
  return { label, idleBeforeMiB, peakMiB, endOfLoadMiB, idleAfterMiB, generates, reads, failures, cpuMsPerCall, samples };
}

export type SoakVariant = { label: string; env: Record<string, string | undefined> };

/**
 * Runs the soak once per variant, each on a fresh server. The first variant is the app as
 * shipped; the others (e.g. without its memory settings) are the baseline it is read against.
 */
export async function runSoak(databaseUrl: string, dataDir: string, report: Report, opts: { seconds: number; variants: SoakVariant[] }) {
  const results: SoakResult[] = [];
  for (const v of opts.variants) {
    const app = await serveApp(databaseUrl, dataDir, {
      RATE_LIMITS: "generate:1000000,optimize:1000000,read:1000000000,write:1000000",
      MAX_QUEUED_PER_USER: "64",
      ...v.env,
    });
    try {
      results.push(await soakOne(app, databaseUrl, opts.seconds, v.label));
    } finally {
      await app.stop();
    }
  }
  const [shipped] = results;
  for (const r of results) {
    report.add(
      "soak",
      `${r.label}: ${CONCURRENCY} callers × ${opts.seconds} s, 1 in ${GENERATE_EVERY} a generate`,
      `peak ${r.peakMiB} MiB · ${IDLE_AFTER_MS / 1000} s after ${r.idleAfterMiB} MiB`,
      `idle before ${r.idleBeforeMiB} MiB (peak ${(r.peakMiB / r.idleBeforeMiB).toFixed(2)}×, after ${(r.idleAfterMiB / r.idleBeforeMiB).toFixed(2)}×); ` +
        `${r.generates} generates, ${r.reads} reads, ${r.cpuMsPerCall.toFixed(1)} ms server CPU a call${r.failures ? `, ${r.failures} FAILED` : ""}`,
    );
  }
  for (const r of results.slice(1)) {
    report.add(
      "soak",
      `shipped ÷ ${r.label}: peak · after · CPU a call`,
      `${(shipped!.peakMiB / r.peakMiB).toFixed(2)}× · ${(shipped!.idleAfterMiB / r.idleAfterMiB).toFixed(2)}× · ${(shipped!.cpuMsPerCall / r.cpuMsPerCall).toFixed(2)}×`,
    );
  }
  report.record("soak", {
    concurrency: CONCURRENCY,
    generateEvery: GENERATE_EVERY,
    idleAfterMs: IDLE_AFTER_MS,
    seconds: opts.seconds,
    results,
  });
}
