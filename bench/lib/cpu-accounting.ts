// Where CPU goes while a bench figure runs, from /proc (Linux): a process group (a worker
// process is tsx plus the node process it starts), a PostgreSQL server (the postmaster,
// its live backends and what its exited children used), this process, and the whole
// machine (so what other users of a shared machine took shows up as "others").
import fs from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

type Stat = { pid: number; ppid: number; pgrp: number; cpuMs: number; childrenCpuMs: number };

function readStat(pid: number, file = `/proc/${pid}/stat`): Stat | null {
  try {
    const raw = fs.readFileSync(file, "utf8");
    // Fields after "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const f = raw.slice(raw.lastIndexOf(") ") + 2).split(" ");
    return {
      pid,
      ppid: Number(f[1]),
      pgrp: Number(f[2]),
      cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS,
      childrenCpuMs: (Number(f[13]) + Number(f[14])) * TICK_MS,
    };
  } catch {
    return null; // gone meanwhile
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** CPU ms used so far by every live process of these process groups. */
export function processGroupCpuMs(pgids: number[]): number {
  const groups = new Set(pgids);
  return allStats()
    .filter((s) => groups.has(s.pgrp))
    .reduce((sum, s) => sum + s.cpuMs, 0);
}

/** CPU ms used so far by the main thread (the JavaScript thread, for node) of every live process of these groups. */
export function processGroupMainThreadCpuMs(pgids: number[]): number {
  const groups = new Set(pgids);
  return allStats()
    .filter((s) => groups.has(s.pgrp))
    .reduce((sum, s) => sum + (readStat(s.pid, `/proc/${s.pid}/task/${s.pid}/stat`)?.cpuMs ?? 0), 0);
}

/**
 * CPU ms a PostgreSQL server has used so far: the postmaster, its live children, and its
 * exited (reaped) children. Give it any backend's pid (SELECT pg_backend_pid()).
 */
export function postgresCpuMs(backendPid: number): number {
  const postmaster = readStat(backendPid)?.ppid;
  if (!postmaster) return NaN;
  const root = readStat(postmaster);
  if (!root) return NaN;
  const children = allStats().filter((s) => s.ppid === postmaster);
  return root.cpuMs + root.childrenCpuMs + children.reduce((sum, s) => sum + s.cpuMs, 0);
}

/** This process's CPU ms so far (all its threads). */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Machine-wide CPU ms so far, busy and idle (summed over cores), from /proc/stat. */
export function machineCpuMs(): { busy: number; idle: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return { busy: (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS, idle: (idle! + iowait!) * TICK_MS };
}

export type CpuSnapshot = {
  at: number;
  workers: number;
  workersMainThreads: number;
  postgres: number;
  bench: number;
  machine: { busy: number; idle: number };
};

export function cpuSnapshot(workerGroups: number[], backendPid: number): CpuSnapshot {
  return {
    at: performance.now(),
    workers: processGroupCpuMs(workerGroups),
    workersMainThreads: processGroupMainThreadCpuMs(workerGroups),
    postgres: postgresCpuMs(backendPid),
    bench: ownCpuMs(),
    machine: machineCpuMs(),
  };
}

/**
 * Per job: CPU ms of the worker processes (and of their JavaScript threads alone), PostgreSQL,
 * this process and everything else; the machine's idle share and busy cores; and how busy
 * the busiest possible JavaScript thread was (main-thread CPU ÷ wall time ÷ processes).
 */
export type CpuPerJob = {
  workers: number;
  workersMainThreads: number;
  postgres: number;
  bench: number;
  others: number;
  idlePercent: number;
  coresBusy: number;
  mainThreadBusy: number;
};

export function cpuPerJob(a: CpuSnapshot, b: CpuSnapshot, jobs: number, processes: number): CpuPerJob {
  const workers = b.workers - a.workers;
  const postgres = b.postgres - a.postgres;
  const bench = b.bench - a.bench;
  const busy = b.machine.busy - a.machine.busy;
  const idle = b.machine.idle - a.machine.idle;
  const wall = Math.max(1, b.at - a.at);
  return {
    workers: workers / jobs,
    workersMainThreads: (b.workersMainThreads - a.workersMainThreads) / jobs,
    mainThreadBusy: (b.workersMainThreads - a.workersMainThreads) / wall / processes,
    postgres: postgres / jobs,
    bench: bench / jobs,
    others: Math.max(0, busy - workers - postgres - bench) / jobs,
    idlePercent: (100 * idle) / Math.max(1, busy + idle),
    coresBusy: busy / wall,
  };
}
