// Serves handleTrpcRequest on a real node:http server (streaming responses, so SSE
// works). Each given user gets a real personal API token: `tokenFor(user)` is its Bearer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApiToken } from "../../server/users/api-tokens";
import { handleTrpcRequest } from "../../server/trpc/http-handler";
import type { Services } from "../../server/services";
import type { SessionUser } from "../../server/users/session-user";

export async function startTrpcHttpServer(services: Services, users: SessionUser[]) {
  const tokens = new Map<string, string>();
  for (const u of users) tokens.set(u.id, (await createApiToken(services.db, u.id, "trpc-http-server")).token);
  const server = http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
      signal: controller.signal,
    });
    const response = await handleTrpcRequest(request, services);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return res.end();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
    } catch {
      // client went away
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenFor: (u: SessionUser) => tokens.get(u.id)!,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
