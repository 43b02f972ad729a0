// The HTTP server in front of the Remix build: static assets with immutable caching,
// compression that leaves SSE streams alone, a request id and one pino line per request,
// and the caller's address taken from the socket (or from a proxy only when trusted).
import { randomUUID } from "node:crypto";
import http from "node:http";
import compression from "compression";
import express, { type ErrorRequestHandler, type Request as ExpressRequest } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { Logger } from "pino";
import { CLIENT_IP_HEADER } from "./client-ip";
import { runInRequestScope } from "../request-scope";

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export type AppServerOptions = {
  build: ServerBuild;
  logger: Logger;
  /** Express's `trust proxy`: false (default), true, a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  mode: string;
};

export function createAppServer({ build, logger, trustProxy, mode }: AppServerOptions): http.Server {
  // No installGlobals(): Node's own fetch, Request, Response and streams serve Remix, tRPC and
  // the provider SDKs alike. Remix's polyfill (@remix-run/web-fetch) threw an uncaught
  // "Cannot cancel a stream that already has a reader" when the openai SDK aborted a call
  // at its deadline, which ended the process (docs/decisions/0011-provider-faults-stay-in-the-request.md).
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);

  app.use(
    compression({
      // Compressing an event stream would hold events back until a buffer fills.
      filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
    }),
  );
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use((req: ExpressRequest, res, next) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.headers["x-request-id"] = requestId;
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    res.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    res.on("finish", () => {
      // The path only: query strings can carry procedure input.
      logger.info(
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    runInRequestScope(next);
  });

  app.all("*", createRequestHandler({ build, mode }));
  app.use(answerErrorsPlainly(logger));
  return http.createServer(app);
}

/**
 * Errors Express raises itself (a path that is not valid percent-encoding, e.g.
 * /g/%ED%A0%80, is a URIError with status 400): a plain answer, never Express's HTML
 * page with a stack on stderr. A 5xx is logged and names its request id.
 */
function answerErrorsPlainly(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const declared =
      (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
    const status = typeof declared === "number" && declared >= 400 && declared < 600 ? declared : 500;
    const requestId = String(req.headers["x-request-id"] ?? "");
    if (status >= 500) logger.error({ err, requestId, method: req.method, path: req.path }, "request failed");
    if (res.headersSent) return void res.destroy();
    res
      .status(status)
      .set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" })
      .send(
        status >= 500
          ? `Something went wrong. If it keeps happening, quote request id ${requestId}.`
          : `${http.STATUS_CODES[status] ?? "Bad Request"}: the request is malformed.`,
      );
  };
}

/** Stops accepting, lets requests in flight finish, then cuts what is left (SSE, keep-alive). */
export function closeGracefully(server: http.Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
