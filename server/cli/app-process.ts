// Runs the built app in a child process (`node build/index.js`, see app/server-main.ts)
// and waits until /healthz answers: what `npm start`, the browser tests and the
// benchmarks all serve.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import net from "node:net";
import { V8_FLAGS } from "../http/v8-flags";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * glibc malloc settings the server starts with unless the environment sets them (they are
 * read when a process starts, so they cannot be set from inside it). Under a mixed load of
 * reads and generates, glibc's defaults kept the server at 2–3× its idle RSS long after the
 * load: each thread that ran sharp/libvips got its own arena (up to 8 per core), and after
 * the first multi-MiB image buffer was freed the dynamic mmap threshold rose past image size,
 * so every later picture was carved from those arenas and their pages stayed resident.
 * With at most two arenas and buffers of 1 MiB or more always mmapped (and unmapped when
 * freed) the soak's peak and after-load RSS drop by about 40% at the same CPU per call
 * (`npm run bench -- --only soak`, docs/decisions/0014-memory-under-load.md).
 */
export const MALLOC_DEFAULTS = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "1048576" } as const;

/** The production server: build/index.js bundles the app, its server code and the HTTP server. */
export function spawnAppServer(
  env: Record<string, string | undefined>,
  stdio: StdioOptions = ["ignore", "pipe", "pipe"],
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...V8_FLAGS, ...nodeArgs, "build/index.js"], {
    env: { ...MALLOC_DEFAULTS, ...process.env, NODE_ENV: "production", ...env },
    stdio,
  });
}

export function stopChild(child: ChildProcess, graceMs = 6000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
  });
}

export type AppServer = { url: string; port: number; pid: number; output: () => string; stop: () => Promise<void> };

/** Starts the app on a free loopback port and resolves once it is healthy. */
export async function startAppServer(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
  nodeArgs: string[] = [],
): Promise<AppServer> {
  const port = await freePort();
  const child = spawnAppServer({ HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env }, undefined, nodeArgs);
  let output = "";
  const keep = (d: Buffer) => (output = (output + d).slice(-50_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app server exited early:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app server did not become healthy in ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, pid: child.pid!, output: () => output, stop: () => stopChild(child) };
}
