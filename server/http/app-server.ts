// The HTTP server in front of the Remix build, on node:http with no framework between
// (docs/decisions/0017-serving-speed.md): per request it gives a request id and one pino
// line, takes the caller's address from the socket (or from a proxy only when trusted),
// then answers in this order:
//   1. built assets (/build/…) and files in public/, from memory, precompressed;
//   2. anonymous, cookie-less GETs of public pages and reads, from a 1 s shared cache;
//   3. tRPC (/api/trpc/…) straight to its fetch handler;
//   4. everything else through Remix.
// Dynamic answers are compressed (never an event stream), and sent in one write when
// they are documents or JSON.
import { randomUUID } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import compression from "compression";
import proxyAddr from "proxy-addr";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Logger } from "pino";
import { discardBriefly } from "./body-limit";
import { CLIENT_IP_HEADER } from "./client-ip";
import { newRequestScope } from "../request-scope";
import { loadStaticAssets } from "./static-assets";
import { PRIVATE_CACHE_CONTROL, PublicCache } from "./public-cache";
import { onPublicContentChange } from "../generations/public-changes";
import { TRPC_PATH } from "../contract";
import { OUTAGE_RETRY_AFTER_SECONDS } from "../system/database-unavailable";

/** An Accept-Encoding the compression middleware could answer with. */
const COMPRESSIBLE = /gzip|deflate|br|\*/i;

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export type AppServerOptions = {
  build: ServerBuild;
  logger: Logger;
  /** Express-style `trust proxy`: false (default), true, a hop count, or addresses/subnets ("loopback", "10.0.0.0/8, …"). */
  trustProxy: boolean | number | string;
  mode: string;
  /** The tRPC fetch handler (server/trpc/http-handler.ts), handed in so this layer does not import tRPC. */
  trpc: (req: Request) => Promise<Response>;
  /** The shared cache of anonymous public answers (on by default). */
  publicCache?: boolean;
};

