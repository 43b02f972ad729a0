// /discover and /history with search, filters and sort in the URL (issue 11 items 1–3,
// pages): rendered by the built server, plain HTML that works without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltApp, type BuiltApp } from "../support/built-app";

let built: BuiltApp;
let token: string;
let userId: string;

beforeAll(async () => {
  built = await startBuiltApp({ RATE_LIMITS: "read:100000" });
  ({ token, id: userId } = await built.userWithToken("pager"));
  const base = Date.UTC(2026, 4, 1);
  const row = (prompt: string, i: number, extra: { isPublic?: boolean; likeCount?: number } = {}) => ({
    userId,
    status: "succeeded" as const,
    width: 8,
    height: 8,
    originalPrompt: prompt,
    model: "m",
    provider: "local",
    aspectRatio: "1:1",
    isPublic: extra.isPublic ?? true,
    likeCount: extra.likeCount ?? 0,
    createdAt: new Date(base + i * 1000),
  });
  await built.db.generation.createMany({
    data: [
      ...Array.from({ length: 26 }, (_, i) => row(`copper fox number ${i}`, i, { likeCount: i % 5 })),
      row("silver owl in the rain", 100),
      row("hidden copper fox", 101, { isPublic: false }),
    ],
  });
});
afterAll(async () => {
  await built?.stop();
});

