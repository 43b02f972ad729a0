// Collections and profiles (issue 11 items 5, 6 and 8) on real PostgreSQL: the owner
// organises, others read only what is public, and private pictures never show to them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, insertPicture } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import type { SessionUser } from "../../server/users/session-user";
import type { CollectionPage } from "../../server/collections/collections";

let services: TestServices;
let alice: SessionUser;
let bob: SessionUser;

async function picture(user: SessionUser, prompt: string, isPublic = true) {
  return insertPicture(services.db, user.id, { originalPrompt: prompt, isPublic });
}

beforeAll(async () => {
  services = await createTestServices({ RATE_LIMITS: "read:100000,mutation:100000" });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
});
afterAll(() => services.dispose());

describe("collections", () => {
  it("are created, renamed, made public and deleted by their owner only", async () => {
    const me = callerFor(services, alice);
    const c = await me.collection.create({ name: "  Moody skies " });
    expect(c).toMatchObject({ name: "Moody skies", isPublic: false, itemCount: 0, isOwner: true });
    expect((await me.collection.update({ id: c.id, name: "Skies" })).name).toBe("Skies");
    for (const other of [callerFor(services, bob)]) {
      expect((await trpcErrorOf(other.collection.update({ id: c.id, name: "mine now" }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(other.collection.delete({ id: c.id }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(other.collection.get({ id: c.id }))).code).toBe("NOT_FOUND");
    }
    expect((await trpcErrorOf(callerFor(services, null).collection.get({ id: c.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, null).collection.create({ name: "x" }))).code).toBe("UNAUTHORIZED");
    expect((await me.collection.update({ id: c.id, isPublic: true })).isPublic).toBe(true);
    expect((await callerFor(services, null).collection.get({ id: c.id })).name).toBe("Skies");
    expect((await me.collection.mine()).map((x) => x.id)).toContain(c.id);
    expect(await me.collection.delete({ id: c.id })).toEqual({ id: c.id, deleted: true });
    expect((await trpcErrorOf(me.collection.get({ id: c.id }))).code).toBe("NOT_FOUND");
  });

  it("hold own or public pictures, newest addition first, and show others only public ones", async () => {
    const me = callerFor(services, alice);
    const c = await me.collection.create({ name: "Board", isPublic: true });
    const mine = await picture(alice, "mine, private", false);
    const theirs = await picture(bob, "theirs, public");
    const theirsPrivate = await picture(bob, "theirs, private", false);
    const later = await picture(bob, "later public");
    expect(await me.collection.add({ id: c.id, generationId: mine })).toEqual({ added: true });
    expect(await me.collection.add({ id: c.id, generationId: theirs })).toEqual({ added: true });
    expect(await me.collection.add({ id: c.id, generationId: theirs })).toEqual({ added: false });
    expect((await trpcErrorOf(me.collection.add({ id: c.id, generationId: theirsPrivate }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, bob).collection.add({ id: c.id, generationId: theirs }))).code).toBe("NOT_FOUND");
    await me.collection.add({ id: c.id, generationId: later });

    const own: CollectionPage = await me.collection.get({ id: c.id });
    expect(own.items.map((i) => i.originalPrompt)).toEqual(["later public", "theirs, public", "mine, private"]);
    expect(own.itemCount).toBe(3);
    const seen = await callerFor(services, null).collection.get({ id: c.id });
    expect(seen.items.map((i) => i.originalPrompt)).toEqual(["later public", "theirs, public"]);
    expect(seen.itemCount).toBe(2);
    expect(JSON.stringify(seen)).not.toContain("mine, private");

    // Its author makes a picture private: it leaves the collection for everyone else.
    await callerFor(services, bob).generation.update({ id: theirs, isPublic: false });
    expect((await callerFor(services, null).collection.get({ id: c.id })).items.map((i) => i.id)).toEqual([later]);
    expect((await callerFor(services, bob).collection.get({ id: c.id })).items.map((i) => i.id)).toEqual([later, theirs]);

    expect(await me.collection.remove({ id: c.id, generationId: later })).toEqual({ removed: true });
    expect(await me.collection.remove({ id: c.id, generationId: later })).toEqual({ removed: false });
    // Deleting the collection keeps the pictures.
    await me.collection.delete({ id: c.id });
    expect(await services.db.generation.count({ where: { id: { in: [mine, theirs, later] } } })).toBe(3);
  });

  it("page by when pictures were added, each exactly once", async () => {
    const me = callerFor(services, alice);
    const c = await me.collection.create({ name: "Many" });
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push(await picture(alice, `p${i}`));
    // Several added in the same instant: the id breaks the tie.
    const at = new Date(Date.UTC(2026, 0, 1));
    await services.db.collectionItem.createMany({
      data: ids.map((generationId, i) => ({
        collectionId: c.id,
        generationId,
        addedAt: new Date(at.getTime() + Math.floor(i / 4) * 1000),
      })),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 20; n++) {
      const p: CollectionPage = await me.collection.get({ id: c.id, cursor, limit: 5 });
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const order = await services.db.collectionItem.findMany({
      where: { collectionId: c.id },
      orderBy: [{ addedAt: "desc" }, { generationId: "desc" }],
      select: { generationId: true },
    });
    expect(seen).toEqual(order.map((o) => o.generationId));
  });

  it("take many pictures at once (addMany): own or public ones, the rest skipped, none twice", async () => {
    const me = callerFor(services, alice);
    const c = await me.collection.create({ name: "many" });
    const mineA = await picture(alice, "many a", false);
    const mineB = await picture(alice, "many b");
    const theirsPublic = await picture(bob, "many c");
    const theirsPrivate = await picture(bob, "many d", false);
    await me.collection.add({ id: c.id, generationId: mineB });
    const ids = [mineA, mineB, theirsPublic, theirsPrivate, "missing", mineA];
    expect(await me.collection.addMany({ id: c.id, generationIds: ids })).toEqual({
      added: [mineA, theirsPublic],
      already: [mineB],
      skipped: [theirsPrivate, "missing"],
    });
    expect((await me.collection.get({ id: c.id })).items.map((i) => i.id).sort()).toEqual([mineA, mineB, theirsPublic].sort());
    // Only into one's own collection; too many ids or none is a 400.
    const bobs = await callerFor(services, bob).collection.create({ name: "bob's" });
    expect((await trpcErrorOf(me.collection.addMany({ id: bobs.id, generationIds: [mineB] }))).code).toBe("NOT_FOUND");
    expect(await services.db.collectionItem.count({ where: { collectionId: bobs.id } })).toBe(0);
    expect((await trpcErrorOf(me.collection.addMany({ id: c.id, generationIds: [] }))).code).toBe("BAD_REQUEST");
    const tooMany = Array.from({ length: 101 }, (_, i) => `id${i}`);
    expect((await trpcErrorOf(me.collection.addMany({ id: c.id, generationIds: tooMany }))).code).toBe("BAD_REQUEST");
  });

  it("refuse bad input with a 400", async () => {
    const me = callerFor(services, alice);
    for (const name of ["", "   ", "x".repeat(101)]) expect((await trpcErrorOf(me.collection.create({ name }))).code).toBe("BAD_REQUEST");
    const c = await me.collection.create({ name: "ok" });
    expect((await trpcErrorOf(me.collection.update({ id: c.id }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.collection.get({ id: c.id, cursor: "nope!" }))).code).toBe("BAD_REQUEST");
  });
});

describe("profiles", () => {
  it("show a user's name, public pictures and public collections, to everyone alike", async () => {
    const carol = await createUser(services, "carol");
    await picture(carol, "carol public");
    await picture(carol, "carol private", false);
    const shown = await callerFor(services, carol).collection.create({ name: "Shown", isPublic: true });
    await callerFor(services, carol).collection.create({ name: "Hidden" });
    for (const viewer of [null, bob, carol]) {
      const p = await callerFor(services, viewer).profile({ id: carol.id });
      expect(p.user).toEqual({ id: carol.id, name: "carol", imageUrl: null });
      expect(p.pictures.items.map((i) => i.originalPrompt)).toEqual(["carol public"]);
      expect(p.collections.map((c) => c.id)).toEqual([shown.id]);
      expect(JSON.stringify(p)).not.toMatch(/carol private|Hidden/);
    }
    expect((await callerFor(services, null).profile({ id: carol.id, q: "publc" })).pictures.items).toHaveLength(1);
    expect((await trpcErrorOf(callerFor(services, null).profile({ id: "nobody" }))).code).toBe("NOT_FOUND");
  });
});
