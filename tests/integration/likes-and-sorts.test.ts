// Likes and the discovery sorts (issue 11 item 3, and item 8 for them) on real PostgreSQL:
// like / unlike are idempotent and for public pictures only, counts and likedByMe show
// on every view, and new / top / trending page by keyset through ties exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, insertPicture } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import type { SessionUser } from "../../server/users/session-user";
import type { FeedPage } from "../../server/generations/feeds";
import { deleteUserAndImages } from "../../server/users/delete-user";
import { awayFromWindowEdge } from "../support/limit-window";

let services: TestServices;
let alice: SessionUser;
let bob: SessionUser;

async function make(
  user: SessionUser,
  prompt: string,
  extra: { isPublic?: boolean; createdAt?: Date; status?: "succeeded" | "queued" } = {},
) {
  return insertPicture(services.db, user.id, {
    originalPrompt: prompt,
    status: extra.status ?? "succeeded",
    isPublic: extra.isPublic ?? true,
    createdAt: extra.createdAt,
  });
}

beforeAll(async () => {
  // A low like limit, to see it refuse; other limits high enough not to matter.
  services = await createTestServices({ RATE_LIMITS: "like:12,read:100000,mutation:100000" });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
});
afterAll(() => services.dispose());

describe("like and unlike", () => {
  it("are idempotent and show as likeCount and likedByMe to each viewer", async () => {
    const id = await make(alice, "a liked lantern");
    const asBob = callerFor(services, bob);
    expect(await asBob.generation.like({ id })).toEqual({ id, likeCount: 1, likedByMe: true });
    expect(await asBob.generation.like({ id })).toEqual({ id, likeCount: 1, likedByMe: true });
    expect(await callerFor(services, alice).generation.like({ id })).toEqual({ id, likeCount: 2, likedByMe: true });
    expect(await asBob.generation.get({ id })).toMatchObject({ likeCount: 2, likedByMe: true });
    expect(await callerFor(services, null).generation.get({ id })).toMatchObject({ likeCount: 2, likedByMe: false });
    const seenByBob = (await asBob.discovery({ q: "lantern" })).items.find((i) => i.id === id);
    expect(seenByBob).toMatchObject({ likeCount: 2, likedByMe: true });
    expect((await callerFor(services, null).discovery({ q: "lantern" })).items[0]).toMatchObject({ likeCount: 2, likedByMe: false });
    expect(await asBob.generation.unlike({ id })).toEqual({ id, likeCount: 1, likedByMe: false });
    expect(await asBob.generation.unlike({ id })).toEqual({ id, likeCount: 1, likedByMe: false });
    expect((await callerFor(services, alice).history({ q: "lantern" })).items[0]).toMatchObject({ likeCount: 1, likedByMe: true });
    expect(await services.db.like.count({ where: { generationId: id } })).toBe(1);
  });

  it("count concurrent likes exactly", async () => {
    const id = await make(alice, "a crowded square");
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(services, `fan${i}`)));
    await Promise.all(
      users.flatMap((u) => [callerFor(services, u).generation.like({ id }), callerFor(services, u).generation.like({ id })]),
    );
    expect((await callerFor(services, null).generation.get({ id })).likeCount).toBe(8);
  });

  it("refuse anonymous callers, others' private pictures, own private ones and missing ids", async () => {
    const secret = await make(alice, "secret", { isPublic: false });
    const queued = await make(alice, "queued", { status: "queued", isPublic: true });
    expect((await trpcErrorOf(callerFor(services, null).generation.like({ id: secret }))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(callerFor(services, null).generation.unlike({ id: secret }))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(callerFor(services, bob).generation.like({ id: secret }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, bob).generation.unlike({ id: secret }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, bob).generation.like({ id: queued }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, alice).generation.like({ id: secret }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(callerFor(services, bob).generation.like({ id: "nope" }))).code).toBe("NOT_FOUND");
    expect(await services.db.like.count({ where: { generationId: { in: [secret, queued] } } })).toBe(0);
  });

  it("leave with a deleted user: the pictures they liked count one fewer", async () => {
    const id = await make(alice, "a departing fan's favourite");
    const fan = await createUser(services, "leaving");
    await callerFor(services, fan).generation.like({ id });
    await callerFor(services, bob).generation.like({ id });
    await deleteUserAndImages(services, fan.id);
    expect((await callerFor(services, null).generation.get({ id })).likeCount).toBe(1);
  });

  it("are rate-limited by the catalogue's like limit", async () => {
    const carol = await createUser(services, "carol");
    const id = await make(alice, "limited");
    const me = callerFor(services, carol);
    await awayFromWindowEdge(60_000, 5_000);
    for (let i = 0; i < 12; i++) await me.generation.like({ id });
    expect((await trpcErrorOf(me.generation.like({ id }))).code).toBe("TOO_MANY_REQUESTS");
  });
});

