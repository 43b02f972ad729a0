// The shared cache of anonymous public answers and the precompressed assets, against the
// built server (node build/index.js): what is cached, what never is, how browsers and
// CDNs are told, and how fast a change shows (server/http/public-cache.ts, ADR 0017).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { outputForUrl, readBrowserMetafile, scriptUrlsLoadedBy, staticClosure } from "../support/built-chunks";
import { insertPicture } from "../support/pipeline";

let built: BuiltApp;
let second: AppServer;
let owner: { id: string; token: string };
let liker: { id: string; token: string };
let shownId: string;

const DISCOVERY = "/api/trpc/discovery";

beforeAll(async () => {
  built = await startBuiltApp({ RATE_LIMITS: "read:100000,mutation:100000,like:100000", RATE_LIMITS_ANONYMOUS: "read:100000" });
  // A second instance on the same database: its cache learns of changes only by expiry.
  second = await startAppServer({ DATABASE_URL: built.databaseUrl, DATA_DIR: built.dataDir, RATE_LIMITS_ANONYMOUS: "read:100000" });
  owner = await built.userWithToken("Owner Olga");
  liker = await built.userWithToken("Liker Lars");
  shownId = await insertPicture(built.db, owner.id, { originalPrompt: "a cached lighthouse" });
  await built.db.like.create({ data: { userId: liker.id, generationId: shownId } });
});
afterAll(async () => {
  await second?.stop();
  await built?.stop();
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

/**
 * A GET through node:http, the body as sent: fetch decodes bodies itself, and a request
 * with If-None-Match makes it add Cache-Control: no-cache (the Fetch standard's rule),
 * which a browser revalidating its own copy does not send.
 */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

async function signInCookie(app: AppServer, name: string): Promise<string> {
  const res = await fetch(`${app.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password: "", redirectTo: "/discover" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function trpc(token: string, path: string, input: unknown) {
  const res = await fetch(`${built.app.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  expect(res.status).toBe(200);
}

describe("shared cache of anonymous public answers", () => {
  it("answers cookie-less GETs with public caching, a stable ETag, 304 on a match, and Vary on Cookie and Authorization", async () => {
    const first = await get(built.app.url + "/discover");
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("a cached lighthouse");
    const again = await get(built.app.url + "/discover");
    await again.arrayBuffer();
    expect(again.headers.get("cache-control")).toBe("public, max-age=1");
    expect(again.headers.get("vary")).toMatch(/Cookie/);
    expect(again.headers.get("vary")).toMatch(/Authorization/);
    const etag = again.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);
    const revalidated = await rawGet(built.app.url + "/discover", { "if-none-match": etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    // The answer names no caller: no request id or limit headers of someone else's.
    expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("sends a cached answer compressed as the client accepts, the same document either way", async () => {
    const plain = Buffer.from(await (await get(built.app.url + "/discover")).arrayBuffer());
    const res = await fetch(built.app.url + "/discover", { headers: { "accept-encoding": "br" } });
    // fetch decodes bodies itself; check what it was told and that it reads back the same.
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(Buffer.from(await res.arrayBuffer()).equals(plain)).toBe(true);
  });

  it("never serves or stores a signed-in answer: cookies and tokens get their own page, marked private", async () => {
    // Fill the cache anonymously first, then ask as two different signed-in users.
    await (await get(built.app.url + "/discover")).text();
    const olga = await signInCookie(built.app, "Cookie Carla");
    const asCarla = await get(built.app.url + "/discover", { cookie: olga });
    const carlaPage = await asCarla.text();
    expect(asCarla.headers.get("cache-control")).toBe("private, no-cache");
    expect(carlaPage).toContain("Cookie Carla");
    const dora = await signInCookie(built.app, "Cookie Dora");
    const doraPage = await (await get(built.app.url + "/discover", { cookie: dora })).text();
    expect(doraPage).toContain("Cookie Dora");
    expect(doraPage).not.toContain("Cookie Carla");
    // And the anonymous copy never picked up a signed-in one.
    const anonymous = await (await get(built.app.url + "/discover")).text();
    expect(anonymous).not.toContain("Cookie Carla");
    expect(anonymous).not.toContain("Cookie Dora");

    // The same for a tRPC read with a token: the liker sees their like, anonymous callers don't.
    await (await get(built.app.url + DISCOVERY)).text();
    const mine = await (await get(built.app.url + DISCOVERY, { authorization: `Bearer ${liker.token}` })).json();
    const item = mine.result.data.json.items.find((g: { id: string }) => g.id === shownId);
    expect(item.likedByMe).toBe(true);
    const anon = await (await get(built.app.url + DISCOVERY)).json();
    expect(anon.result.data.json.items.find((g: { id: string }) => g.id === shownId).likedByMe).toBe(false);
  });

  it("a picture made private leaves anonymous pages at once on this instance, and within the 1 s TTL on another", async () => {
    const id = await insertPicture(built.db, owner.id, { originalPrompt: "soon a private heron" });
    const page = `/g/${id}`;
    // Written straight to the database (no mutation went through the app): copies from the
    // tests before may show the gallery without it until they expire.
    await new Promise((r) => setTimeout(r, 1100));
    for (const app of [built.app, second]) {
      expect(await (await get(app.url + "/discover")).text()).toContain("soon a private heron");
      expect((await get(app.url + page)).status).toBe(200);
    }
    await trpc(owner.token, "generation.update", { id, isPublic: false });
    // This instance dropped its copies when the change went through it.
    expect(await (await get(built.app.url + "/discover")).text()).not.toContain("soon a private heron");
    expect((await get(built.app.url + page)).status).toBe(404);
    // The other instance may show it until its entry expires: 1 s.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await (await get(second.url + "/discover")).text()).not.toContain("soon a private heron");
    expect((await get(second.url + page)).status).toBe(404);
  });

  it("a request that asks not to be served from a cache reaches the app (and still counts against anonymous limits)", async () => {
    const cached = await get(built.app.url + DISCOVERY);
    await cached.text();
    const fresh = await get(built.app.url + DISCOVERY, { "cache-control": "no-cache" });
    await fresh.text();
    expect(fresh.headers.get("cache-control")).toBe("private, no-cache");
    expect(fresh.headers.get("x-ratelimit-limit")).toBe("100000");
    expect(cached.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("caches only what answers anyone alike: not errors, not signed-in procedures", async () => {
    const missing = await get(built.app.url + "/g/no-such-picture");
    await missing.text();
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).not.toMatch(/public/);
    const me = await get(built.app.url + "/api/trpc/me");
    await me.text();
    expect(me.headers.get("cache-control")).not.toMatch(/public/);
  });
});

describe("built assets", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join("build", "metafile.js.json"), "utf8")) as { outputs: Record<string, unknown> };
  const bigJs = Object.keys(manifest.outputs)
    .filter((f) => f.endsWith(".js") && fs.statSync(f).size > 20_000)
    .map((f) => "/" + path.relative("public", f).split(path.sep).join("/"))[0]!;

  it("/discover's scripts weigh at most 87 KiB as a brotli-accepting browser downloads them (issue 12's budget)", async () => {
    const page = await get(built.app.url + "/discover");
    const urls = scriptUrlsLoadedBy(await page.text());
    const closure = [...staticClosure(readBrowserMetafile(), urls.map(outputForUrl))];
    let wire = 0;
    for (const out of closure) {
      const res = await rawGet(built.app.url + "/" + path.relative("public", out).split(path.sep).join("/"), {
        "accept-encoding": "gzip, deflate, br",
      });
      expect(res.status).toBe(200);
      wire += res.body.length;
    }
    expect(closure.length).toBeGreaterThan(5);
    expect(wire / 1024).toBeLessThanOrEqual(87);
  });

  it("are precompressed at build time: brotli and gzip files beside each", () => {
    const file = path.join("public", bigJs);
    expect(fs.existsSync(`${file}.br`)).toBe(true);
    expect(fs.existsSync(`${file}.gz`)).toBe(true);
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).equals(fs.readFileSync(file))).toBe(true);
  });

  it("are served in the encoding asked for, with immutable caching and a 304 on a matching ETag", async () => {
    const raw = fs.readFileSync(path.join("public", bigJs));
    const ask = (enc: string, extra: Record<string, string> = {}) => rawGet(built.app.url + bigJs, { "accept-encoding": enc, ...extra });
    const br = await ask("gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(zlib.brotliDecompressSync(br.body).equals(raw)).toBe(true);
    const gz = await ask("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).equals(raw)).toBe(true);
    const identity = await ask("identity");
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.body.equals(raw)).toBe(true);
    const again = await ask("br", { "if-none-match": String(br.headers.etag) });
    expect(again.status).toBe(304);
    expect((await fetch(built.app.url + "/build/no-such-file.js")).status).toBe(404);
  });
});
