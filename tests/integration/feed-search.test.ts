// Search and filters on discovery and history (issue 11 items 1, 2 and 8) on real
// PostgreSQL: full text with stemming, phrases and prefixes over both prompts, trigram
// fallback for typos, ranked keyset pages with ties, filters, and who sees what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, insertPicture } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import type { SessionUser } from "../../server/users/session-user";
import type { FeedPage } from "../../server/generations/feeds";

let services: TestServices;
let alice: SessionUser;
let bob: SessionUser;
// Signed in, owning nothing searched for: anonymous reads are limited to 60 a minute.
let viewer: SessionUser;

type Row = {
  prompt: string;
  better?: string;
  isPublic?: boolean;
  style?: string;
  model?: string;
  aspectRatio?: string;
  seed?: number;
  createdAt?: Date;
  user?: SessionUser;
};

let made = 0;
async function make(r: Row): Promise<string> {
  return insertPicture(services.db, (r.user ?? alice).id, {
    originalPrompt: r.prompt,
    betterPrompt: r.better ?? null,
    model: r.model ?? "local-procedural",
    style: r.style ?? null,
    aspectRatio: r.aspectRatio ?? "1:1",
    seed: r.seed ?? null,
    isPublic: r.isPublic ?? true,
    createdAt: r.createdAt ?? new Date(Date.UTC(2026, 5, 1, 0, 0, ++made)),
  });
}

const prompts = (p: FeedPage) => p.items.map((i) => i.originalPrompt);

beforeAll(async () => {
  services = await createTestServices({ RATE_LIMITS: "read:100000,mutation:100000" });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
  viewer = await createUser(services, "viewer");
});
afterAll(() => services.dispose());

describe("discovery search", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {
      flies: await make({ prompt: "a dragon flies over the castle" }),
      fox: await make({ prompt: "red fox in the snow" }),
      reversed: await make({ prompt: "a fox, red sky behind" }),
      better: await make({ prompt: "sunset", better: "a lighthouse at sunset, volumetric light" }),
      privateDragon: await make({ prompt: "a private dragon", isPublic: false, user: bob }),
    };
  });

  it("stems words and searches the optimized prompt too", async () => {
    const anon = callerFor(services, null);
    expect(prompts(await anon.discovery({ q: "dragons flying" }))).toEqual(["a dragon flies over the castle"]);
    expect((await anon.discovery({ q: "lighthouses" })).items.map((i) => i.id)).toEqual([ids.better]);
  });

  it("matches a quoted phrase only in that order, and excludes -words", async () => {
    const anon = callerFor(services, null);
    expect(prompts(await anon.discovery({ q: '"red fox"' }))).toEqual(["red fox in the snow"]);
    expect(prompts(await anon.discovery({ q: "fox -snow" }))).toEqual(["a fox, red sky behind"]);
  });

  it("takes a word still being typed as a prefix", async () => {
    const anon = callerFor(services, null);
    expect(prompts(await anon.discovery({ q: "drag" }))).toEqual(["a dragon flies over the castle"]);
    expect(prompts(await anon.discovery({ q: "castle lightho" }))).toEqual([]);
    expect((await anon.discovery({ q: "sunset lightho" })).items.map((i) => i.id)).toEqual([ids.better]);
  });

  it("forgives typos through trigrams when full text finds nothing", async () => {
    const anon = callerFor(services, null);
    expect(prompts(await anon.discovery({ q: "dragn " }))).toEqual(["a dragon flies over the castle"]);
    expect(prompts(await anon.discovery({ q: "lighthuose " })).length).toBe(1);
    expect((await anon.discovery({ q: "zzzqqqxxx" })).items).toEqual([]);
  });

  it("never shows someone else's private picture; its owner finds it in history", async () => {
    for (const viewer of [null, alice, bob]) {
      const found = await callerFor(services, viewer).discovery({ q: "dragon" });
      expect(found.items.map((i) => i.id)).not.toContain(ids.privateDragon);
      const typo = await callerFor(services, viewer).discovery({ q: "privte dragn" });
      expect(typo.items.map((i) => i.id)).not.toContain(ids.privateDragon);
    }
    expect((await callerFor(services, bob).history({ q: "dragon" })).items.map((i) => i.id)).toEqual([ids.privateDragon]);
    expect((await callerFor(services, alice).history({ q: "private" })).items).toEqual([]);
  });

  it("survives text that is tsquery syntax, and an empty q is no search", async () => {
    const anon = callerFor(services, null);
    for (const q of ["a & b | !c", "fox:*", "(((", "'", '"', "-", "<->", "dragon:", "ünïcödé", "🦊 fox"]) {
      await expect(anon.discovery({ q })).resolves.toBeDefined();
    }
    expect((await anon.discovery({ q: "  " })).items.length).toBe((await anon.discovery({})).items.length);
  });
});

