// A private picture's files are served to its owner only, on the built server; making
// it private or deleting it makes every URL handed out before stop working. Disk storage
// (the embedded default: the image route checks the picture's row) and Supabase Storage
// (a private bucket and signed URLs; the real supabase-js against the loopback server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../client";
import { pictureVia } from "../support/pipeline";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { startSupabaseStorageServer, type StorageServer } from "../support/supabase-storage-server";

const LIMITS = { RATE_LIMITS: "read:1000,mutation:1000,generate:1000" };

async function signInCookie(baseUrl: string, name: string): Promise<string> {
  const res = await fetch(`${baseUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password: "" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe("disk storage: the image route checks the picture", () => {
  let built: BuiltApp;
  let owner: { id: string; token: string };
  let other: { id: string; token: string };
  const as = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` });
  const abs = (u: string | null) => `${built.app.url}${u}`;

  beforeAll(async () => {
    built = await startBuiltApp(LIMITS);
    owner = await built.userWithToken("owner");
    other = await built.userWithToken("other");
  });
  afterAll(async () => {
    await built?.stop();
  });

  it("a private picture's files reach its owner only, never a shared cache", async () => {
    const studio = createClient({ url: built.app.url, token: owner.token });
    const pic = await pictureVia(studio, { prompt: "a private garden", skipOptimize: true, seed: 3 });
    expect(pic.isPublic).toBe(false);
    for (const url of [pic.imageUrl, pic.thumbnailUrl]) {
      expect(url).toMatch(/^\/images\//);
      expect((await get(abs(url))).status, `anonymous ${url}`).toBe(404);
      expect((await get(abs(url), as(other))).status, `another user ${url}`).toBe(404);
      const mine = await get(abs(url), as(owner));
      expect(mine.status).toBe(200);
      expect(mine.headers.get("cache-control")).toBe("private, no-store");
      expect(mine.headers.get("content-type")).toMatch(/^image\//);
    }
  });

  it("a browser signed in with its cookie sees its own private picture", async () => {
    const cookie = await signInCookie(built.app.url, "Cookie Owner");
    const studio = createClient({
      url: built.app.url,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
    });
    const pic = await pictureVia(studio, { prompt: "a private cookie jar", skipOptimize: true });
    expect((await get(abs(pic.thumbnailUrl), { cookie })).status).toBe(200);
    expect((await get(abs(pic.thumbnailUrl), { cookie: await signInCookie(built.app.url, "Someone Else") })).status).toBe(404);
  });

  it("public pictures stay cacheable; making one private again moves it off its old URLs", async () => {
    const studio = createClient({ url: built.app.url, token: owner.token });
    const pic = await pictureVia(studio, { prompt: "a shared harbour", skipOptimize: true, isPublic: true });
    const publicRes = await get(abs(pic.imageUrl));
    expect(publicRes.status).toBe(200);
    expect(publicRes.headers.get("cache-control")).toBe("public, max-age=31536000, s-maxage=300, immutable");
    expect((await get(abs(pic.thumbnailUrl))).status).toBe(200);

    const hidden = await studio.generation.update.mutate({ id: pic.id, isPublic: false });
    expect(hidden.imageUrl).not.toBe(pic.imageUrl);
    expect(hidden.thumbnailUrl).not.toBe(pic.thumbnailUrl);
    for (const old of [pic.imageUrl, pic.thumbnailUrl]) {
      expect((await get(abs(old))).status, `old ${old}, anonymous`).toBe(404);
      expect((await get(abs(old), as(owner))).status, `old ${old}, owner`).toBe(404);
    }
    expect((await get(abs(hidden.imageUrl))).status).toBe(404);
    expect((await get(abs(hidden.imageUrl), as(owner))).status).toBe(200);
    // The gallery no longer shows it, and its page is gone for others.
    const feed = await createClient({ url: built.app.url }).discovery.query({});
    expect(feed.items.map((g) => g.id)).not.toContain(pic.id);
  });

  it("deleting a picture makes its URLs stop working, for its owner too", async () => {
    const studio = createClient({ url: built.app.url, token: owner.token });
    const pic = await pictureVia(studio, { prompt: "a picture to delete", skipOptimize: true, isPublic: true });
    expect((await get(abs(pic.imageUrl))).status).toBe(200);
    await studio.generation.delete.mutate({ id: pic.id });
    for (const url of [pic.imageUrl, pic.thumbnailUrl]) {
      expect((await get(abs(url))).status).toBe(404);
      expect((await get(abs(url), as(owner))).status).toBe(404);
    }
  });
});

