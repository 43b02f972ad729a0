// History in bulk (issue 11 item 7, and item 8 for it) on real PostgreSQL and the real
// disk storage: up to 100 of the caller's own pictures in one transaction, files removed
// in one batch, someone else's ids skipped, and a storage failure changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, testPng } from "../support/pipeline";
import { trpcErrorOf } from "../support/trpc-errors";
import type { SessionUser } from "../../server/users/session-user";
import { newStorageKeys } from "../../server/generations/storage-keys";
import { bulkDelete } from "../../server/generations/bulk-actions";
import type { StoragePort } from "../../server/adapters/storage/storage-port";

let services: TestServices;
let alice: SessionUser;
let bob: SessionUser;
let n = 0;

async function picture(user: SessionUser, isPublic = true, reservedAt = new Date()) {
  const { original: key, thumbnail: thumb } = newStorageKeys("png");
  n++;
  const png = await testPng(8, 8);
  await services.storage.put(key, png, "image/png");
  await services.storage.put(thumb, png, "image/png");
  const g = await services.db.generation.create({
    data: {
      userId: user.id,
      status: "succeeded",
      width: 8,
      height: 8,
      originalPrompt: `bulk ${n}`,
      model: "m",
      provider: "local",
      aspectRatio: "1:1",
      isPublic,
      storageKey: key,
      thumbnailKey: thumb,
      reservedAt,
    },
  });
  return { id: g.id, key, thumb };
}

beforeAll(async () => {
  services = await createTestServices({ RATE_LIMITS: "read:100000,mutation:100000" });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
});
afterAll(() => services.dispose());

describe("generation.bulkUpdate", () => {
  it("makes the caller's pictures public or private in one go, skipping ids that are not theirs", async () => {
    const mine = [await picture(alice, false), await picture(alice, false), await picture(alice, true)];
    const theirs = await picture(bob, false);
    const me = callerFor(services, alice);
    const ids = [...mine.map((m) => m.id), theirs.id, "missing", mine[0]!.id];
    expect(await me.generation.bulkUpdate({ ids, isPublic: true })).toEqual({
      updated: mine.map((m) => m.id),
      skipped: [theirs.id, "missing"],
    });
    expect(await services.db.generation.count({ where: { id: { in: mine.map((m) => m.id) }, isPublic: true } })).toBe(3);
    expect((await services.db.generation.findUniqueOrThrow({ where: { id: theirs.id } })).isPublic).toBe(false);

    // Private again: files move to fresh keys (old URLs stop working), as for one picture.
    expect((await me.generation.bulkUpdate({ ids: mine.map((m) => m.id), isPublic: false })).updated).toHaveLength(3);
    for (const m of mine) {
      const row = await services.db.generation.findUniqueOrThrow({ where: { id: m.id } });
      expect(row.isPublic).toBe(false);
      expect(row.storageKey).not.toBe(m.key);
      expect(await services.storage.exists(m.key)).toBe(false);
      expect(await services.storage.exists(row.storageKey!)).toBe(true);
      expect(await services.storage.exists(row.thumbnailKey!)).toBe(true);
    }
  });

  it("refuses anonymous callers, empty and oversized selections", async () => {
    const p = await picture(alice);
    expect((await trpcErrorOf(callerFor(services, null).generation.bulkUpdate({ ids: [p.id], isPublic: false }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await trpcErrorOf(callerFor(services, null).generation.bulkDelete({ ids: [p.id] }))).code).toBe("UNAUTHORIZED");
    const me = callerFor(services, alice);
    expect((await trpcErrorOf(me.generation.bulkDelete({ ids: [] }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.generation.bulkDelete({ ids: Array.from({ length: 101 }, (_, i) => `id${i}`) }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await trpcErrorOf(me.generation.bulkUpdate({ ids: [p.id] } as never))).code).toBe("BAD_REQUEST");
    expect(await services.db.generation.count({ where: { id: p.id } })).toBe(1);
  });
});

describe("generation.bulkDelete", () => {
  it("deletes the caller's pictures and their files, never anyone else's", async () => {
    const old = new Date(Date.now() - 2 * 86_400_000);
    const mine = [await picture(alice, true, old), await picture(alice, false, old), await picture(alice, true)];
    const theirs = await picture(bob);
    const result = await callerFor(services, alice).generation.bulkDelete({ ids: [...mine.map((m) => m.id), theirs.id] });
    expect(result).toEqual({ deleted: mine.map((m) => m.id), skipped: [theirs.id] });
    // Outside the quota window the rows go; inside it a prompt-less tombstone stays.
    expect(await services.db.generation.count({ where: { id: { in: [mine[0]!.id, mine[1]!.id] } } })).toBe(0);
    expect(await services.db.generation.findUniqueOrThrow({ where: { id: mine[2]!.id } })).toMatchObject({
      status: "deleted",
      originalPrompt: "",
      storageKey: null,
    });
    for (const m of mine) for (const k of [m.key, m.thumb]) expect(await services.storage.exists(k)).toBe(false);
    expect(await services.storage.exists(theirs.key)).toBe(true);
    expect(await services.db.generation.count({ where: { id: theirs.id, status: "succeeded" } })).toBe(1);
  });

  it("removes all files in one storage call, and changes nothing when that call fails", async () => {
    const pics = await Promise.all(Array.from({ length: 100 }, () => picture(alice, true, new Date(0))));
    const calls: string[][] = [];
    const failing: StoragePort = {
      ...services.storage,
      remove: async (keys) => {
        calls.push(keys);
        throw new Error("storage down");
      },
    };
    await expect(
      bulkDelete(
        { db: services.db, storage: failing },
        alice.id,
        pics.map((p) => p.id),
      ),
    ).rejects.toThrow("storage down");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(200);
    expect(await services.db.generation.count({ where: { id: { in: pics.map((p) => p.id) }, status: "succeeded" } })).toBe(100);
    for (const p of pics.slice(0, 5)) expect(await services.storage.exists(p.key)).toBe(true);

    const counting: StoragePort = {
      ...services.storage,
      remove: async (keys) => {
        calls.push(keys);
        return services.storage.remove(keys);
      },
    };
    const done = await bulkDelete(
      { db: services.db, storage: counting },
      alice.id,
      pics.map((p) => p.id),
    );
    expect(done.deleted).toHaveLength(100);
    expect(calls).toHaveLength(2);
    expect(await services.db.generation.count({ where: { id: { in: pics.map((p) => p.id) } } })).toBe(0);
  });
});
