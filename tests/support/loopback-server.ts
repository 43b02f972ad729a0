// A loopback HTTP server whose answers a test scripts, to speak a provider's contract.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer };
export type Handler = (req: RecordedRequest, res: http.ServerResponse) => unknown;

export type LoopbackServer = {
  url: string;
  origin: string;
  requests: RecordedRequest[];
  handle: (h: Handler) => void;
  close: () => Promise<void>;
};

export async function startLoopbackServer(initial?: Handler, host = "127.0.0.1"): Promise<LoopbackServer> {
  let handler: Handler = initial ?? ((_, res) => void res.writeHead(404).end());
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const rec = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      try {
        await handler(rec, res);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    url: origin,
    origin,
    requests,
    handle: (h) => (handler = h),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}