export function createAppServer({ build, logger, trustProxy, mode, trpc, publicCache = true }: AppServerOptions): http.Server {
  // No installGlobals(): Node's own fetch, Request, Response and streams serve Remix, tRPC and
  // the provider SDKs alike (docs/decisions/0011-provider-faults-stay-in-the-request.md).
  const remix = createRequestHandler(build, mode);
  const trust = compileTrust(trustProxy);
  const assets = loadStaticAssets(build.assetsBuildDirectory, build.publicPath);
  const publicDir = path.resolve("public");
  const publicFiles = loadStaticAssets(publicDir, "/", { exclusive: false, skip: path.resolve(build.assetsBuildDirectory) });
  const trpcPrefix = `${TRPC_PATH}/`;
  const cache = publicCache ? new PublicCache(trpcPrefix) : null;
  if (cache) onPublicContentChange(() => cache.clear());
  const compress = compression({
    // Compressing an event stream would hold events back until a buffer fills.
    filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
  });

  /**
   * The app's answer as a fetch Response: tRPC directly, the rest through Remix, whose
   * loaders and actions share one request scope (their load context).
   */
  const dispatch = (request: Request, pathname: string) =>
    pathname.startsWith(trpcPrefix) ? trpc(request) : remix(request, { scope: newRequestScope() });

  const server = http.createServer((req, res) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.headers["x-request-id"] = requestId;
    const ip = proxyAddr(req, trust);
    req.headers[CLIENT_IP_HEADER] = ip || req.socket.remoteAddress || "unknown";
    res.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    res.on("finish", () => {
      // The path only: query strings can carry procedure input.
      logger.info(
        { requestId, method: req.method, path: pathname, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });

    const fail = (err: unknown) => answerErrorPlainly(logger, req, res, requestId, pathname, err);
    // Methods a fetch Request cannot carry (TRACE, CONNECT, TRACK) or nothing here serves:
    // a 405 naming what is served (a TRACE once ended the process).
    if (!SERVED_METHODS.has(req.method ?? "")) {
      res.setHeader("Allow", [...SERVED_METHODS].join(", "));
      return fail(Object.assign(new Error("method not allowed"), { status: 405 }));
    }
    let decoded: string;
    try {
      // A path that is not valid percent-encoding (e.g. /g/%ED%A0%80) is malformed.
      decoded = decodeURIComponent(pathname);
    } catch {
      return fail(Object.assign(new URIError("malformed path"), { status: 400 }));
    }
    // So is one that decodes to "//…" or "/\…": a URL parser reads it as another host
    // (React Router's did, and the page crashed).
    if (decoded.startsWith("//") || decoded.startsWith("/\\")) return fail(Object.assign(new URIError("malformed path"), { status: 400 }));
    if (assets.serve(req, res, pathname) || publicFiles.serve(req, res, pathname)) return;

    if (cache?.eligible(req, pathname)) {
      const key = `${req.headers.host ?? ""} ${url}`;
      cache
        .serve(req, res, key, async () => {
          const response = await dispatch(toFetchRequest(req, res, trust), pathname);
          return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
        })
        .catch(fail);
      return;
    }
    const answer = () => {
      // Nothing here may throw past this point: an exception would end the process.
      Promise.resolve()
        .then(() => dispatch(toFetchRequest(req, res, trust), pathname))
        .then((response) => sendFetchResponse(req, res, response))
        .catch(fail);
    };
    // A client that accepts no compression (many API clients, curl) skips the
    // middleware's per-response wrapping; the Vary it would have added is still sent.
    if (COMPRESSIBLE.test(req.headers["accept-encoding"] ?? "")) compress(req as never, res as never, answer);
    else {
      res.setHeader("Vary", "Accept-Encoding");
      answer();
    }
  });
  return server;
}

const SERVED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

type TrustFn = (addr: string, hop: number) => boolean;

/** Express's `trust proxy` setting as proxy-addr's trust function (what Express itself does). */
function compileTrust(setting: boolean | number | string): TrustFn {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === "number") return (_addr, hop) => hop < setting;
  return proxyAddr.compile(
    setting
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** The request as a fetch Request for Remix and tRPC (host and protocol from a trusted proxy's headers). */
function toFetchRequest(req: http.IncomingMessage, res: http.ServerResponse, trust: TrustFn): Request {
  const viaProxy = trust(req.socket.remoteAddress ?? "", 0);
  const forwardedProto = viaProxy ? firstValue(req.headers["x-forwarded-proto"]) : undefined;
  const forwardedHost = viaProxy ? firstValue(req.headers["x-forwarded-host"]) : undefined;
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  const host = forwardedHost || req.headers.host || "localhost";
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  // Abort the app's work once the answer can no longer be written (the client went away).
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = Readable.toWeb(req) as unknown as BodyInit;
    init.duplex = "half";
  }
  let href: string;
  try {
    href = new URL(req.url ?? "/", `${proto}://${host}`).href;
  } catch {
    // A Host header that is not a host: answer for this server's own name.
    href = new URL(req.url ?? "/", "http://localhost").href;
  }
  const request = new Request(href, init);
  if (init.body) {
    // Answered without reading the whole upload (a redirect that did not need it, a refusal
    // before the form was read): read the rest and drop it, briefly, so the kept-alive
    // connection is ready for the client's next request (unread, it would stall there).
    res.once("finish", () => {
      if (!req.complete && request.body && !request.body.locked) void discardBriefly(request.body.getReader());
    });
  }
  return request;
}

function firstValue(h: string | string[] | undefined): string | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  return v?.split(",")[0]?.trim() || undefined;
}

/** Documents and JSON are read whole and sent in one write; anything else (files, ZIPs, event streams) streams. */
const SEND_WHOLE = /^(text\/html|application\/json|text\/plain)/i;

async function sendFetchResponse(req: http.IncomingMessage, res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  // Not for shared caches unless the app says so: it may be one caller's page.
  if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
  // A page's 503 is a store that is down (ADR 0020): say when to try again (Remix drops the
  // headers a loader's thrown Response carried on a document).
  if (response.status === 503 && !res.hasHeader("Retry-After")) res.setHeader("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
  const type = response.headers.get("content-type") ?? "";
  if (!response.body || req.method === "HEAD") {
    await response.body?.cancel();
    res.end();
    return;
  }
  if (SEND_WHOLE.test(type)) {
    const body = Buffer.from(await response.arrayBuffer());
    res.end(body);
    return;
  }
  if (/text\/event-stream/i.test(type)) res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (res.destroyed) return;
    if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve));
    // An event stream goes out event by event even through compression.
    (res as { flush?: () => void }).flush?.();
  }
  res.end();
}

/**
 * A request that failed before or outside the app's own error handling (a malformed path,
 * or an error thrown while answering): a plain answer, never a stack. A 5xx is logged
 * and names its request id.
 */
function answerErrorPlainly(
  logger: Logger,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  pathname: string,
  err: unknown,
) {
  const declared =
    (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  const status = typeof declared === "number" && declared >= 400 && declared < 600 ? declared : 500;
  if (status >= 500) logger.error({ err, requestId, method: req.method, path: pathname }, "request failed");
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(
    status >= 500
      ? `Something went wrong. If it keeps happening, quote request id ${requestId}.`
      : `${http.STATUS_CODES[status] ?? "Bad Request"}: the request is malformed.`,
  );
}

/** Stops accepting, lets requests in flight finish, then cuts what is left (SSE, keep-alive). */
export function closeGracefully(server: http.Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
