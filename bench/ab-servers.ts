// Server variants side by side on one page, interleaved in one run: each variant is the
// built server of a checkout (`dir`, default this one) started with extra node flags and
// environment, and gets the same load in alternating rounds; it prints CPU per request
// (from /proc), req/s and peak RSS. How the third pass of issue 12 was measured
// (docs/decisions/0017-serving-speed.md): the checkout before it (`git archive <commit> | tar
// -x -C <dir>`, `npm ci` and `npm run build` there) against this one, and V8 flags against
// none. Not part of `npm run bench`.
//
//   AB='[{"name":"before","dir":"/tmp/before"},{"name":"now"}]' npx tsx bench/ab-servers.ts
//
// AB_PATH (/discover), AB_ROUNDS (5), AB_SECONDS (5), AB_ROWS (20,000), AB_ALLOCATIONS=1: a
// sampled allocation profile of the first variant instead (bytes per request by function).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openBenchDb } from "./lib/bench-db";
import { bulkLoad } from "./feed-depth";
import { cpuMs, load, peakRssMiB, serveApp, type Served } from "./throughput";
import { INSPECT_ARGS, inspectorUrl, Profiler } from "./lib/inspector";
import { createDb } from "../server/adapters/db/client";
import { createApiToken } from "../server/users/api-tokens";

type Variant = { name: string; flags?: string[]; env?: Record<string, string>; dir?: string };
const variants: Variant[] = JSON.parse(process.env.AB ?? '[{"name":"this checkout"}]');
const rounds = Number(process.env.AB_ROUNDS ?? 5);
const seconds = Number(process.env.AB_SECONDS ?? 5);
const target = process.env.AB_PATH ?? "/discover";
const allocations = process.env.AB_ALLOCATIONS === "1";

const benchDb = await openBenchDb();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ab-data-"));
const { db, pool } = createDb({ url: benchDb.url });
const served: Served[] = [];
try {
  await bulkLoad(benchDb.url, Number(process.env.AB_ROWS ?? 20_000));
  await db.user.create({ data: { id: "bench-reader", name: "Bench reader" } });
  const { token } = await createApiToken(db, "bench-reader", "bench");
  const headers = { authorization: `Bearer ${token}` };
  const limits = { RATE_LIMITS: "read:1000000000", RATE_LIMITS_ANONYMOUS: "read:1000000000" };
  const home = process.cwd();
  for (const v of allocations ? variants.slice(0, 1) : variants) {
    // The server is started from the variant's checkout (it runs build/index.js from there).
    process.chdir(v.dir ?? home);
    try {
      served.push(
        await serveApp(benchDb.url, dataDir, { ...limits, ...v.env }, [...(v.flags ?? []), ...(allocations ? INSPECT_ARGS : [])]),
      );
    } finally {
      process.chdir(home);
    }
  }
  for (const s of served) await load(s.url + target, 8, headers);
  if (allocations) await allocationProfile(served[0]!, target, headers);
  else {
    const results = served.map(() => [] as { cpu: number; rps: number }[]);
    for (let r = 0; r < rounds; r++)
      for (const [i, s] of served.entries()) {
        const c0 = cpuMs(s.pid);
        const l = await load(s.url + target, seconds, headers);
        if (l.non2xx || l.errors) throw new Error(`${variants[i]!.name}: ${l.non2xx} non-2xx, ${l.errors} errors`);
        results[i]!.push({ cpu: (cpuMs(s.pid) - c0) / l.requests, rps: l.rps });
      }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    for (const [i, s] of served.entries()) {
      const cpus = results[i]!.map((x) => x.cpu);
      console.log(
        `${variants[i]!.name.padEnd(24)} ${median(cpus).toFixed(3)} ms CPU/request (rounds ${cpus.map((c) => c.toFixed(2)).join(" ")}) · ` +
          `${median(results[i]!.map((x) => x.rps)).toFixed(0)} req/s · peak RSS ${peakRssMiB(s.pid)} MiB`,
      );
    }
  }
} finally {
  for (const s of served) await s.stop();
  await db.$disconnect();
  await pool.end();
  await benchDb.stop();
}

type HeapNode = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] };

/** V8's sampling heap profiler over one load, collected objects included: bytes per request by function. */
async function allocationProfile(s: Served, url: string, headers: Record<string, string>) {
  const inspector = await Profiler.connect(inspectorUrl(s.output()));
  const send = <T>(method: string, params: Record<string, unknown> = {}) => inspector.send<T>(method, params);
  await send("HeapProfiler.enable");
  await send("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const l = await load(s.url + url, seconds, headers);
  const { profile } = await send<{ profile: { head: HeapNode } }>("HeapProfiler.stopSampling");
  inspector.close();
  const bytes = new Map<string, number>();
  const walk = (n: HeapNode) => {
    const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("node_modules/").pop()}:${n.callFrame.lineNumber}`;
    bytes.set(key, (bytes.get(key) ?? 0) + n.selfSize);
    n.children.forEach(walk);
  };
  walk(profile.head);
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  console.log(`${l.requests} requests, ${(total / l.requests / 1024).toFixed(0)} KiB allocated per request (sampled)`);
  for (const [key, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, 30))
    console.log(`${((100 * b) / total).toFixed(1).padStart(5)} % ${(b / l.requests / 1024).toFixed(1).padStart(6)} KiB  ${key}`);
}
