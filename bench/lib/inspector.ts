// CPU profiles of a running server, one per load window: the server starts with
// `--inspect=127.0.0.1:0`, and the bench drives V8's Profiler over the inspector's
// WebSocket (Profiler.start before a target's load, Profiler.stop after it), so a profile
// holds exactly one target's requests and none of the start-up.
import WebSocket from "ws";

export const INSPECT_ARGS = ["--inspect=127.0.0.1:0"];

/** The inspector's WebSocket address, from the "Debugger listening on ws://…" line the server printed. */
export function inspectorUrl(output: string): string {
  const m = /Debugger listening on (ws:\/\/\S+)/.exec(output);
  if (!m) throw new Error(`the server printed no inspector address:\n${output.slice(-2000)}`);
  return m[1]!;
}

export class Profiler {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  static async connect(url: string): Promise<Profiler> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    const p = new Profiler(ws);
    await p.send("Profiler.enable");
    // 1 ms between samples (V8's default is ~1 ms too; set so profiles compare).
    await p.send("Profiler.setSamplingInterval", { interval: 1000 });
    return p;
  }

  /** Any inspector method (bench/ab-servers.ts drives the HeapProfiler through it). */
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  start(): Promise<unknown> {
    return this.send("Profiler.start");
  }

  /** Stops sampling and returns the profile (the .cpuprofile JSON). */
  async stop(): Promise<unknown> {
    const r = (await this.send("Profiler.stop")) as { profile: unknown };
    return r.profile;
  }

  close(): void {
    this.ws.close();
  }
}
