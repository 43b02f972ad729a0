// GET /images/<key> on the built app: a public picture's file with long browser caching
// and nosniff; a file no picture holds, and anything that is not a storage key
// (traversal attempts included), is a 404. (Private pictures: private-pictures.test.ts.)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";
import { testPng } from "../support/pipeline";
import { createDb } from "../../server/adapters/db/client";
import { newStorageKeys } from "../../server/generations/storage-keys";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppServer;
let dataDir: string;
let png: Buffer;
const keys = newStorageKeys("png");
const orphan = newStorageKeys("png");

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-route-"));
  png = await testPng(32, 32);
  await fs.mkdir(path.join(dataDir, "images", path.dirname(keys.original)), { recursive: true });
  await fs.writeFile(path.join(dataDir, "images", keys.original), png);
  await fs.mkdir(path.join(dataDir, "images", path.dirname(orphan.original)), { recursive: true });
  await fs.writeFile(path.join(dataDir, "images", orphan.original), png);
  await fs.writeFile(path.join(dataDir, "secret.txt"), "top secret");
  db = await createTestDatabase();
  const { db: prisma, pool } = createDb({ url: db.url, max: 1 });
  await prisma.user.create({ data: { id: "route_owner", name: "Owner" } });
  await prisma.generation.create({
    data: {
      userId: "route_owner",
      status: "succeeded",
      isPublic: true,
      storageKey: keys.original,
      width: 32,
      height: 32,
      originalPrompt: "p",
      model: "m",
      provider: "local",
      aspectRatio: "1:1",
    },
  });
  await prisma.$disconnect();
  await pool.end();
  app = await startAppServer({ DATABASE_URL: db.url, DATA_DIR: dataDir });
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("/images/<key>", () => {
  it("serves a public picture's file with long browser caching and nosniff", async () => {
    const res = await fetch(`${app.url}/images/${keys.original}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, s-maxage=300, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it("answers 404 for unknown keys and traversal attempts", async () => {
    for (const p of [
      `/images/${keys.thumbnail}`,
      // On disk, but no picture holds it.
      `/images/${orphan.original}`,
      "/images/..%2Fsecret.txt",
      "/images/%2e%2e/secret.txt",
      "/images/ab/..%2F..%2Fsecret.txt",
      "/images/..%2F..%2Fpackage.json",
      "/images/secret.txt",
    ]) {
      const res = await fetch(`${app.url}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.text(), p).not.toContain("top secret");
    }
  });
});
