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

const CONNECTIONS = 64;
const ROUNDS = 3;

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
export async function serveApp(databaseUrl: string, dataDir: string, extraEnv: Record<string, string | undefined> = {}): Promise<Served> {
  const app = await startAppServer({
    APP_ENV: "production",
    ALLOW_EMBEDDED_IN_PRODUCTION: "true",
    ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    ...extraEnv,
  });
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

export type ThroughputOptions = {
  duration: number;
  ssrPath: string | null;
  ssrMissing?: string;
  /** Sent with every app request (a signed-in caller's API token). */
  headers?: Record<string, string>;
};

export async function runThroughput(app: Served, databaseUrl: string, report: Report, opts: ThroughputOptions) {
  // The same page three ways; check each answers before loading it.
  const headers = opts.headers ?? {};
  const probe = await fetch(app.url + DISCOVERY_PATH, { headers });
  if (!probe.ok) throw new Error(`discovery over HTTP answered ${probe.status}: ${await probe.text()}`);
  const baseline = await serveBaseline(databaseUrl);
  const rssBefore = peakRssMiB(app.pid);
  try {
    const bodyItems = ((await probe.json()) as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items.length;
    const base = (await (await fetch(baseline.url)).json()) as { items: unknown[] };
    if (bodyItems !== base.items.length) throw new Error(`baseline answers ${base.items.length} items, the app ${bodyItems}`);

    // Short warm-ups so JIT and pools are hot for each, then the measured runs in rounds
    // that alternate the targets (c, a, b, c, a, b, …): load from elsewhere on a shared
    // machine drifts, and alternating spreads it over all three alike.
    const targets: Array<{ key: "a" | "b" | "c"; url: string; pid: number; headers: Record<string, string> }> = [
      { key: "c", url: baseline.url, pid: baseline.pid, headers: {} },
      { key: "a", url: app.url + DISCOVERY_PATH, pid: app.pid, headers },
      ...(opts.ssrPath ? [{ key: "b" as const, url: app.url + opts.ssrPath, pid: app.pid, headers }] : []),
    ];
    for (const t of targets) await load(t.url, 2, t.headers);
    const rounds: Record<string, Array<Load & { cpuMsPerRequest: number }>> = { a: [], b: [], c: [] };
    const roundSeconds = Math.max(2, Math.ceil(opts.duration / ROUNDS));
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of targets) {
        const cpu0 = cpuMs(t.pid);
        const l = await load(t.url, roundSeconds, t.headers);
        rounds[t.key]!.push({ ...l, cpuMsPerRequest: l.requests ? (cpuMs(t.pid) - cpu0) / l.requests : NaN });
      }
    }
    const c = combine(rounds.c!);
    const a = combine(rounds.a!);
    const b = opts.ssrPath ? combine(rounds.b!) : null;
    const label = `${CONNECTIONS} conns, ${ROUNDS}×${roundSeconds} s`;
    report.add("throughput", `(c) baseline node:http + pg, ${label}`, fmt(c), `${cpuFmt(c)}; ${health(c)}`);
    report.add("throughput", "(a) tRPC discovery over HTTP", fmt(a), `${cpuFmt(a)}; ${health(a)}`);
    report.add(
      "throughput",
      "(a) ÷ (c) req/s · p99 · CPU per request",
      `${ratio(a.rps, c.rps)} · ${ratio(a.p99, c.p99)} · ${ratio(a.cpuMsPerRequest, c.cpuMsPerRequest)}`,
    );
    if (b) {
      report.add("throughput", `(b) SSR ${opts.ssrPath}`, fmt(b), `${cpuFmt(b)}; ${health(b)}`);
      report.add(
        "throughput",
        "(b) ÷ (c) req/s · p99 · CPU per request",
        `${ratio(b.rps, c.rps)} · ${ratio(b.p99, c.p99)} · ${ratio(b.cpuMsPerRequest, c.cpuMsPerRequest)}`,
      );
    } else {
      report.add("throughput", "(b) SSR /discover", `n/a (${opts.ssrMissing ?? "no /discover route"})`);
    }
    const peak = peakRssMiB(app.pid);
    report.add(
      "memory",
      "app server peak RSS during figure 3",
      peak == null ? "n/a" : `${peak} MiB`,
      `${rssBefore} MiB before load; baseline server ${peakRssMiB(baseline.pid)} MiB`,
    );
    report.record("throughput", {
      connections: CONNECTIONS,
      rounds: ROUNDS,
      roundSeconds,
      baseline: c,
      trpc: a,
      ssr: b,
      ssrPath: opts.ssrPath,
      perRound: rounds,
    });
    report.record("memory", { appPeakRssMiB: peak, appPeakRssBeforeLoadMiB: rssBefore, baselinePeakRssMiB: peakRssMiB(baseline.pid) });
  } finally {
    await baseline.stop();
  }
}