describe("ranked pages", () => {
  it("page through ties in score exactly once each, best first", async () => {
    const carol = await createUser(services, "carol");
    // Scores tie in groups (same text) and createdAt ties too (same second): the id decides.
    const at = new Date(Date.UTC(2026, 6, 1));
    const texts = ["otter", "otter otter", "otter otter otter river", "an otter by a river"];
    for (let i = 0; i < 60; i++)
      await make({
        prompt: texts[i % texts.length]!,
        user: carol,
        isPublic: i % 5 !== 0,
        createdAt: i % 3 ? at : new Date(at.getTime() + i),
      });
    const me = callerFor(services, carol);
    for (const [name, fetchPage, total] of [
      ["history", (cursor: string | null) => me.history({ q: "otters", cursor, limit: 7 }), 60],
      ["discovery", (cursor: string | null) => callerFor(services, null).discovery({ q: "otters", cursor, limit: 5 }), 48],
      ["history, typo", (cursor: string | null) => me.history({ q: "oter", cursor, limit: 9 }), 60],
    ] as const) {
      const seen: FeedPage["items"] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const p: FeedPage = await fetchPage(cursor);
        seen.push(...p.items);
        cursor = p.nextCursor;
        if (!cursor) break;
      }
      expect(new Set(seen.map((s) => s.id)).size, name).toBe(total);
      expect(seen.length, name).toBe(total);
      // The same search in one statement, without pages, gives the same order.
      const whole = await fetchAll(name.startsWith("discovery") ? null : carol, name.endsWith("typo") ? "oter" : "otters");
      expect(
        seen.map((s) => s.id),
        name,
      ).toEqual(whole);
    }
  });

  it("refuses a cursor from another kind of page", async () => {
    const plain = await callerFor(services, null).discovery({ limit: 1 });
    const ranked = await callerFor(services, null).discovery({ q: "otter", limit: 1 });
    expect((await trpcErrorOf(callerFor(services, null).discovery({ q: "otter", cursor: plain.nextCursor }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(callerFor(services, null).discovery({ cursor: ranked.nextCursor }))).code).toBe("BAD_REQUEST");
  });
});

/**
 * The same search in one statement, without pages: history ranks all its matches (best
 * first, then newest), discovery within each creation day, newest day first.
 */
async function fetchAll(owner: SessionUser | null, q: string): Promise<string[]> {
  const where = owner ? `g."userId" = $2` : `g."isPublic" = true`;
  const typo = q === "oter";
  const doc = `(g."originalPrompt" || ' ' || coalesce(g."betterPrompt", ''))`;
  const score = typo
    ? `word_similarity($1, ${doc})`
    : `ts_rank(g."searchVector", websearch_to_tsquery('english', $1) || to_tsquery('english', $1 || ':*'))`;
  const match = typo
    ? `word_similarity($1, ${doc}) >= 0.5`
    : `g."searchVector" @@ (websearch_to_tsquery('english', $1) || to_tsquery('english', $1 || ':*'))`;
  const day = owner ? "" : `g."createdAt"::date DESC, `;
  const rows = await services.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT g.id FROM "Generation" g WHERE ${where} AND ${match} ORDER BY ${day}${score} DESC, g."createdAt" DESC, g.id DESC`,
    q,
    ...(owner ? [owner.id] : []),
  );
  return rows.map((r) => r.id);
}

describe("ranking", () => {
  it("puts the typed prompt above the optimized one and more mentions above fewer, within a day", async () => {
    const erin = await createUser(services, "erin");
    const day = new Date(Date.UTC(2026, 7, 3, 12));
    const at = (s: number) => new Date(day.getTime() + s * 1000);
    // Newest first in time, so only the ranking can put them in this order.
    const onlyOptimized = await make({ user: erin, prompt: "a calm sea", better: "a calm sea with a walrus", createdAt: at(3) });
    const typedOnce = await make({ user: erin, prompt: "a walrus on ice", createdAt: at(2) });
    const typedTwice = await make({
      user: erin,
      prompt: "walrus beside a walrus",
      better: "walrus beside a walrus, cinematic",
      createdAt: at(1),
    });
    const expected = [typedTwice, typedOnce, onlyOptimized];
    expect((await callerFor(services, viewer).discovery({ q: "walrus" })).items.map((i) => i.id)).toEqual(expected);
    expect((await callerFor(services, erin).history({ q: "walrus" })).items.map((i) => i.id)).toEqual(expected);
  });

  it("discovery: newest day first, best match first within each day; history and profiles: best match first overall", async () => {
    const fred = await createUser(services, "fred");
    const day = (d: number, h: number) => new Date(Date.UTC(2026, 8, d, h));
    // Day 2 (newer) has only a weak match; day 1 a strong one, made later in its day.
    const weakNewerDay = await make({ user: fred, prompt: "harbor", better: "harbor with a narwhal", createdAt: day(2, 1) });
    const strongOlderDay = await make({ user: fred, prompt: "narwhal, narwhal, narwhal", createdAt: day(1, 23) });
    const weakOlderDay = await make({ user: fred, prompt: "ice", better: "ice and a narwhal", createdAt: day(1, 22) });
    expect((await callerFor(services, viewer).discovery({ q: "narwhal" })).items.map((i) => i.id)).toEqual([
      weakNewerDay,
      strongOlderDay,
      weakOlderDay,
    ]);
    // One user's pictures (history, a profile) are few: ranked as a whole.
    const wholly = [strongOlderDay, weakNewerDay, weakOlderDay];
    expect((await callerFor(services, fred).history({ q: "narwhal" })).items.map((i) => i.id)).toEqual(wholly);
    expect((await callerFor(services, viewer).profile({ id: fred.id, q: "narwhal" })).pictures.items.map((i) => i.id)).toEqual(wholly);
  });

  it("public pages across many days: each row once, in the one-statement order", async () => {
    const gus = await createUser(services, "gus");
    const texts = ["heron", "heron heron", "a heron by a lake", "lake"];
    for (let i = 0; i < 40; i++) {
      // Ten days, four rows a day, two of them in the same millisecond.
      const at = new Date(Date.UTC(2026, 9, 1 + (i % 10), 6 + (i % 3)));
      await make({ user: gus, prompt: texts[i % texts.length]!, better: i % 4 === 1 ? "heron, egret" : undefined, createdAt: at });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 40; pages++) {
      const p: FeedPage = await callerFor(services, viewer).discovery({ q: "heron", cursor, limit: 3 });
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(await fetchAll(null, "heron"));
    // All but the ten rows of "lake" alone.
    expect(seen.length).toBe(30);
  });
});

describe("the word dictionary (typos and half-typed words in discovery)", () => {
  const words = async () => (await services.db.$queryRaw<{ word: string }[]>`SELECT word FROM "PromptWord"`).map((r) => r.word);

  it("holds the words of public prompts only, also once a picture becomes public or its prompt changes", async () => {
    const hal = await createUser(services, "hal");
    await make({ user: hal, prompt: "a quokka grinning", better: "a quokka grinning, ultramarine sky" });
    const hidden = await make({ user: hal, prompt: "a secret axolotl", isPublic: false });
    let all = await words();
    expect(all).toEqual(expect.arrayContaining(["quokka", "grinning", "ultramarine", "sky"]));
    expect(all).not.toContain("axolotl");
    // No correction to a word only ever private: nothing found, and no hint of it.
    expect((await callerFor(services, viewer).discovery({ q: "axolotel" })).items).toEqual([]);
    // Its owner's history still forgives the typo (own prompts, private words included).
    expect((await callerFor(services, hal).history({ q: "axolotel" })).items.map((i) => i.id)).toEqual([hidden]);

    await callerFor(services, hal).generation.update({ id: hidden, isPublic: true });
    all = await words();
    expect(all).toContain("axolotl");
    expect((await callerFor(services, viewer).discovery({ q: "axolotel" })).items.map((i) => i.id)).toEqual([hidden]);

    // A public picture's optimized prompt arriving later (the worker writes it) adds its words.
    await services.db.generation.update({ where: { id: hidden }, data: { betterPrompt: "a secret axolotl, chartreuse pond" } });
    expect(await words()).toContain("chartreuse");
  });

  it("corrects each word to the most similar one, length-aware, and keeps words it knows", async () => {
    const ida = await createUser(services, "ida");
    const tower = await make({ user: ida, prompt: "a lighthouse on a cliff", better: "a lighthouse on a cliff, soft light" });
    const lamp = await make({ user: ida, prompt: "light through a window" });
    const portrait = await make({ user: ida, prompt: "portrait of a gardener", better: "portrait of a gardener, kodak portra 400" });
    const look = callerFor(services, viewer);
    // "lighthuose" is nearer "lighthouse" than "light" (which is also similar).
    expect((await look.discovery({ q: "lighthuose cliff" })).items.map((i) => i.id)).toEqual([tower]);
    // The same with a sort (whose statement gets the corrected words as constants).
    expect((await look.discovery({ q: "lighthuose cliff", sort: "new" })).items.map((i) => i.id)).toEqual([tower]);
    expect((await look.discovery({ q: "ligth window" })).items.map((i) => i.id)).toEqual([lamp]);
    // Trigrams alone would say "portra"; the length difference settles it.
    expect((await look.discovery({ q: "portriat gardner" })).items.map((i) => i.id)).toEqual([portrait]);
    expect((await look.discovery({ q: "gardener qqqzzzxxx" })).items).toEqual([]);
  });

  it("completes a half-typed last word from the dictionary, shortest words first", async () => {
    const jo = await createUser(services, "jo");
    const ids = [await make({ user: jo, prompt: "a pangolin curled up" }), await make({ user: jo, prompt: "pangolins marching" })];
    const look = callerFor(services, viewer);
    expect((await look.discovery({ q: "pango" })).items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect((await look.discovery({ q: "curled pango" })).items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await look.discovery({ q: "pango", sort: "top", window: "all" })).items.map((i) => i.id).sort()).toEqual([...ids].sort());
  });
});

describe("filters", () => {
  it("narrow by style, model, aspect ratio and dates; history also by visibility and seed", async () => {
    const dave = await createUser(services, "dave");
    const day = (d: number, h = 12) => new Date(Date.UTC(2026, 2, d, h));
    await make({ user: dave, prompt: "owl one", style: "anime", aspectRatio: "16:9", seed: 7, createdAt: day(1) });
    await make({ user: dave, prompt: "owl two", style: "cinematic", model: "other-model", seed: 8, createdAt: day(2, 23) });
    await make({ user: dave, prompt: "owl three", isPublic: false, style: "anime", seed: 7, createdAt: day(3, 0) });
    const me = callerFor(services, dave);
    const anon = callerFor(services, null);
    expect(prompts(await me.history({ style: "anime" }))).toEqual(["owl three", "owl one"]);
    expect(prompts(await anon.discovery({ q: "owl", style: "anime" }))).toEqual(["owl one"]);
    expect(prompts(await anon.discovery({ q: "owl", model: "other-model" }))).toEqual(["owl two"]);
    expect(prompts(await me.history({ aspectRatio: "16:9" }))).toEqual(["owl one"]);
    // A day as `to` includes the whole day; `from` starts at its first instant.
    expect(prompts(await me.history({ from: "2026-03-02", to: "2026-03-02" }))).toEqual(["owl two"]);
    expect(prompts(await me.history({ from: "2026-03-02T23:00:00Z" }))).toEqual(["owl three", "owl two"]);
    expect(prompts(await me.history({ to: "2026-03-02T12:00:00+01:00" }))).toEqual(["owl one"]);
    expect(prompts(await me.history({ isPublic: false }))).toEqual(["owl three"]);
    expect(prompts(await me.history({ seed: 7, isPublic: true }))).toEqual(["owl one"]);
    expect(prompts(await me.history({ q: "owl", seed: 8 }))).toEqual(["owl two"]);
  });

  it("answer a clear 400 for bad filters", async () => {
    const anon = callerFor(services, null);
    for (const bad of [
      { from: "yesterday" },
      { from: "2026-02-31" },
      { to: "2026-13-01" },
      { from: "2026-03-02", to: "2026-03-01" },
      { style: "nope" },
      { aspectRatio: "7:3" },
      { q: "x".repeat(201) },
    ]) {
      const e = await trpcErrorOf(anon.discovery(bad as never));
      expect(e.code, JSON.stringify(bad)).toBe("BAD_REQUEST");
    }
    // History's own filters mean nothing to discovery: never a way to see private pictures.
    expect((await anon.discovery({ q: "owl", isPublic: false } as never)).items.every((i) => i.isPublic)).toBe(true);
    expect((await trpcErrorOf(anon.history({ q: "owl" }))).code).toBe("UNAUTHORIZED");
  });
});
