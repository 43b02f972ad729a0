// Figures 3 and 5: requests/s and p99 at 64 connections (autocannon, 127.0.0.1, fixed
// durations) for (a) tRPC `discovery` over HTTP and (b) the server-rendered /discover page
// on the built app under remix-serve, against (c) a bare node:http + pg server answering
// the same query; and the app server's peak RSS (VmHWM) over all of it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import type { Report } from "./lib/report";
import { startAppServer, stopChild } from "../server/cli/app-process";
import { buildApp as buildOnce } from "../server/cli/build";
import { ratio } from "./lib/stats";
import { formatProfile, summarizeProfile } from "./lib/cpu-profile";
import { Profiler } from "./lib/inspector";

const CONNECTIONS = 64;
const ROUNDS = 3;
const WARM_UP_SECONDS = 6;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 Hz on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

type Round = Load & { cpuMsPerRequest: number };

/** Rounds of one target: median throughput, p99 and CPU per request; totals of the counts. */
function combine(rs: Round[]): Round {
  const med = (f: (r: Round) => number) => [...rs.map(f)].sort((x, y) => x - y)[Math.floor(rs.length / 2)]!;
  const sum = (f: (r: Round) => number) => rs.reduce((acc, r) => acc + f(r), 0);
  return {
    rps: med((r) => r.rps),
    p50: med((r) => r.p50),
    p99: med((r) => r.p99),
    cpuMsPerRequest: med((r) => r.cpuMsPerRequest),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    bytesPerRequest: med((r) => r.bytesPerRequest),
  };
}

const cpuFmt = (l: Round) => `${l.cpuMsPerRequest.toFixed(2)} ms CPU/request`;

export type Served = { url: string; pid: number; output: () => string; stop: () => Promise<void> };

/** `npm run build` once per bench run (the app as `npm start` serves it). */
export async function buildApp(): Promise<void> {
  const out = await buildOnce();
  if (!out.ok) throw new Error(`remix build failed:\n${out.output}`);
}

/** The built app as `npm start` serves it, in production mode, on the bench database. */
export async function serveApp(
  databaseUrl: string,
  dataDir: string,
  extraEnv: Record<string, string | undefined> = {},
  nodeArgs: string[] = [],
): Promise<Served> {
  const app = await startAppServer(
    {
      APP_ENV: "production",
      ALLOW_EMBEDDED_IN_PRODUCTION: "true",
      ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      ...extraEnv,
    },
    30_000,
    nodeArgs,
  );
  return { url: app.url, pid: app.pid, output: app.output, stop: app.stop };
}

