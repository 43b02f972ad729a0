import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { getServices, type Services } from "../services";
import type { SessionUser } from "../users/session-user";
import { identifyCaller } from "../users/authenticate-request";
import { clientIp } from "../http/client-ip";
import type { RequestScope } from "../request-scope";

export type ContextInner = {
  services: Services;
  db: Services["db"];
  user: SessionUser | null;
  logger: Logger;
  requestId: string;
  /** Caller address, used to key anonymous rate limits. */
  ip: string;
  /** Headers to add to the HTTP response (e.g. X-RateLimit-*); ignored by server-side callers. */
  resHeaders: Headers;
  /**
   * Why the caller could not be identified, if that failed: a revoked or unknown API
   * token, or an error while looking it up. Every procedure refuses such a request
   * (server/trpc/init.ts); kept on the context so that creating it never throws and every
   * error, even this one, is answered with the request's id.
   */
  callerProblem: { kind: "rejected-token" } | { kind: "lookup-failed"; error: unknown } | null;
  /**
   * A page's loaders (server-side callers of one HTTP request) share the request's scope:
   * each per-minute limit is checked once for the whole page, so a page view is one read
   * however many procedures its loaders call. Over HTTP (null) every call counts.
   */
  pageScope: RequestScope | null;
};

export type CreateContextInnerOptions = {
  services: Services;
  user?: SessionUser | null;
  requestId?: string;
  ip?: string;
  resHeaders?: Headers;
  callerProblem?: ContextInner["callerProblem"];
  pageScope?: RequestScope | null;
};

/**
 * The request's child logger, made on its first use: pino's child() (with the redaction
 * rules) cost ~0.3 ms, paid by every context although most requests log nothing.
 */
function lazyChild(base: Logger, bindings: Record<string, string>): Logger {
  let child: Logger | undefined;
  return new Proxy({} as Logger, {
    get(_target, prop) {
      child ??= base.child(bindings);
      const value = Reflect.get(child, prop, child) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(child) : value;
    },
  });
}

/** Context without a request: what tests and server-side callers build directly. */
export function createContextInner(opts: CreateContextInnerOptions): ContextInner {
  const requestId = opts.requestId ?? randomUUID();
  const user = opts.user ?? null;
  return {
    services: opts.services,
    db: opts.services.db,
    user,
    logger: lazyChild(opts.services.logger, { requestId, ...(user ? { userId: user.id } : {}) }),
    requestId,
    ip: opts.ip ?? "127.0.0.1",
    resHeaders: opts.resHeaders ?? new Headers(),
    callerProblem: opts.callerProblem ?? null,
    pageScope: opts.pageScope ?? null,
  };
}

/** Context for one HTTP request. */
export async function createContext(opts: {
  req: Request;
  resHeaders?: Headers;
  services?: Services;
  /** The page's own loaders calling in-process (app/lib/trpc.server.ts): the request's scope. */
  page?: RequestScope;
}): Promise<ContextInner> {
  const services = opts.services ?? getServices();
  const requestId = opts.req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  let user: SessionUser | null = null;
  let callerProblem: ContextInner["callerProblem"] = null;
  try {
    const identity = await identifyCaller(services, opts.req, opts.page);
    user = identity.user;
    if (identity.rejectedToken) callerProblem = { kind: "rejected-token" };
  } catch (error) {
    callerProblem = { kind: "lookup-failed", error };
  }
  return createContextInner({
    services,
    user,
    requestId,
    ip: clientIp(opts.req),
    resHeaders: opts.resHeaders,
    callerProblem,
    pageScope: opts.page ?? null,
  });
}

export type Context = ContextInner;
