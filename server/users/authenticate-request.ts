// Who is calling: a personal API token (Bearer sk_studio_...), else the auth port's
// session (Clerk JWT as Bearer or __session cookie; or the local signed cookie).
import type { Db } from "../adapters/db/client";
import type { AuthPort } from "../adapters/auth";
import { looksLikeApiToken, userForApiToken } from "./api-tokens";
import { ensureClerkUser } from "./clerk-users";
import { sessionUserSelect, toSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";
import { oncePerRequest } from "../request-scope";

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/** Who is calling; looked up once per HTTP request however many loaders ask. */
export function authenticateRequest(deps: { db: Db; auth: AuthPort }, req: Request): Promise<SessionUser | null> {
  return oncePerRequest("caller", () => lookUpCaller(deps, req));
}

async function lookUpCaller(deps: { db: Db; auth: AuthPort }, req: Request): Promise<SessionUser | null> {
  const bearer = bearerToken(req);
  if (bearer && looksLikeApiToken(bearer)) return userForApiToken(deps.db, bearer);

  if (deps.auth.kind === "clerk") {
    const clerkId = await deps.auth.clerk.userIdFrom(req);
    return clerkId ? ensureClerkUser(deps.db, clerkId) : null;
  }
  // A Bearer that is not one of ours means nothing in local mode.
  if (bearer) return null;
  const userId = await deps.auth.local.userIdFrom(req);
  if (!userId) return null;
  const row = await deps.db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
  return row ? toSessionUser(row, "local-session") : null;
}
