// The whole user flow on embedded defaults (local models, disk storage), through the
// procedures, plus the authorisation matrix and moderation at each stage.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, filesUnder, generateOne } from "../support/pipeline";
import type { SessionUser } from "../../server/users/session-user";
import { trpcErrorOf } from "../support/trpc-errors";

let services: TestServices;
let dataDir: string;
let imagesDir: string;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-flow-"));
  imagesDir = path.join(dataDir, "images");
  services = await createTestServices({ DATA_DIR: dataDir }, { workers: 2 });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
});
afterAll(async () => {
  await services.dispose();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("the user flow on embedded defaults", () => {
  it("optimize → generate → history → get → public → discovery → private → delete", async () => {
    const me = callerFor(services, alice);
    const models = await me.models();
    expect(models.provider).toBe("local");
    expect(models.offlinePreview).toBe(true);
    expect(models.models.find((m) => m.id === "local-procedural")?.available).toBe(true);

    const opt = await me.optimize({ prompt: "a lighthouse on a cliff", style: "watercolor", detailLevel: "high" });
    expect(opt.betterPrompt).toMatch(/^a lighthouse on a cliff, /);
    expect(opt.betterPrompt).toContain("watercolor");
    expect(opt.delta).toBeGreaterThan(0);
    expect(opt).toMatchObject({ model: "local-rewriter", provider: "local" });

    const gen = await generateOne(me, {
      prompt: "a lighthouse on a cliff",
      betterPrompt: opt.betterPrompt,
      style: "watercolor",
      aspectRatio: "16:9",
      detailLevel: "high",
      seed: 42,
    });
    expect(gen).toMatchObject({
      status: "succeeded",
      width: 1280,
      height: 720,
      seed: 42,
      isPublic: false,
      isOwner: true,
      provider: "local",
      model: "local-procedural",
    });
    expect(gen.betterPrompt).toBe(opt.betterPrompt);
    expect(gen.imageUrl).toMatch(/^\/images\/[a-z0-9]{2}\/[A-Za-z0-9_-]{24}\.png$/);
    expect(gen.thumbnailUrl).toMatch(/\.thumb\.webp$/);
    expect(gen.author).toEqual({ id: alice.id, name: "alice", imageUrl: null });
    expect(Object.keys(gen)).not.toContain("storageKey");
    expect(Object.keys(gen)).not.toContain("errorMessage");

    // Files exist; the row records per-stage timings.
    const files = await filesUnder(imagesDir);
    expect(files.sort()).toEqual([gen.imageUrl!.slice("/images/".length), gen.thumbnailUrl!.slice("/images/".length)].sort());
    const row = await services.db.generation.findUniqueOrThrow({ where: { id: gen.id } });
    expect(row.optimizeMs).not.toBeNull();
    expect(row.renderMs).toBeGreaterThan(0);
    expect(row.storeMs).not.toBeNull();
    expect(row.generationDuration).toBeGreaterThanOrEqual(row.renderMs!);
    const thumb = await import("sharp").then((m) => m.default(path.join(imagesDir, row.thumbnailKey!)).metadata());
    expect(thumb).toMatchObject({ format: "webp", width: 512, height: 288 });

    const history = await me.history({});
    expect(history.items.map((i) => i.id)).toEqual([gen.id]);
    expect(await me.generation.get({ id: gen.id })).toMatchObject({ id: gen.id, isOwner: true });

    const anon = callerFor(services, null);
    expect((await anon.discovery({})).items).toEqual([]);
    expect((await trpcErrorOf(anon.generation.get({ id: gen.id }))).code).toBe("NOT_FOUND");

    await me.generation.update({ id: gen.id, isPublic: true });
    const feed = await anon.discovery({});
    expect(feed.items.map((i) => i.id)).toEqual([gen.id]);
    expect(feed.items[0]!.isOwner).toBe(false);
    expect(await anon.generation.get({ id: gen.id })).toMatchObject({ id: gen.id, isOwner: false });

    await me.generation.update({ id: gen.id, isPublic: false });
    expect((await anon.discovery({})).items).toEqual([]);

    expect(await me.generation.delete({ id: gen.id })).toEqual({ id: gen.id });
    // Inside its quota window the row stays as a tombstone (no prompt, no files), so
    // deleting a picture never hands its unit back; the reconciler purges it later.
    expect(await services.db.generation.findUniqueOrThrow({ where: { id: gen.id } })).toMatchObject({
      status: "deleted",
      originalPrompt: "",
      betterPrompt: null,
      storageKey: null,
      imageUrl: null,
    });
    expect((await me.quota()).used).toBe(1);
    expect(await filesUnder(imagesDir)).toEqual([]);
    expect((await trpcErrorOf(me.generation.get({ id: gen.id }))).code).toBe("NOT_FOUND");
  });

  it("optimizes by itself unless told to skip, and picks a seed when none is given", async () => {
    const me = callerFor(services, alice);
    const auto = await generateOne(me, { prompt: "a quiet harbour at night" });
    expect(auto.betterPrompt).toMatch(/^a quiet harbour at night, /);
    expect(auto.optimizationDelta).toBeGreaterThan(0);
    expect(Number.isInteger(auto.seed)).toBe(true);
    const skipped = await generateOne(me, { prompt: "a quiet harbour at night", skipOptimize: true });
    expect(skipped.betterPrompt).toBeNull();
    expect(skipped.optimizationDelta).toBeNull();
  });

  it("optimizes by itself with the image model named, as the studio sends it", async () => {
    // The studio always sends its model picker's value: an image model id. The rewrite
    // must use the provider's text model, not resolve that id as one (issue 9, item 1).
    const carol = await createUser(services, "carol");
    const gen = await generateOne(callerFor(services, carol), { prompt: "a quiet harbour at night", model: "local-procedural" });
    expect(gen).toMatchObject({ status: "succeeded", model: "local-procedural" });
    expect(gen.betterPrompt).toMatch(/^a quiet harbour at night, /);
  });
});

describe("validation", () => {
  it("answers bad input with typed 4xx errors", async () => {
    const me = callerFor(services, alice);
    expect((await trpcErrorOf(me.generate({ prompt: "" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.generate({ prompt: "x".repeat(2001) }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.generate({ prompt: "ok", aspectRatio: "5:1" as never }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.generate({ prompt: "ok", model: "glm-image" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.generate({ prompt: "ok", progressId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.history({ limit: 51 }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(me.history({ cursor: "garbage!" }))).code).toBe("BAD_REQUEST");
  });
});

describe("moderation", () => {
  it("blocks at the input stage, logs it, and creates no generation", async () => {
    const user = await createUser(services, "carol");
    const me = callerFor(services, user);
    const e = await trpcErrorOf(me.generate({ prompt: "a g0ry beheading scene" }));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect((e.cause as { data?: unknown }).data).toEqual({ stage: "input", reason: "blocked: graphic-violence" });
    const logs = await services.db.moderationLog.findMany({ where: { userId: user.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ stage: "input", reason: "blocked: graphic-violence" });
    expect(await services.db.generation.count({ where: { userId: user.id } })).toBe(0);

    const opt = await trpcErrorOf(me.optimize({ prompt: "gore everywhere" }));
    expect(opt.code).toBe("UNPROCESSABLE_CONTENT");
    const neg = await trpcErrorOf(me.generate({ prompt: "a garden", negativePrompt: "no porn" }));
    expect(neg.code).toBe("UNPROCESSABLE_CONTENT");
  });

  it("blocks a user-edited optimized prompt at the optimized stage before anything is queued", async () => {
    const user = await createUser(services, "dave");
    const me = callerFor(services, user);
    const e = await trpcErrorOf(me.generate({ prompt: "a garden", betterPrompt: "a garden, full of gore" }));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect((e.cause as { data?: unknown }).data).toMatchObject({ stage: "optimized" });
    const logs = await services.db.moderationLog.findMany({ where: { userId: user.id } });
    expect(logs.map((l) => l.stage)).toEqual(["optimized"]);
    // Refused before the reservation: no row, no unit.
    expect(await services.db.generation.count({ where: { userId: user.id } })).toBe(0);
    expect(await me.quota()).toMatchObject({ used: 0 });
    expect((await me.history({})).items).toEqual([]);
  });

  it("does not block innocent words that contain a blocked one", async () => {
    const me = callerFor(services, alice);
    const r = await me.optimize({ prompt: "a gorgeous sunset over Gorey harbour" });
    expect(r.betterPrompt).toContain("gorgeous");
  });
});

describe("authorisation matrix: no private generation leaks", () => {
  it("anonymous, owner and another user on every procedure", async () => {
    const owner = callerFor(services, alice);
    const other = callerFor(services, bob);
    const anon = callerFor(services, null);
    const priv = await generateOne(owner, { prompt: "a private meadow", skipOptimize: true });
    const pub = await generateOne(owner, { prompt: "a public meadow", skipOptimize: true, isPublic: true });

    // Signed-in-only procedures refuse anonymous callers.
    for (const call of [
      () => anon.optimize({ prompt: "x" }),
      () => anon.generate({ prompt: "x" }),
      () => anon.history({}),
      () => anon.generation.update({ id: pub.id, isPublic: false }),
      () => anon.generation.delete({ id: pub.id }),
    ]) {
      expect((await trpcErrorOf(call())).code).toBe("UNAUTHORIZED");
    }

    // get: owner sees both; others only the public one; the private one is NOT_FOUND.
    expect((await owner.generation.get({ id: priv.id })).id).toBe(priv.id);
    expect((await other.generation.get({ id: pub.id })).isOwner).toBe(false);
    expect((await anon.generation.get({ id: pub.id })).id).toBe(pub.id);
    expect((await trpcErrorOf(other.generation.get({ id: priv.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(anon.generation.get({ id: priv.id }))).code).toBe("NOT_FOUND");

    // Feeds.
    const ownerHistory = (await owner.history({ limit: 50 })).items.map((i) => i.id);
    expect(ownerHistory).toEqual(expect.arrayContaining([priv.id, pub.id]));
    const otherHistory = (await other.history({ limit: 50 })).items.map((i) => i.id);
    expect(otherHistory).not.toContain(priv.id);
    expect(otherHistory).not.toContain(pub.id);
    for (const c of [owner, other, anon]) {
      const ids = (await c.discovery({ limit: 50 })).items.map((i) => i.id);
      expect(ids).toContain(pub.id);
      expect(ids).not.toContain(priv.id);
    }

    // Owner-only mutations: another user gets NOT_FOUND on both, and nothing changes.
    for (const g of [priv, pub]) {
      expect((await trpcErrorOf(other.generation.update({ id: g.id, isPublic: !g.isPublic }))).code).toBe("NOT_FOUND");
      expect((await trpcErrorOf(other.generation.delete({ id: g.id }))).code).toBe("NOT_FOUND");
    }
    const after = await services.db.generation.findMany({ where: { id: { in: [priv.id, pub.id] } }, select: { id: true, isPublic: true } });
    expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: priv.id, isPublic: false },
        { id: pub.id, isPublic: true },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // The owner can.
    expect((await owner.generation.update({ id: priv.id, isPublic: true })).isPublic).toBe(true);
    expect(await owner.generation.delete({ id: priv.id })).toEqual({ id: priv.id });
    expect(await owner.generation.delete({ id: pub.id })).toEqual({ id: pub.id });
  });
});
