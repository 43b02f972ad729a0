// Local accounts and personal API tokens, end to end on the built app (local mode):
// sign in with a signed cookie, create a token on /settings/tokens, call the typed
// client with it, revoke it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppServer;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-auth-"));
  app = await startAppServer({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: "debug" });
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function signIn(name: string, password = "") {
  return fetch(`${app.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password, redirectTo: "/settings/tokens" }),
  });
}

function cookieOf(res: Response): string {
  const set = res.headers.get("set-cookie") ?? "";
  return set.split(";")[0];
}

async function meWithCookie(cookie: string) {
  const res = await fetch(`${app.url}/api/trpc/me`, { headers: { cookie } });
  return (await res.json()).result.data.json;
}

async function errorOf(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCClientError);
  return e as TRPCClientError<AppRouter>;
}

describe("local accounts", () => {
  it("signs in with a display name: signed, HTTP-only, SameSite=Lax cookie", async () => {
    const page = await fetch(`${app.url}/sign-in`);
    expect(await page.text()).toContain("Display name");
    const res = await signIn("Alice");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/tokens");
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^__studio_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await meWithCookie(cookieOf(res));
    expect(me).toMatchObject({ name: "Alice" });
    expect(me.id).toMatch(/^local_/);
    // The same name again is the same account.
    expect((await meWithCookie(cookieOf(await signIn("alice")))).id).toBe(me.id);
    // The secret was generated once into DATA_DIR.
    expect((await fs.readFile(path.join(dataDir, "session-secret"), "utf8")).trim().length).toBeGreaterThanOrEqual(32);
  });

  it("rejects a tampered or forged cookie", async () => {
    const cookie = cookieOf(await signIn("Mallory"));
    const [name, value] = cookie.split("=");
    const decoded = decodeURIComponent(value);
    const forgedValue = Buffer.from(JSON.stringify({ userId: "local_someone_else" })).toString("base64");
    expect(await meWithCookie(`${name}=${encodeURIComponent(forgedValue + decoded.slice(decoded.indexOf(".")))}`)).toBeNull();
    expect(await meWithCookie(`${name}=${encodeURIComponent(forgedValue)}`)).toBeNull();
  });

  it("protects a name that has a password", async () => {
    expect((await signIn("Bob", "correct horse")).status).toBe(302);
    const wrong = await signIn("Bob", "wrong");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    expect((await signIn("Bob")).status).toBe(401);
    expect((await signIn("bob", "correct horse")).status).toBe(302);
  });

  it("signs out with a POST", async () => {
    const cookie = cookieOf(await signIn("Carol"));
    const out = await fetch(`${app.url}/sign-out`, { method: "POST", headers: { cookie }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/__studio_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
  });
});

describe("personal API tokens", () => {
  it("work until revoked, are shown once and never logged", async () => {
    const cookie = cookieOf(await signIn("Dana"));
    const page = await fetch(`${app.url}/settings/tokens`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "create", name: "batch script" }),
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    const token = html.match(/sk_studio_[A-Za-z0-9_-]{43}/)?.[0];
    expect(token).toBeTruthy();

    const studio = createClient({ url: app.url, token });
    expect(await studio.me.query()).toMatchObject({ name: "Dana" });
    const quota = await studio.quota.query();
    expect(quota).toMatchObject({ limit: 10, used: 0, remaining: 10 });
    expect(quota.resetAt).toBeInstanceOf(Date);

    const list = await studio.apiTokens.list.query();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: "batch script", prefix: token!.slice(0, 16), revokedAt: null });
    expect(list[0].lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(list)).not.toContain(token!.slice(16));
    // The list page shows the prefix only.
    const listing = await (await fetch(`${app.url}/settings/tokens`, { headers: { cookie } })).text();
    expect(listing).toContain("batch script");
    expect(listing).not.toContain(token);

    await studio.apiTokens.revoke.mutate({ id: list[0].id });
    // Revoked is refused everywhere, public procedures included (not served as anonymous).
    expect((await errorOf(studio.me.query())).data?.code).toBe("UNAUTHORIZED");
    expect((await errorOf(studio.quota.query())).data?.code).toBe("UNAUTHORIZED");
    const unknown = createClient({ url: app.url, token: `sk_studio_${"A".repeat(43)}` });
    expect((await errorOf(unknown.apiTokens.list.query())).data?.code).toBe("UNAUTHORIZED");

    expect(app.output()).not.toContain(token);
  });

  it("cannot revoke someone else's token", async () => {
    const a = createClient({ url: app.url, fetch: withCookie(cookieOf(await signIn("Erin"))) });
    const b = createClient({ url: app.url, fetch: withCookie(cookieOf(await signIn("Frank"))) });
    const created = await a.apiTokens.create.mutate({ name: "mine" });
    expect(created.token).toMatch(/^sk_studio_/);
    expect((await errorOf(b.apiTokens.revoke.mutate({ id: created.id }))).data?.code).toBe("NOT_FOUND");
    expect((await a.apiTokens.list.query())[0].revokedAt).toBeNull();
    expect((await errorOf(a.apiTokens.create.mutate({ name: "" }))).data?.code).toBe("BAD_REQUEST");
  });
});

function withCookie(cookie: string): typeof fetch {
  return (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
}
