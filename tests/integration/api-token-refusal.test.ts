// A revoked or unknown API token is UNAUTHORIZED on every procedure of the built server,
// public ones included (the README promises it): never quietly served as anonymous.
// Procedures are read from the router, so ones added later are covered too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { answeredStatus, listProcedures, trpcRequest } from "../support/procedures";

let built: BuiltApp;
let good: string;
let revoked: string;

beforeAll(async () => {
  built = await startBuiltApp({ RATE_LIMITS: "read:1000,mutation:1000" });
  ({ token: good } = await built.userWithToken("holder"));
  const other = await built.userWithToken("revoker");
  revoked = other.token;
  await built.db.apiToken.updateMany({ where: { userId: other.id }, data: { revokedAt: new Date() } });
});
afterAll(async () => {
  await built?.stop();
});

const UNKNOWN = "sk_studio_thisTokenWasNeverIssuedToAnyone0000000";

describe("revoked and unknown API tokens", () => {
  it("are 401 UNAUTHORIZED on every procedure, public ones included", async () => {
    const procedures = listProcedures();
    expect(procedures.map((p) => p.path)).toEqual(
      expect.arrayContaining(["health", "models", "discovery", "me", "generation.get", "generate"]),
    );
    for (const token of [UNKNOWN, revoked]) {
      for (const proc of procedures) {
        const res = await fetch(trpcRequest(built.app.url, proc, undefined, { authorization: `Bearer ${token}` }));
        const { status, text } = await answeredStatus(res, proc.type);
        expect(status, `${proc.path} with ${token === UNKNOWN ? "an unknown" : "a revoked"} token`).toBe(401);
        expect(text).toContain("That API token is revoked or unknown.");
      }
    }
  });

  it("reach the typed client as UNAUTHORIZED; a good token and no token behave as before", async () => {
    const e = await createClient({ url: built.app.url, token: revoked })
      .discovery.query({})
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TRPCClientError);
    expect((e as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");
    expect((await createClient({ url: built.app.url, token: good }).me.query())?.name).toBe("holder");
    expect(await createClient({ url: built.app.url }).me.query()).toBeNull();
    expect((await createClient({ url: built.app.url }).discovery.query({})).items).toEqual([]);
  });

  it("refuse every call of a batch before any runs", async () => {
    const studio = createClient({ url: built.app.url, token: UNKNOWN });
    const results = await Promise.allSettled([studio.health.query(), studio.me.query(), studio.models.query()]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(((r as PromiseRejectedResult).reason as TRPCClientError<AppRouter>).data?.httpStatus).toBe(401);
    }
  });

  it("a page requested with one reads as signed out", async () => {
    const res = await fetch(`${built.app.url}/discover`, { headers: { authorization: `Bearer ${UNKNOWN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Sign in");
  });
});

describe("pages and page actions with a revoked or unknown API token", () => {
  it("every page reads as signed out (the page or the way to sign in), never a 500", async () => {
    for (const path of ["/", "/create", "/discover", "/history", "/settings", "/settings/tokens", "/g/nope", "/u/nope", "/c/nope"]) {
      for (const token of [UNKNOWN, revoked]) {
        const res = await fetch(`${built.app.url}${path}`, { redirect: "manual", headers: { authorization: `Bearer ${token}` } });
        expect([200, 302, 404], `GET ${path}`).toContain(res.status);
        if (res.status === 302) expect(res.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
      }
    }
  });

  // A form post (no JavaScript) carrying a bad token reads as signed out, like a page view: a
  // way to sign in or a clear refusal, never a 500.
  const posts: [string, Record<string, string>][] = [
    ["/create", { prompt: "a lighthouse at dusk", count: "1" }],
    ["/g/no-such-picture", { intent: "delete" }],
    ["/g/no-such-picture/like", { like: "on" }],
    ["/c/save", { generationId: "no-such-picture", collection: "Favourites" }],
    ["/history", { intent: "delete", ids: "a" }],
    ["/settings", { name: "x" }],
    ["/settings/tokens", { intent: "create", name: "x" }],
    ["/sign-out", {}],
  ];
  for (const [path, fields] of posts) {
    it(`POST ${path}`, async () => {
      for (const token of [UNKNOWN, revoked]) {
        const res = await fetch(`${built.app.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields),
        });
        expect(res.status, `${path}: ${await res.text().then((t) => t.slice(0, 300))}`).toBeLessThan(500);
        if (path === "/create" || path === "/settings/tokens")
          expect(res.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
      }
    });
  }
});
