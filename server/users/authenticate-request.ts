// Who is calling: a personal API token (Bearer sk_studio_...), else the auth port's
// session (Clerk JWT as Bearer or __session cookie; or the local signed cookie).
// Answers are kept for at most CALLER_TTL_MS (1 s) per credential: an API call then costs
// no lookup of its own, and a revoked token, a deleted user or a renamed one takes effect
// within 1 s on every instance — at once on the instance that made the change, whose
// mutations drop the whole memory (docs/decisions/0017-serving-speed.md).
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type pg from "pg";
import type { Db } from "../adapters/db/client";
import type { AuthPort } from "../adapters/auth";
import { hashApiToken, looksLikeApiToken, userForApiToken } from "./api-tokens";
import { ensureClerkUser } from "./clerk-users";
import { findSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";
import { oncePerRequest, type RequestScope } from "../request-scope";

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

/** The caller, looked up once per request scope (a page's loaders share one) however many ask. */
export function identifyCaller(deps: CallerDeps, req: Request, scope?: RequestScope): Promise<CallerIdentity> {
  return oncePerRequest(scope, "caller", () => lookUpCaller(deps, req));
}

/** The signed-in user or null (a refused token reads as signed out, e.g. for page headers). */
export async function authenticateRequest(deps: CallerDeps, req: Request, scope?: RequestScope): Promise<SessionUser | null> {
  return (await identifyCaller(deps, req, scope)).user;
}

async function lookUpCaller(deps: CallerDeps, req: Request): Promise<CallerIdentity> {
  const user = await lookUpUser(deps, req);
  const bearer = bearerToken(req);
  return { user, rejectedToken: !user && bearer !== null && looksLikeApiToken(bearer) };
}

export const CALLER_TTL_MS = 1000;
const recent = new LRUCache<string, { user: SessionUser | null }>({ max: 10_000, ttl: CALLER_TTL_MS });

/** Forget every remembered caller (after a change to tokens or users made in this process). */
export function forgetRecentCallers(): void {
  recent.clear();
}

/** `find()` at most once per CALLER_TTL_MS per key, concurrent askers sharing one lookup. */
async function remembered(key: string, find: () => Promise<SessionUser | null>): Promise<SessionUser | null> {
  const hit = recent.get(key);
  if (hit) return hit.user;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = find().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    const user = await pending;
    recent.set(key, { user });
    return user;
  }
  return pending;
}
const inFlight = new Map<string, Promise<SessionUser | null>>();

const digest = (s: string) => createHash("sha256").update(s).digest("base64url");

async function lookUpUser(deps: CallerDeps, req: Request): Promise<SessionUser | null> {
  const bearer = bearerToken(req);
  if (bearer && looksLikeApiToken(bearer)) return remembered(`t:${hashApiToken(bearer)}`, () => userForApiToken(deps, bearer));

  if (deps.auth.kind === "clerk") {
    // A session token as Bearer (API callers) is the whole credential: remember its answer.
    // With cookies (browsers) Clerk's own checks run every time, then the user row is remembered.
    if (bearer && !req.headers.has("cookie")) {
      const clerk = deps.auth.clerk;
      return remembered(`cb:${digest(bearer)}`, async () => {
        const clerkId = await clerk.userIdFrom(req);
        return clerkId ? ensureClerkUser(deps, clerkId) : null;
      });
    }
    const clerkId = await deps.auth.clerk.userIdFrom(req);
    return clerkId ? remembered(`c:${clerkId}`, () => ensureClerkUser(deps, clerkId)) : null;
  }
  // A Bearer that is not one of ours means nothing in local mode.
  if (bearer) return null;
  const userId = await deps.auth.local.userIdFrom(req);
  if (!userId) return null;
  return remembered(`l:${userId}`, () => findSessionUser(deps.pool, userId, "local-session"));
}
