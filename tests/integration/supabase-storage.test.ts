// Images go to Supabase Storage when SUPABASE_* are set: the real supabase-js client
// against a loopback server speaking the Storage REST contract. The bucket is private:
// pictures are loaded through signed URLs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, generateOne } from "../support/pipeline";
import { startSupabaseStorageServer, type StorageServer } from "../support/supabase-storage-server";
import type { SessionUser } from "../../server/users/session-user";
import { reconcile } from "../../server/generations/reconcile";

const KEY = "service-role-test-key";
let storage: StorageServer;
let services: TestServices;
let user: SessionUser;

beforeAll(async () => {
  storage = await startSupabaseStorageServer({ key: KEY, bucket: "generations" });
  services = await createTestServices({ SUPABASE_URL: storage.url, SUPABASE_SERVICE_ROLE_KEY: KEY }, { workers: 1 });
  user = await createUser(services, "supa");
});
afterAll(async () => {
  await services.dispose();
  await storage.close();
});

describe("supabase storage", () => {
  it("is chosen from env and stores original + thumbnail behind signed URLs", async () => {
    expect(services.storage.kind).toBe("supabase");
    const me = callerFor(services, user);
    const gen = await generateOne(me, { prompt: "a desert at sunset", skipOptimize: true, seed: 7 });
    expect(gen.imageUrl).toMatch(
      new RegExp(`^${storage.url}/storage/v1/object/sign/generations/[a-z0-9]{2}/[A-Za-z0-9_-]{24}\\.png\\?token=`),
    );
    expect([...storage.objects.keys()].sort()).toHaveLength(2);
    const original = [...storage.objects.entries()].find(([k]) => k.endsWith(".png"))!;
    expect(original[1].contentType).toBe("image/png");
    expect(original[1].cacheControl).toBe("max-age=31536000");
    const fetched = await fetch(gen.imageUrl!);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await fetched.arrayBuffer()).equals(original[1].bytes)).toBe(true);
    expect(await services.storage.exists(original[0])).toBe(true);

    await me.generation.delete({ id: gen.id });
    expect(storage.objects.size).toBe(0);
    expect(await services.storage.exists(original[0])).toBe(false);
  });

  it("a failed thumbnail upload removes the original and leaves a failed row", async () => {
    storage.failUploads(/\.thumb\.webp$/);
    try {
      const e = await generateOne(callerFor(services, user), { prompt: "a desert at night", skipOptimize: true }).catch(
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(TRPCError);
      // Said as what it is: the store refused the picture (not "failed unexpectedly").
      expect((e as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
      expect((e as TRPCError).message).toMatch(/could not be saved: picture storage refused it\. Your daily quota was not used/);
      expect(storage.objects.size).toBe(0);
      expect(storage.requests.some((r) => r.method === "DELETE")).toBe(true);
      const row = await services.db.generation.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
      expect(row).toMatchObject({ status: "failed", storageKey: null, imageUrl: null, errorCode: "SERVICE_UNAVAILABLE" });
      const log = await services.db.errorLog.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
      expect(log.endpoint).toBe("generate");
      expect(log.message).toMatch(/supabase upload failed/);
    } finally {
      storage.failUploads(null);
    }
  });

  it("lists stored objects for the reconciler, which removes those without a succeeded row", async () => {
    const me = callerFor(services, user);
    const gen = await generateOne(me, { prompt: "a lone cactus", skipOptimize: true });
    // A file a crashed worker left behind (no row points at it).
    const stray = "ab/strayStrayStrayStrayStray12.png";
    await services.storage.put(stray, Buffer.from("x"), "image/png");
    const listed: string[] = [];
    for await (const o of services.storage.list()) listed.push(o.key);
    expect(listed.sort()).toEqual([...storage.objects.keys()].sort());
    const report = await reconcile({ ...services, env: { ...services.env, ORPHAN_FILE_GRACE_MS: 0 } });
    expect(report.orphanFiles).toBe(1);
    expect(storage.objects.has(stray)).toBe(false);
    expect(storage.objects.size).toBe(2);
    await me.generation.delete({ id: gen.id });
  });

  it("reads an object back as a stream with the service key; a missing one is null", async () => {
    const key = "cd/readReadReadReadReadRead12.png";
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await services.storage.put(key, bytes, "image/png");
    try {
      const read = await services.storage.read(key);
      expect(read).not.toBeNull();
      const chunks: Buffer[] = [];
      for await (const c of read!.body) chunks.push(Buffer.from(c as Uint8Array));
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      // The download was the authenticated GET, not a signed or public URL.
      expect(storage.requests.some((r) => r.method === "GET" && r.url.endsWith(`/object/generations/${key}`))).toBe(true);
      expect(await services.storage.read("cd/missingMissingMissing123.png")).toBeNull();
    } finally {
      await services.storage.remove([key]);
    }
  });

  it("a storage failure on delete keeps the row (nothing points at a missing file)", async () => {
    const me = callerFor(services, user);
    const gen = await generateOne(me, { prompt: "a dune", skipOptimize: true });
    const keys = [...storage.objects.keys()];
    const realHandle = storage.requests.length;
    await storage.close();
    const e = await me.generation.delete({ id: gen.id }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TRPCError);
    expect(await services.db.generation.count({ where: { id: gen.id } })).toBe(1);
    expect(keys).toHaveLength(2);
    expect(realHandle).toBeGreaterThan(0);
  });
});