describe("Supabase storage: a private bucket and signed URLs", () => {
  const KEY = "service-role-test-key";
  let storage: StorageServer;
  let built: BuiltApp;
  let owner: { id: string; token: string };

  beforeAll(async () => {
    storage = await startSupabaseStorageServer({ key: KEY, bucket: "generations" });
    built = await startBuiltApp({ ...LIMITS, SUPABASE_URL: storage.url, SUPABASE_SERVICE_ROLE_KEY: KEY });
    owner = await built.userWithToken("supa-owner");
  });
  afterAll(async () => {
    await built?.stop();
    await storage?.close();
  });

  const publicUrlOf = (signed: string) => signed.replace("/object/sign/", "/object/public/").replace(/\?.*$/, "");

  it("pictures load only through signed URLs; the bucket itself is not public", async () => {
    const studio = createClient({ url: built.app.url, token: owner.token });
    const pic = await pictureVia(studio, { prompt: "a private dune", skipOptimize: true });
    expect(pic.imageUrl).toMatch(new RegExp(`^${storage.url}/storage/v1/object/sign/generations/.+\\.png\\?token=`));
    expect(pic.thumbnailUrl).toMatch(/\.thumb\.webp\?token=/);
    const res = await get(pic.imageUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect((await get(publicUrlOf(pic.imageUrl!))).status).toBe(400);
    // A private picture's signed URL lives an hour: after that it is refused.
    storage.advanceClock(61 * 60 * 1000);
    try {
      expect((await get(pic.imageUrl!)).status).toBe(400);
    } finally {
      storage.advanceClock(-61 * 60 * 1000);
    }
  });

  it("signed URLs are reused between views, not signed afresh each time", async () => {
    const studio = createClient({ url: built.app.url, token: owner.token });
    await pictureVia(studio, { prompt: "a cached view", skipOptimize: true, isPublic: true });
    const first = await createClient({ url: built.app.url }).discovery.query({});
    const signsAfterFirst = storage.signRequests();
    const second = await createClient({ url: built.app.url }).discovery.query({});
    expect(second.items.map((g) => g.imageUrl)).toEqual(first.items.map((g) => g.imageUrl));
    expect(storage.signRequests()).toBe(signsAfterFirst);
  });

  it("making a picture private makes the URLs handed out while it was public stop working", async () => {
    const studio = createClient({ url: built.app.url, token: owner.token });
    const pic = await pictureVia(studio, { prompt: "a shared oasis", skipOptimize: true, isPublic: true });
    const seenByAnyone = (await createClient({ url: built.app.url }).generation.get.query({ id: pic.id })).imageUrl!;
    expect((await get(seenByAnyone)).status).toBe(200);

    const hidden = await studio.generation.update.mutate({ id: pic.id, isPublic: false });
    expect((await get(seenByAnyone)).status).not.toBe(200);
    expect((await get(pic.thumbnailUrl!)).status).not.toBe(200);
    expect((await get(hidden.imageUrl!)).status).toBe(200);
    expect(storage.objects.size).toBeGreaterThanOrEqual(2);

    await studio.generation.delete.mutate({ id: pic.id });
    expect((await get(hidden.imageUrl!)).status).not.toBe(200);
    expect([...storage.objects.keys()].some((k) => hidden.imageUrl!.includes(k))).toBe(false);
  });
});
