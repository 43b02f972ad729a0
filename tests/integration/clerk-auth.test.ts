// Clerk session tokens verified offline with CLERK_JWT_KEY, as Bearer and as the
// __session cookie; bad tokens are signed out. Also: API tokens work in Clerk mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import { createApiToken } from "../../server/users/api-tokens";
import { createTestServices, type TestServices } from "../support/test-db";
import { clerkModeEnv, createClerkKey, mintSessionToken, type ClerkTestKey } from "../support/clerk-keys";

let services: TestServices;
let key: ClerkTestKey;
let otherKey: ClerkTestKey;

beforeAll(async () => {
  key = createClerkKey();
  otherKey = createClerkKey();
  services = await createTestServices(clerkModeEnv(key));
  await services.db.user.create({ data: { id: "user_clerk_known", name: "Known Person", email: "known@example.test" } });
});
afterAll(async () => {
  await services?.dispose();
});

async function meWith(headers: Record<string, string>) {
  const req = new Request("http://127.0.0.1:3000/api/trpc/me", { headers: { accept: "application/json", ...headers } });
  return createCaller(await createContext({ req, services })).me();
}

const now = () => Math.floor(Date.now() / 1000);

describe("Clerk session tokens (offline)", () => {
  it("runs in clerk mode", () => {
    expect(services.auth.kind).toBe("clerk");
  });

  it("accepts a valid token as Bearer", async () => {
    const token = await mintSessionToken(key, { sub: "user_clerk_known" });
    expect(await meWith({ authorization: `Bearer ${token}` })).toEqual({
      id: "user_clerk_known",
      name: "Known Person",
      email: "known@example.test",
      imageUrl: null,
    });
  });

  it("accepts a valid token in the __session cookie", async () => {
    const token = await mintSessionToken(key, { sub: "user_clerk_known", iat: now() - 10 });
    const me = await meWith({ cookie: `__session=${token}; __client_uat=${now() - 20}` });
    expect(me?.id).toBe("user_clerk_known");
  });

  it("creates a bare user row for a verified user the webhook has not delivered yet", async () => {
    const token = await mintSessionToken(key, { sub: "user_clerk_new" });
    expect(await meWith({ authorization: `Bearer ${token}` })).toMatchObject({ id: "user_clerk_new", name: null });
    expect(await services.db.user.count({ where: { id: "user_clerk_new" } })).toBe(1);
  });

  it("rejects expired, not-yet-valid, wrong-key and tampered tokens", async () => {
    const expired = await mintSessionToken(key, { sub: "user_clerk_known", iat: now() - 600, exp: now() - 300 });
    const future = await mintSessionToken(key, { sub: "user_clerk_known", iat: now() + 300, nbf: now() + 300, exp: now() + 600 });
    const wrongKey = await mintSessionToken({ ...otherKey, kid: key.kid }, { sub: "user_clerk_known" });
    const good = await mintSessionToken(key, { sub: "user_clerk_known" });
    const [h, p, s] = good.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const tampered = [h, Buffer.from(JSON.stringify({ ...payload, sub: "user_clerk_admin" })).toString("base64url"), s].join(".");
    for (const token of [expired, future, wrongKey, tampered, "not-a-jwt"]) {
      expect(await meWith({ authorization: `Bearer ${token}` })).toBeNull();
    }
    // The same bad token in the cookie is signed out too.
    expect(await meWith({ cookie: `__session=${expired}; __client_uat=${now() - 900}` })).toBeNull();
    expect(await services.db.user.count({ where: { id: "user_clerk_admin" } })).toBe(0);
  });

  it("takes personal API tokens in Clerk mode as well", async () => {
    const { token } = await createApiToken(services.db, "user_clerk_known", "script");
    expect((await meWith({ authorization: `Bearer ${token}` }))?.id).toBe("user_clerk_known");
  });
});
