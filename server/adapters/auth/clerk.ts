// Clerk sessions via @clerk/remix (maintenance mode, kept by choice: docs/decisions/0005).
// With CLERK_JWT_KEY the session JWT is verified offline; `loadUser`/`loadSession` are
// never passed because they call Clerk's API.
import { getAuth } from "@clerk/remix/ssr.server";
import type { Env } from "../../env";

export type ClerkOptions = { secretKey: string; publishableKey: string; jwtKey?: string };

export type ClerkSessions = {
  options: ClerkOptions;
  /** The verified Clerk user id (Bearer token or __session cookie), or null. */
  userIdFrom(req: Request): Promise<string | null>;
};

export function clerkOptionsFrom(env: Env): ClerkOptions {
  return {
    secretKey: env.CLERK_SECRET_KEY!,
    publishableKey: env.CLERK_PUBLISHABLE_KEY!,
    // A PEM pasted into one env line often carries literal "\n"s; Clerk needs real ones.
    jwtKey: env.CLERK_JWT_KEY?.replace(/\\n/g, "\n"),
  };
}

export function createClerkSessions(options: ClerkOptions): ClerkSessions {
  return {
    options,
    async userIdFrom(req) {
      const auth = await getAuth({ request: req, context: {}, params: {} }, options);
      return auth.userId ?? null;
    },
  };
}