async function all(fetchPage: (cursor: string | null) => Promise<FeedPage>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const p: FeedPage = await fetchPage(cursor);
    seen.push(...p.items.map((i) => i.id));
    cursor = p.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

describe("discovery sorts", () => {
  it("top and trending page through ties once each, in their order, without private pictures", async () => {
    const dave = await createUser(services, "dave");
    const now = Date.now();
    // 40 pictures in the last 3 days: likes 0–3 (many ties), some private, some sharing an instant.
    const made: { id: string; likes: number; at: number; isPublic: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      const at = now - (i % 4) * 20 * 3_600_000;
      const isPublic = i % 7 !== 3;
      const id = await make(dave, `sorted ${i}`, { isPublic, createdAt: new Date(at) });
      const likes = i % 4 === 0 ? 0 : (i % 3) + 1;
      // Counts set directly (the likes themselves are tested above); trendingScore follows.
      await services.db.generation.update({ where: { id }, data: { likeCount: likes } });
      made.push({ id, likes, at, isPublic });
    }
    // Signed in as someone else (anonymous reads have a low per-IP limit).
    const anon = callerFor(services, await createUser(services, "eve"));
    const mine = (ids: string[]) => ids.filter((id) => made.some((m) => m.id === id));
    const pub = made.filter((m) => m.isPublic);
    const byKey = (key: (m: (typeof made)[number]) => number) =>
      [...pub].sort((a, b) => key(b) - key(a) || b.at - a.at || (a.id < b.id ? 1 : -1)).map((m) => m.id);

    const top = mine(await all((cursor) => anon.discovery({ sort: "top", window: "all", cursor, limit: 4 })));
    expect(top).toEqual(byKey((m) => m.likes));
    const day = mine(await all((cursor) => anon.discovery({ sort: "top", window: "day", cursor, limit: 3 })));
    expect(day).toEqual(byKey((m) => m.likes).filter((id) => made.find((m) => m.id === id)!.at > now - 86_400_000));
    expect(day.length).toBeGreaterThan(0);
    expect(day.length).toBeLessThan(top.length);
    const trending = mine(await all((cursor) => anon.discovery({ sort: "trending", cursor, limit: 5 })));
    expect(trending).toEqual(byKey((m) => Math.log(1 + m.likes) + m.at / 1000 / 43_200));
    // Time decay: a newer picture with fewer likes can beat an older one with more.
    expect(trending).not.toEqual(top);
    const newest = mine(await all((cursor) => anon.discovery({ sort: "new", cursor, limit: 6 })));
    expect(newest).toEqual(byKey(() => 0));
  });

  it("combine with a search, and take back only their own kind of cursor", async () => {
    const anon = callerFor(services, await createUser(services, "frank"));
    const top = await anon.discovery({ sort: "top", window: "all", limit: 1 });
    const trending = await anon.discovery({ sort: "trending", limit: 1 });
    const plain = await anon.discovery({ limit: 1 });
    expect((await trpcErrorOf(anon.discovery({ sort: "trending", cursor: top.nextCursor }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(anon.discovery({ sort: "top", cursor: trending.nextCursor }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(anon.discovery({ sort: "top", cursor: plain.nextCursor }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(anon.discovery({ q: "sorted", sort: "top", cursor: top.nextCursor }))).code).toBe("BAD_REQUEST");
    const searched = await all((cursor) => anon.discovery({ q: "sorted", sort: "top", window: "all", cursor, limit: 7 }));
    const likes = await services.db.generation.findMany({ where: { id: { in: searched } }, select: { id: true, likeCount: true } });
    const count = new Map(likes.map((l) => [l.id, l.likeCount]));
    const counts = searched.map((id) => count.get(id)!);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(new Set(searched).size).toBe(searched.length);
    expect(searched.length).toBeGreaterThan(20);
    expect((await trpcErrorOf(anon.discovery({ sort: "best" } as never))).code).toBe("BAD_REQUEST");
  });
});

describe("forged ranked cursors", () => {
  it("are a 400, never a database error", async () => {
    const anon = callerFor(services, bob);
    const forge = (tail: string) => Buffer.from(`2026-01-01T00:00:00.000Z|abc|${tail}`).toString("base64url");
    const cases: [Record<string, unknown>, string][] = [
      [{ sort: "top" }, "nl1e5"],
      [{ sort: "top" }, "nl99999999999"],
      [{ sort: "top" }, "nl-1.5"],
      [{ q: "otter" }, "fr1e-300"],
      [{ q: "otter" }, "fr1e300"],
      [{ sort: "trending" }, "nh1e-999"],
      [{ sort: "trending" }, "zz1"],
    ];
    for (const [input, tail] of cases) {
      expect((await trpcErrorOf(anon.discovery({ ...input, cursor: forge(tail) } as never))).code, tail).toBe("BAD_REQUEST");
    }
    // In range, the same forms are taken.
    await expect(anon.discovery({ sort: "top", cursor: forge("nl3") })).resolves.toBeDefined();
    await expect(anon.discovery({ q: "otter", cursor: forge("fr0.25") })).resolves.toBeDefined();
    await expect(anon.discovery({ sort: "trending", cursor: forge("nh41234.123456789") })).resolves.toBeDefined();
  });
});
