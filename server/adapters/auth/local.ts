// Local accounts: a signed, HTTP-only, SameSite=Lax cookie holding the user id. The
// signing secret is SESSION_SECRET, or one generated on first start into DATA_DIR.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookieSessionStorage } from "@remix-run/node";
import type { Env } from "../../env";

export const LOCAL_SESSION_COOKIE = "__studio_session";
const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

export type LocalSessions = {
  /** The signed-in user id, or null (missing, tampered or foreign cookie). */
  userIdFrom(req: Request): Promise<string | null>;
  /** Set-Cookie value that signs `userId` in. */
  signIn(req: Request, userId: string): Promise<string>;
  /** Set-Cookie value that clears the session. */
  signOut(req: Request): Promise<string>;
};

export function loadSessionSecret(env: Pick<Env, "SESSION_SECRET" | "DATA_DIR">): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(env.DATA_DIR, "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: generate below
  }
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  try {
    // wx: if another process won the race, keep theirs.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return fs.readFileSync(file, "utf8").trim();
  }
}

export function createLocalSessions(env: Pick<Env, "SESSION_SECRET" | "DATA_DIR" | "PUBLIC_URL">): LocalSessions {
  const storage = createCookieSessionStorage<{ userId: string }>({
    cookie: {
      name: LOCAL_SESSION_COOKIE,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // `npm start` serves plain http on 127.0.0.1; behind https, mark it Secure.
      secure: Boolean(env.PUBLIC_URL?.startsWith("https://")),
      secrets: [loadSessionSecret(env)],
      maxAge: THIRTY_DAYS_S,
    },
  });
  return {
    async userIdFrom(req) {
      const session = await storage.getSession(req.headers.get("cookie"));
      const id = session.get("userId");
      return typeof id === "string" ? id : null;
    },
    async signIn(req, userId) {
      const session = await storage.getSession(req.headers.get("cookie"));
      session.set("userId", userId);
      return storage.commitSession(session);
    },
    async signOut(req) {
      return storage.destroySession(await storage.getSession(req.headers.get("cookie")));
    },
  };
}
