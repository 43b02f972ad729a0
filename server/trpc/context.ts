import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { getServices, type Services } from "../services";
import type { SessionUser } from "../users/session-user";
import { authenticateRequest } from "../users/authenticate-request";
import { clientIp } from "../http/client-ip";

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
};

export type CreateContextInnerOptions = {
  services: Services;
  user?: SessionUser | null;
  requestId?: string;
  ip?: string;
  resHeaders?: Headers;
};

/** Context without a request: what tests and server-side callers build directly. */
export function createContextInner(opts: CreateContextInnerOptions): ContextInner {
  const requestId = opts.requestId ?? randomUUID();
  const user = opts.user ?? null;
  return {
    services: opts.services,
    db: opts.services.db,
    user,
    logger: opts.services.logger.child({ requestId, ...(user ? { userId: user.id } : {}) }),
    requestId,
    ip: opts.ip ?? "127.0.0.1",
    resHeaders: opts.resHeaders ?? new Headers(),
  };
}

/** Context for one HTTP request. */
export async function createContext(opts: { req: Request; resHeaders?: Headers; services?: Services }): Promise<ContextInner> {
  const services = opts.services ?? getServices();
  const requestId = opts.req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  const user = await authenticateRequest(services, opts.req);
  return createContextInner({ services, user, requestId, ip: clientIp(opts.req), resHeaders: opts.resHeaders });
}

export type Context = ContextInner;
