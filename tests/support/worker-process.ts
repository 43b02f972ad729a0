// `npm run worker` as its own OS process (tsx server/cli/worker.ts), as a deployment runs
// it: the crash tests kill it with SIGKILL mid-render, the scale tests run two.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type WorkerProcess = {
  pid: number;
  output: () => string;
  /** SIGTERM: running jobs finish or go back to the queue. */
  stop: () => Promise<void>;
  /** SIGKILL: no clean-up of any kind, as when a machine dies. */
  kill9: () => Promise<void>;
};

export async function startWorkerProcess(
  env: Record<string, string>,
  // cwd: another checkout of the project to run instead (the job bench's "before").
  opts: { concurrency?: number; timeoutMs?: number; cwd?: string } = {},
): Promise<WorkerProcess> {
  const cwd = path.resolve(opts.cwd ?? ".");
  const tsx = path.join(cwd, "node_modules/tsx/dist/cli.mjs");
  const child: ChildProcess = spawn(process.execPath, [tsx, "server/cli/worker.ts", "--concurrency", String(opts.concurrency ?? 2)], {
    cwd,
    env: { ...process.env, APP_ENV: "test", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: tsx runs the script in a child process, and a kill must reach both.
    detached: true,
  });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d).slice(-100_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (!output.includes("generation workers started")) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`worker did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGTERM to tsx, which forwards it; SIGKILL to the whole group (tsx and the worker).
    if (sig === "SIGKILL") process.kill(-child.pid!, "SIGKILL");
    else child.kill(sig);
    await exited;
  };
  return { pid: child.pid!, output: () => output, stop: () => signal("SIGTERM"), kill9: () => signal("SIGKILL") };
}