async function serveBaseline(databaseUrl: string): Promise<Served> {
  const child = spawn(process.execPath, [path.join("bench", "baseline-server.mjs")], {
    env: { ...process.env, BASELINE_DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (d) => (output += d));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (d) => resolve(Number(String(d).trim())));
    child.once("exit", () => reject(new Error(`baseline server exited:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => output, stop: () => stopChild(child) };
}

/** Peak resident set of a process so far (kB → MiB), from the kernel's own high-water mark. */
export function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export type Load = { rps: number; p50: number; p99: number; requests: number; non2xx: number; errors: number; bytesPerRequest: number };

export async function load(url: string, duration: number, headers: Record<string, string> = {}): Promise<Load> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration, timeout: 30, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    bytesPerRequest: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

const fmt = (l: Load) => `${Math.round(l.rps)} req/s · p99 ${l.p99} ms`;
const health = (l: Load) => (l.non2xx || l.errors ? `${l.non2xx} non-2xx, ${l.errors} errors!` : `${l.requests} requests, all 2xx`);

export const DISCOVERY_PATH = `/api/trpc/discovery?input=${encodeURIComponent(JSON.stringify({ json: { limit: 24 } }))}`;

export type Target = {
  key: string;
  label: string;
  url: string;
  pid: number;
  headers: Record<string, string>;
  /** Which ratio target it is held to (issue 12): CPU per request ÷ the bare server's. */
  cpuTarget?: number;
  /** Requests per second at least this × the bare server's. */
  rpsTarget?: number;
  /** p99 latency at most this × the bare server's. */
  p99Target?: number;
};

export type ThroughputOptions = {
  duration: number;
  targets: Omit<Target, "pid">[];
  /** The server each target's URL belongs to (pid for CPU and profiles). */
  pidOf: (url: string) => number;
  /** Where to write one .cpuprofile per target (profiles taken after the measured rounds). */
  profile?: { dir: string; inspectorOf: (pid: number) => string };
};

const fmtTarget = (t: { cpuTarget?: number; rpsTarget?: number; p99Target?: number }) =>
  [
    t.cpuTarget ? `CPU ≤ ${t.cpuTarget}×` : null,
    t.p99Target ? `p99 ≤ ${t.p99Target}×` : null,
    t.rpsTarget ? `req/s ≥ ${t.rpsTarget}×` : null,
  ]
    .filter(Boolean)
    .join(", ");

export async function runThroughput(app: Served, databaseUrl: string, report: Report, opts: ThroughputOptions) {
  const baseline = await serveBaseline(databaseUrl);
  const rssBefore = peakRssMiB(app.pid);
  try {
    // Every target answers 200 before any load (a 4xx under load would measure nothing).
    for (const t of opts.targets) {
      const res = await fetch(t.url, { headers: t.headers });
      const body = await res.text();
      if (!res.ok) throw new Error(`${t.label} answered ${res.status}: ${body.slice(0, 300)}`);
    }
    const targets: Target[] = [
      { key: "c", label: "bare node:http + pg, same query", url: baseline.url, pid: baseline.pid, headers: {} },
      ...opts.targets.map((t) => ({ ...t, pid: opts.pidOf(t.url) })),
    ];
    // Warm-ups so JIT, pools and caches are hot for each (a server-rendered page takes
    // ~10 s of load on this machine to reach its steady CPU per request; 2 s measured the
    // compiler), then rounds that alternate the targets: load from elsewhere on a shared
    // machine drifts, and alternating spreads it over all of them alike.
    for (const t of targets) await load(t.url, WARM_UP_SECONDS, t.headers);
    const rounds: Record<string, Round[]> = Object.fromEntries(targets.map((t) => [t.key, []]));
    const roundSeconds = Math.max(2, Math.ceil(opts.duration / ROUNDS));
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of targets) {
        const cpu0 = cpuMs(t.pid);
        const l = await load(t.url, roundSeconds, t.headers);
        rounds[t.key]!.push({ ...l, cpuMsPerRequest: l.requests ? (cpuMs(t.pid) - cpu0) / l.requests : NaN });
      }
    }
    const c = combine(rounds.c!);
    const label = `${CONNECTIONS} conns, ${ROUNDS}×${roundSeconds} s`;
    report.add("throughput", `(c) baseline node:http + pg, ${label}`, fmt(c), `${cpuFmt(c)}; ${health(c)}`);
    const results: Record<string, Round & { rpsRatio: number; p99Ratio: number; cpuRatio: number; met: boolean | null }> = {};
    for (const t of targets.slice(1)) {
      const x = combine(rounds[t.key]!);
      const cpuRatio = x.cpuMsPerRequest / c.cpuMsPerRequest;
      const rpsRatio = x.rps / c.rps;
      const p99Ratio = x.p99 / c.p99;
      const met =
        t.cpuTarget || t.rpsTarget || t.p99Target
          ? (!t.cpuTarget || cpuRatio <= t.cpuTarget) &&
            (!t.rpsTarget || rpsRatio >= t.rpsTarget) &&
            (!t.p99Target || p99Ratio <= t.p99Target)
          : null;
      results[t.key] = { ...x, rpsRatio, p99Ratio, cpuRatio, met };
      report.add(
        "throughput",
        `(${t.key}) ${t.label}`,
        `${fmt(x)} · ${ratio(x.rps, c.rps)} req/s · ${ratio(x.p99, c.p99)} p99 · ${ratio(x.cpuMsPerRequest, c.cpuMsPerRequest)} CPU`,
        `${cpuFmt(x)}; ${health(x)}${met === null ? "" : `; target ${fmtTarget(t)}: ${met ? "met" : "NOT met"}`}`,
      );
    }
    const peak = peakRssMiB(app.pid);
    report.add(
      "memory",
      "app server peak RSS during figure 3",
      peak == null ? "n/a" : `${peak} MiB`,
      `${rssBefore} MiB before load; baseline server ${peakRssMiB(baseline.pid)} MiB; target ≤ 300 MB (286 MiB)`,
    );
    report.record("throughput", {
      connections: CONNECTIONS,
      rounds: ROUNDS,
      roundSeconds,
      baseline: c,
      targets: targets.slice(1).map(({ key, label, cpuTarget, rpsTarget, p99Target }) => ({ key, label, cpuTarget, rpsTarget, p99Target })),
      results,
      perRound: rounds,
    });
    report.record("memory", { appPeakRssMiB: peak, appPeakRssBeforeLoadMiB: rssBefore, baselinePeakRssMiB: peakRssMiB(baseline.pid) });

    if (opts.profile) await profileTargets(targets, baseline, opts.profile, report);
  } finally {
    await baseline.stop();
  }
}

/** One CPU profile per target, over a load of its own: bench/results/profiles/<run>/<target>.cpuprofile. */
async function profileTargets(targets: Target[], baseline: Served, profile: NonNullable<ThroughputOptions["profile"]>, report: Report) {
  fs.mkdirSync(profile.dir, { recursive: true });
  const summaries: Record<string, unknown> = {};
  for (const t of targets) {
    if (t.pid === baseline.pid) continue;
    const profiler = await Profiler.connect(profile.inspectorOf(t.pid));
    try {
      await profiler.start();
      const l = await load(t.url, 4, t.headers);
      const file = path.join(profile.dir, `${t.key}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(await profiler.stop()));
      const summary = summarizeProfile(file, 12);
      summaries[t.key] = { file, requests: l.requests, ...summary };
      process.stdout.write(`  profile (${t.key}) ${t.label}: ${file}\n${formatProfile(summary, l.requests)}\n`);
    } finally {
      profiler.close();
    }
  }
  report.add("throughput", "CPU profiles (one per target)", profile.dir);
  report.record("profiles", summaries);
}