const get = (path: string, auth = false) => fetch(`${built.app.url}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
const decode = (html: string) => html.replaceAll("&amp;", "&");

describe("feed pages with search, filters and sort", () => {
  it("/discover?q=…&sort=top renders matches, the form filled in, a chip, and a next link that keeps them", async () => {
    const res = await get("/discover?q=copper&sort=top&window=all");
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain("copper fox number");
    expect(html).not.toContain("silver owl");
    expect(html).not.toContain("hidden copper fox");
    expect(html).toMatch(/<input[^>]*name="q"[^>]*value="copper"|<input[^>]*value="copper"[^>]*name="q"/);
    expect(html).toContain("Remove filter Search: copper");
    const next = /href="(\/discover\?[^"]*cursor=[^"]+)"/.exec(html)?.[1];
    expect(next).toMatch(/q=copper/);
    expect(next).toMatch(/sort=top/);
    const second = decode(await (await get(next!)).text());
    expect(second).toContain("copper fox number");
    // 26 matches: 24 on the first page, the other 2 on the second, none twice.
    const numbers = (h: string) => new Set([...h.matchAll(/copper fox number (\d+)/g)].map((m) => m[1]));
    const [a, b] = [numbers(html), numbers(second)];
    expect(a.size).toBe(24);
    expect(b.size).toBe(2);
    expect(new Set([...a, ...b]).size).toBe(26);
  });

  it("/history filters by visibility for its owner", async () => {
    const html = decode(await (await get("/history?visibility=private", true)).text());
    expect(html).toContain("hidden copper fox");
    expect(html).not.toContain("copper fox number");
  });

  it("a bad filter in the URL is a 400 page, not a 500", async () => {
    for (const path of ["/discover?from=yesterday", "/discover?sort=best", "/history?seed=abc"]) {
      const res = await get(path, true);
      expect(res.status, path).toBe(400);
    }
  });

  it("nothing matching says so", async () => {
    const html = await (await get("/discover?q=zzzyyyxxxqqq")).text();
    expect(html).toContain("Nothing matches");
  });
});

describe("like button and lineage on the pages", () => {
  it("a plain form post likes and unlikes, then goes back to the page it came from", async () => {
    const { id } = await built.db.generation.findFirstOrThrow({ where: { originalPrompt: "silver owl in the rain" } });
    const post = (intent: string, back: string) =>
      fetch(`${built.app.url}/g/${id}/like`, {
        method: "POST",
        redirect: "manual",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent, back }).toString(),
      });
    const liked = await post("like", "/discover?q=owl");
    expect(liked.status).toBe(302);
    expect(liked.headers.get("location")).toBe("/discover?q=owl");
    expect((await built.db.generation.findUniqueOrThrow({ where: { id } })).likeCount).toBe(1);
    const html = await (await get("/discover?q=owl", true)).text();
    expect(html).toMatch(/<button type="submit" aria-pressed="true" aria-label="Like, 1 like"[^>]*>1<\/button>/);
    // Somewhere else is not a place to go back to.
    const unliked = await post("unlike", "//evil.example/");
    expect(unliked.headers.get("location")).toBe(`/g/${id}`);
    expect((await built.db.generation.findUniqueOrThrow({ where: { id } })).likeCount).toBe(0);
  });

  it("the detail page says what a picture was remixed from and lists its remixes", async () => {
    const parent = await built.db.generation.findFirstOrThrow({ where: { originalPrompt: "silver owl in the rain" } });
    const child = await built.db.generation.create({
      data: {
        userId,
        status: "succeeded",
        width: 8,
        height: 8,
        originalPrompt: "golden owl remix",
        model: "m",
        provider: "local",
        aspectRatio: "1:1",
        isPublic: true,
        parentId: parent.id,
      },
    });
    const page = await (await get(`/g/${child.id}`)).text();
    expect(page).toContain("Remixed from");
    expect(page).toContain(`href="/g/${parent.id}"`);
    expect(await (await get(`/g/${parent.id}`)).text()).toContain("Remixes (1)");
    // Deleted behind the app's back (no mutation went through it): past the shared cache of
    // anonymous pages, which may keep the page it had for up to 1 s.
    await built.db.generation.delete({ where: { id: parent.id } });
    const fresh = await fetch(`${built.app.url}/g/${child.id}`, { headers: { "cache-control": "no-cache" } });
    expect(await fresh.text()).toContain("a deleted picture");
  });
});

describe("profile and collection pages", () => {
  it("/u/:id shows the user's public pictures and public collections; /c/:id a public collection with OG tags", async () => {
    const owner = await built.db.user.findUniqueOrThrow({ where: { id: userId } });
    const pics = await built.db.generation.findMany({
      where: { userId, originalPrompt: { in: ["copper fox number 3", "hidden copper fox"] } },
    });
    const shown = await built.db.collection.create({ data: { userId, name: "Foxes I like", isPublic: true } });
    const hidden = await built.db.collection.create({ data: { userId, name: "Secret board", isPublic: false } });
    await built.db.collectionItem.createMany({
      data: pics.flatMap((p) => [
        { collectionId: shown.id, generationId: p.id },
        { collectionId: hidden.id, generationId: p.id },
      ]),
    });

    const profile = await (await get(`/u/${userId}`)).text();
    expect(profile).toContain(owner.name!);
    expect(profile).toContain("Foxes I like");
    expect(profile).not.toContain("Secret board");
    expect(profile).toContain("copper fox number");
    expect(profile).not.toContain("hidden copper fox");

    const res = await get(`/c/${shown.id}`);
    expect(res.status).toBe(200);
    const coll = await res.text();
    expect(coll).toMatch(/<meta property="og:title" content="Foxes I like/);
    expect(coll).toContain("copper fox number 3");
    expect(coll).not.toContain("hidden copper fox");
    expect((await get(`/c/${hidden.id}`)).status).toBe(404);
    expect((await get(`/c/${hidden.id}`, true)).status).toBe(200);
    expect((await get(`/u/nobody-at-all`)).status).toBe(404);
  });
});

describe("save to collection from the picture's page", () => {
  it("shows the form to a signed-in viewer and saves with a plain post (a new collection or an existing one)", async () => {
    const pic = await built.db.generation.findFirstOrThrow({ where: { originalPrompt: "copper fox number 7" } });
    expect(await (await get(`/g/${pic.id}`)).text()).not.toContain("Save to collection");
    expect(await (await get(`/g/${pic.id}`, true)).text()).toContain("Save to collection");
    const post = (fields: Record<string, string>) =>
      fetch(`${built.app.url}/c/save`, {
        method: "POST",
        redirect: "manual",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ generationId: pic.id, ...fields }).toString(),
      });
    const created = await post({ newName: "Saved from the page" });
    expect(created.status).toBe(302);
    const coll = await built.db.collection.findFirstOrThrow({ where: { userId, name: "Saved from the page" }, include: { items: true } });
    expect(coll.items.map((i) => i.generationId)).toEqual([pic.id]);
    expect(created.headers.get("location")).toBe(`/g/${pic.id}?saved=${coll.id}`);
    const other = await built.db.generation.findFirstOrThrow({ where: { originalPrompt: "copper fox number 8" } });
    const again = await fetch(`${built.app.url}/c/save`, {
      method: "POST",
      redirect: "manual",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ generationId: other.id, collectionId: coll.id }).toString(),
    });
    expect(again.status).toBe(302);
    expect(await built.db.collectionItem.count({ where: { collectionId: coll.id } })).toBe(2);
    expect((await post({ newName: "" })).status).toBe(400);
  });
});
