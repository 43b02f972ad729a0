// The authorisation matrix (issue 11 item 8) for every procedure issue 11 added or
// extended, × { anonymous, owner, another user }. (A revoked or unknown token is 401 on
// every procedure of the router: tests/integration/api-token-refusal.test.ts walks them
// all, these included.) Throughout: a private picture never reaches anyone but its owner,
// whether through search, top, trending, profiles, collections or lineage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, insertPicture } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import { listProcedures } from "../support/procedures";
import type { SessionUser } from "../../server/users/session-user";

let services: TestServices;
let owner: SessionUser;
let other: SessionUser;
let priv: string;
let pub: string;
let privChild: string;
let privColl: string;
let pubColl: string;

const SECRET = "zanzibar secret orchid";

beforeAll(async () => {
  services = await createTestServices({ RATE_LIMITS: "read:100000,mutation:100000,like:100000,generate:1000" });
  owner = await createUser(services, "owner");
  other = await createUser(services, "other");
  const make = async (prompt: string, isPublic: boolean, parentId?: string) =>
    insertPicture(services.db, owner.id, { originalPrompt: prompt, isPublic, parentId, likeCount: 50 });
  priv = await make(SECRET, false);
  pub = await make("zanzibar public orchid", true);
  privChild = await make(`${SECRET} remix`, false, pub);
  await make("zanzibar public remix of a private", true, priv);
  const o = callerFor(services, owner);
  privColl = (await o.collection.create({ name: "private board" })).id;
  pubColl = (await o.collection.create({ name: "public board", isPublic: true })).id;
  for (const c of [privColl, pubColl]) for (const g of [priv, pub]) await o.collection.add({ id: c, generationId: g });
});
afterAll(() => services.dispose());

const ISSUE_11_PROCEDURES = [
  "discovery",
  "history",
  "profile",
  "generate",
  "generation.get",
  "generation.like",
  "generation.unlike",
  "generation.bulkUpdate",
  "generation.bulkDelete",
  "collection.create",
  "collection.update",
  "collection.delete",
  "collection.add",
  "collection.addMany",
  "collection.remove",
  "collection.mine",
  "collection.get",
];

