// Who is calling: a personal API token (Bearer sk_studio_...), else the auth port's
// session (Clerk JWT as Bearer or __session cookie; or the local signed cookie).
import type pg from "pg";
import type { Db } from "../adapters/db/client";
import type { AuthPort } from "../adapters/auth";
import { looksLikeApiToken, userForApiToken } from "./api-tokens";
import { ensureClerkUser } from "./clerk-users";
import { findSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";
import { oncePerRequest } from "../request-scope";

type CallerDeps = { db: Db; pool: pg.Pool; auth: AuthPort };

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/**
 * Who is calling, and whether the request presented credentials that failed: an API
 * token (Bearer sk_studio_…) that is revoked or unknown is refused outright (401 on every
 * procedure, public ones included), never quietly treated as anonymous.
 */
export type CallerIdentity = { user: SessionUser | null; rejectedToken: boolean };

/** The caller, looked up once per HTTP request however many loaders ask. */
export function identifyCaller(deps: CallerDeps, req: Request): Promise<CallerIdentity> {
  return oncePerRequest("caller", () => lookUpCaller(deps, req));
}

/** The signed-in user or null (a refused token reads as signed out, e.g. for page headers). */
export async function authenticateRequest(deps: CallerDeps, req: Request): Promise<SessionUser | null> {
  return (await identifyCaller(deps, req)).user;
}

async function lookUpCaller(deps: CallerDeps, req: Request): Promise<CallerIdentity> {
  const user = await lookUpUser(deps, req);
  const bearer = bearerToken(req);
  return { user, rejectedToken: !user && bearer !== null && looksLikeApiToken(bearer) };
}

async function lookUpUser(deps: CallerDeps, req: Request): Promise<SessionUser | null> {
  const bearer = bearerToken(req);
  if (bearer && looksLikeApiToken(bearer)) return userForApiToken(deps, bearer);

  if (deps.auth.kind === "clerk") {
    const clerkId = await deps.auth.clerk.userIdFrom(req);
    return clerkId ? ensureClerkUser(deps, clerkId) : null;
  }
  // A Bearer that is not one of ours means nothing in local mode.
  if (bearer) return null;
  const userId = await deps.auth.local.userIdFrom(req);
  if (!userId) return null;
  return findSessionUser(deps.pool, userId, "local-session");
}
