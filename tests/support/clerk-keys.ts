// A local stand-in for a Clerk instance: an RSA-2048 key pair (SPKI PEM public key, as
// CLERK_JWT_KEY must be) and session tokens minted with jose. No network involved.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";

export const CLERK_FRONTEND_HOST = "clerk.studio.example";
export const clerkPublishableKey = `pk_live_${Buffer.from(`${CLERK_FRONTEND_HOST}$`).toString("base64")}`;

export type ClerkTestKey = { publicPem: string; privatePem: string; kid: string };

/** The app's environment for Clerk mode with this key (the secret key is never used offline). */
export function clerkModeEnv(key: ClerkTestKey): Record<"CLERK_PUBLISHABLE_KEY" | "CLERK_SECRET_KEY" | "CLERK_JWT_KEY", string> {
  return { CLERK_PUBLISHABLE_KEY: clerkPublishableKey, CLERK_SECRET_KEY: "sk_live_offline_not_used", CLERK_JWT_KEY: key.publicPem };
}

export function createClerkKey(): ClerkTestKey {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    // Clerk caches keys per process by kid: every key gets its own.
    kid: `ins_test_${randomBytes(6).toString("hex")}`,
  };
}

export async function mintSessionToken(
  key: ClerkTestKey,
  claims: { sub: string; iat?: number; nbf?: number; exp?: number; sid?: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = claims.iat ?? now - 5;
  return new SignJWT({ sid: claims.sid ?? `sess_${randomBytes(6).toString("hex")}`, azp: "http://127.0.0.1" })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(`https://${CLERK_FRONTEND_HOST}`)
    .setIssuedAt(iat)
    .setNotBefore(claims.nbf ?? iat)
    .setExpirationTime(claims.exp ?? now + 60)
    .sign(await importPKCS8(key.privatePem, "RS256"));
}

/**
 * The cookies a browser signed in to this instance sends: the session token and
 * `__client_uat` (Clerk requires it, no later than the token's `iat`).
 */
export function clerkSessionCookies(token: string): string {
  const { iat } = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { iat: number };
  return `__session=${token}; __client_uat=${iat - 5}`;
}
