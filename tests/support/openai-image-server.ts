// A loopback server speaking the OpenAI images contract (POST /v1/images/generations →
// { data: [{ b64_json }] }) with a scriptable delay: the provider of worker processes in
// crash, fairness and concurrency tests, and the "instant provider" of the job benchmarks.
// It records who asked (the Bearer key tells worker processes apart), when, and how many
// renders are in flight, and notices when a caller hangs up (an aborted render).
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

export type RenderCall = { prompt: string; key: string; startedAt: number; endedAt: number | null; aborted: boolean };

export type OpenAiImageServer = {
  url: string;
  /** The base URL for OPENAI_COMPAT_BASE_URL. */
  baseUrl: string;
  calls: RenderCall[];
  inFlight: () => number;
  maxInFlight: () => number;
  /** Milliseconds each render takes from now on. */
  setDelay: (ms: number) => void;
  /** Resolves once `n` renders have started. */
  started: (n: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startOpenAiImageServer(opts: { delayMs?: number; size?: number } = {}): Promise<OpenAiImageServer> {
  let delay = opts.delayMs ?? 0;
  const size = opts.size ?? 64;
  const png = await sharp({ create: { width: size, height: size, channels: 3, background: "#5b7bd5" } })
    .png()
    .toBuffer();
  const b64 = png.toString("base64");
  const calls: RenderCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/images/generations")) return void res.writeHead(404).end();
      let prompt = "";
      try {
        prompt = String((JSON.parse(Buffer.concat(chunks).toString()) as { prompt?: string }).prompt ?? "");
      } catch {
        return void res.writeHead(400).end();
      }
      const call: RenderCall = {
        prompt,
        key: String(req.headers.authorization ?? "").replace(/^Bearer /, ""),
        startedAt: Date.now(),
        endedAt: null,
        aborted: false,
      };
      calls.push(call);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (const w of waiters.filter((w) => calls.length >= w.n)) w.resolve();
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        inFlight -= 1;
        call.endedAt = Date.now();
      };
      const timer = setTimeout(() => {
        finish();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ created: 1, data: [{ b64_json: b64 }] }));
      }, delay);
      res.on("close", () => {
        clearTimeout(timer);
        if (!res.writableFinished) call.aborted = true;
        finish();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    calls,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    setDelay: (ms) => (delay = ms),
    started: (n) => (calls.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The env that points an app or worker process at this server. */
export function openAiImageEnv(server: OpenAiImageServer, key = "sk-loopback"): Record<string, string> {
  return {
    MODEL_PROVIDER: "openai-compatible",
    OPENAI_COMPAT_BASE_URL: server.baseUrl,
    OPENAI_COMPAT_API_KEY: key,
    OPENAI_COMPAT_IMAGE_MODEL: "loopback-image",
  };
}
