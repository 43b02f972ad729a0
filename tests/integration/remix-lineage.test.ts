// Remix lineage (issue 11 item 4, and item 8 for it) on real PostgreSQL: generate with
// parentId records it and keeps the parent's seed unless one is given; generation.get
// shows the parent (or "a deleted picture") and the remixes the viewer may see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, insertPicture } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import type { SessionUser } from "../../server/users/session-user";

let services: TestServices;
let alice: SessionUser;
let bob: SessionUser;

async function picture(user: SessionUser, prompt: string, extra: { isPublic?: boolean; seed?: number; parentId?: string } = {}) {
  return insertPicture(services.db, user.id, {
    originalPrompt: prompt,
    model: "local-procedural",
    isPublic: extra.isPublic ?? true,
    seed: extra.seed ?? 1,
    parentId: extra.parentId,
  });
}

beforeAll(async () => {
  services = await createTestServices({ RATE_LIMITS: "generate:1000,read:100000,mutation:100000" });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
  await services.db.user.updateMany({ where: { id: { in: [alice.id, bob.id] } }, data: { dailyGenLimit: 100 } });
});
afterAll(() => services.dispose());

describe("remixing", () => {
  it("records the parent and keeps its seed unless another is given", async () => {
    const parent = await picture(alice, "a lighthouse", { seed: 4242 });
    const asBob = callerFor(services, bob);
    const kept = await asBob.generate({ prompt: "a lighthouse at night", parentId: parent });
    const changed = await asBob.generate({ prompt: "a lighthouse in fog", parentId: parent, seed: 7 });
    const rows = await services.db.generation.findMany({
      where: { id: { in: [kept.generations[0]!.id, changed.generations[0]!.id] } },
      select: { id: true, parentId: true, seed: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(kept.generations[0]!.id)).toMatchObject({ parentId: parent, seed: 4242 });
    expect(byId.get(changed.generations[0]!.id)).toMatchObject({ parentId: parent, seed: 7 });
  });

  it("may start only from a picture the caller can see", async () => {
    const secret = await picture(alice, "secret", { isPublic: false });
    const before = await services.db.generation.count();
    expect((await trpcErrorOf(callerFor(services, bob).generate({ prompt: "x", parentId: secret }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, bob).generate({ prompt: "x", parentId: "missing" }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(callerFor(services, null).generate({ prompt: "x", parentId: secret }))).code).toBe("UNAUTHORIZED");
    expect(await services.db.generation.count()).toBe(before);
    // Its owner may remix it.
    await expect(callerFor(services, alice).generate({ prompt: "x", parentId: secret })).resolves.toBeDefined();
  });
});

describe("generation.get lineage", () => {
  it("shows the parent and the remixes each viewer may see", async () => {
    const root = await picture(alice, "root");
    const kids = [
      await picture(bob, "kid public 1", { parentId: root }),
      await picture(bob, "kid private", { parentId: root, isPublic: false }),
      await picture(alice, "kid public 2", { parentId: root }),
    ];
    const anon = await callerFor(services, null).generation.get({ id: root });
    expect(anon.parent).toBeNull();
    expect(anon.remixes.count).toBe(2);
    expect(anon.remixes.items.map((i) => i.originalPrompt).sort()).toEqual(["kid public 1", "kid public 2"]);
    const asBob = await callerFor(services, bob).generation.get({ id: root });
    expect(asBob.remixes.count).toBe(3);
    expect(asBob.remixes.items.map((i) => i.id)).toContain(kids[1]);
    const child = await callerFor(services, null).generation.get({ id: kids[0]! });
    expect(child.parent).toMatchObject({ status: "available", picture: { id: root, originalPrompt: "root" } });
  });

  it("shows at most a few remixes but counts them all", async () => {
    const root = await picture(alice, "popular");
    for (let i = 0; i < 9; i++) await picture(bob, `remix ${i}`, { parentId: root });
    const got = await callerFor(services, null).generation.get({ id: root });
    expect(got.remixes.count).toBe(9);
    expect(got.remixes.items).toHaveLength(6);
  });

  it("keeps children when the parent is deleted or made private: they say 'a deleted picture'", async () => {
    const parent = await picture(alice, "short-lived");
    const child = await picture(bob, "survivor", { parentId: parent });
    await callerFor(services, alice).generation.update({ id: parent, isPublic: false });
    const whilePrivate = await callerFor(services, bob).generation.get({ id: child });
    expect(whilePrivate.parent).toEqual({ status: "deleted" });
    expect(JSON.stringify(whilePrivate)).not.toContain("short-lived");
    expect((await callerFor(services, alice).generation.get({ id: child })).parent).toMatchObject({ status: "available" });
    await callerFor(services, alice).generation.delete({ id: parent });
    const after = await callerFor(services, null).generation.get({ id: child });
    expect(after.originalPrompt).toBe("survivor");
    expect(after.parent).toEqual({ status: "deleted" });
    expect((await callerFor(services, alice).generation.get({ id: child })).parent).toEqual({ status: "deleted" });
  });
});