describe("issue 11 procedures × callers", () => {
  it("covers every collection, like and bulk procedure on the router", () => {
    const added = listProcedures()
      .map((p) => p.path)
      .filter((p) => /^(collection\.|profile$|generation\.(un)?like$|generation\.bulk)/.test(p));
    expect(ISSUE_11_PROCEDURES).toEqual(expect.arrayContaining(added));
  });

  it("anonymous callers: signed-in procedures refuse, public reads show nothing private", async () => {
    const anon = callerFor(services, null);
    for (const call of [
      () => anon.history({ q: "zanzibar" }),
      () => anon.generate({ prompt: "x", parentId: pub }),
      () => anon.generation.like({ id: pub }),
      () => anon.generation.unlike({ id: pub }),
      () => anon.generation.bulkUpdate({ ids: [priv], isPublic: true }),
      () => anon.generation.bulkDelete({ ids: [priv] }),
      () => anon.collection.create({ name: "x" }),
      () => anon.collection.update({ id: pubColl, name: "x" }),
      () => anon.collection.delete({ id: pubColl }),
      () => anon.collection.add({ id: pubColl, generationId: pub }),
      () => anon.collection.addMany({ id: pubColl, generationIds: [pub] }),
      () => anon.collection.remove({ id: pubColl, generationId: pub }),
      () => anon.collection.mine(),
    ]) {
      expect((await trpcErrorOf(call())).code).toBe("UNAUTHORIZED");
    }
    await expectNoPrivate(anon);
  });

  it("another user: owner-only actions are NOT_FOUND or skipped, and change nothing", async () => {
    const them = callerFor(services, other);
    await expectNoPrivate(them);
    expect((await them.history({ q: "zanzibar" })).items).toEqual([]);
    expect((await trpcErrorOf(them.generation.like({ id: priv }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(them.generate({ prompt: "x", parentId: priv }))).code).toBe("NOT_FOUND");
    expect(await them.generation.bulkUpdate({ ids: [priv, pub], isPublic: true })).toEqual({ updated: [], skipped: [priv, pub] });
    expect(await them.generation.bulkDelete({ ids: [priv, pub] })).toEqual({ deleted: [], skipped: [priv, pub] });
    for (const id of [privColl, pubColl]) {
      expect((await trpcErrorOf(them.collection.update({ id, name: "taken" }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(them.collection.delete({ id }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(them.collection.add({ id, generationId: pub }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(them.collection.addMany({ id, generationIds: [pub] }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(them.collection.remove({ id, generationId: pub }))).code).toBe("NOT_FOUND");
    }
    expect(await them.collection.mine()).toEqual([]);
    // Into their own collection, the owner's private picture is skipped like a missing one.
    const theirs = await them.collection.create({ name: "theirs" });
    expect(await them.collection.addMany({ id: theirs.id, generationIds: [priv, pub] })).toEqual({
      added: [pub],
      already: [],
      skipped: [priv],
    });
    await them.collection.delete({ id: theirs.id });
    // Nothing changed.
    expect(await services.db.generation.findUniqueOrThrow({ where: { id: priv } })).toMatchObject({ isPublic: false, status: "succeeded" });
    expect(await services.db.collection.count({ where: { userId: owner.id } })).toBe(2);
    expect(await services.db.collectionItem.count({ where: { collectionId: { in: [privColl, pubColl] } } })).toBe(4);
  });

  it("the owner sees and manages their own", async () => {
    const me = callerFor(services, owner);
    expect((await me.history({ q: "secret" })).items.map((i) => i.id).sort()).toEqual([priv, privChild].sort());
    expect((await me.collection.get({ id: privColl })).items.map((i) => i.id).sort()).toEqual([priv, pub].sort());
    expect((await me.generation.get({ id: pub })).remixes.items.map((i) => i.id)).toContain(privChild);
    expect((await me.collection.mine()).map((c) => c.id).sort()).toEqual([privColl, pubColl].sort());
    // Their own private picture goes into their collection in bulk; someone else's private one would not.
    expect(await me.collection.addMany({ id: pubColl, generationIds: [priv, pub] })).toEqual({
      added: [],
      already: [priv, pub],
      skipped: [],
    });
    // Their profile is what others see: public only.
    expect(JSON.stringify(await me.profile({ id: owner.id }))).not.toContain(SECRET);
  });
});

/** Every public read, as this caller: the private picture, its text and its id never appear. */
async function expectNoPrivate(c: ReturnType<typeof callerFor>) {
  const reads = await Promise.all([
    c.discovery({ q: "zanzibar" }),
    c.discovery({ q: "zanzbar secrt" }),
    c.discovery({ q: '"secret orchid"' }),
    c.discovery({ sort: "top", window: "all" }),
    c.discovery({ sort: "trending" }),
    c.profile({ id: owner.id }),
    c.profile({ id: owner.id, q: "secret" }),
    c.collection.get({ id: pubColl }),
    c.generation.get({ id: pub }),
    c.generation.get({ id: (await services.db.generation.findFirstOrThrow({ where: { parentId: priv } })).id }),
  ]);
  for (const r of reads) {
    const text = JSON.stringify(r);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(priv);
    expect(text).not.toContain(privChild);
  }
  expect((await trpcErrorOf(c.collection.get({ id: privColl }))).code).toBe("NOT_FOUND");
  expect((await trpcErrorOf(c.generation.get({ id: priv }))).code).toBe("NOT_FOUND");
  // And the reads did show the public ones (so the checks above are not vacuous).
  expect((reads[0] as { items: { id: string }[] }).items.map((i) => i.id)).toContain(pub);
  expect((reads[7] as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([pub]);
}
