// GET /images/<key> on the built app: disk-stored pictures with immutable caching and
// nosniff; anything that is not a storage key (traversal attempts included) is a 404.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";
import { testPng } from "../support/pipeline";
import { newStorageKeys } from "../../server/generations/storage-keys";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppServer;
let dataDir: string;
let png: Buffer;
const keys = newStorageKeys("png");

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-route-"));
  png = await testPng(32, 32);
  await fs.mkdir(path.join(dataDir, "images", path.dirname(keys.original)), { recursive: true });
  await fs.writeFile(path.join(dataDir, "images", keys.original), png);
  await fs.writeFile(path.join(dataDir, "secret.txt"), "top secret");
  db = await createTestDatabase();
  app = await startAppServer({ DATABASE_URL: db.url, DATA_DIR: dataDir });
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("/images/<key>", () => {
  it("serves a stored picture with immutable caching and nosniff", async () => {
    const res = await fetch(`${app.url}/images/${keys.original}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it("answers 404 for unknown keys and traversal attempts", async () => {
    for (const p of [
      `/images/${keys.thumbnail}`,
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
