// PostgreSQL, and Supabase picture storage, going away under the built server (node
// build/index.js), through a TCP proxy that can cut them off: pages and procedures answer
// 503 in plain words (with Retry-After), not 500 "Something went wrong"; the process stays
// up; and when the store is back, so is everything else. ADR 0020.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { proxiedTestDatabase, startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { createClient } from "../../client";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { insertPicture } from "../support/pipeline";
import { startSupabaseStorageServer, type StorageServer } from "../support/supabase-storage-server";

const MESSAGE = "The database cannot be reached right now; try again in a moment.";

let world: Awaited<ReturnType<typeof proxiedTestDatabase>>;
let proxy: TcpProxy;
let app: AppServer;
let token: string;
let dataDir: string;

beforeAll(async () => {
  world = await proxiedTestDatabase({ id: "user_db_down", name: "Dora Down" });
  ({ proxy, token } = world);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-db-down-"));
  app = await startAppServer({ DATABASE_URL: world.proxiedUrl, DATA_DIR: dataDir });
});
afterAll(async () => {
  await app?.stop();
  await world?.dispose();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const page = (p: string, headers: Record<string, string> = {}) =>
  fetch(app.url + p, { headers: { accept: "text/html", "cache-control": "no-cache", ...headers }, redirect: "manual" });
const bearer = { authorization: "" };

describe("the database going away under the built server", () => {
  it("answers 503 with the reason and Retry-After, stays up, and recovers when the database is back", async () => {
    bearer.authorization = `Bearer ${token}`;
    expect((await page("/discover")).status).toBe(200);
    expect((await page("/discover", bearer)).status).toBe(200);

    proxy.cut();

    // A procedure, signed in (the token lookup needs the database too) and anonymous.
    for (const headers of [bearer, {}]) {
      const res = await fetch(`${app.url}/api/trpc/discovery`, { headers: { "cache-control": "no-cache", ...headers } });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      const body = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
      expect(body.error.json.message).toBe(MESSAGE);
      expect(body.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
    }
    const generate = await fetch(`${app.url}/api/trpc/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer },
      body: JSON.stringify({ json: { prompt: "a lighthouse while the database is away" } }),
    });
    expect(generate.status).toBe(503);

    // Pages, signed in and not: the 503 page, titled as such, saying what is wrong.
    for (const [p, headers] of [
      ["/discover", {}],
      ["/discover", bearer],
      ["/create", bearer],
      ["/g/abcdefghijklmnopqrstuvwx", {}],
    ] as const) {
      const res = await page(p, headers);
      expect(res.status, p).toBe(503);
      expect(res.headers.get("retry-after"), p).toBe("5");
      const html = await res.text();
      expect(html).toContain("<title>Briefly unavailable | Image Studio</title>");
      expect(html).toContain(MESSAGE);
      expect(html).not.toContain("Something went wrong");
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(503);
    // Resource routes: a picture (who may see it is a row) and the history ZIP.
    const image = await fetch(`${app.url}/images/ab/notthereatallnotthereatall.png`);
    expect(image.status).toBe(503);
    expect(await image.text()).toContain(MESSAGE);
    expect((await fetch(`${app.url}/history/download?id=abcdefghijklmnopqrstuvwx`, { headers: bearer })).status).toBe(503);

    proxy.restore();
    // The pool reconnects on the next query: everything answers again.
    await expect.poll(async () => (await page("/discover", bearer)).status, { timeout: 15_000 }).toBe(200);
    expect((await fetch(`${app.url}/api/trpc/discovery`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/images/ab/notthereatallnotthereatall.png`)).status).toBe(404);
  });
});

describe("Supabase picture storage going away under the built server", () => {
  const KEY = "service-role-outage-test";
  const STORAGE_DOWN = "Picture storage cannot be reached right now; try again in a moment.";
  let storage: StorageServer;
  let storageProxy: TcpProxy;
  let built: BuiltApp;

  beforeAll(async () => {
    storage = await startSupabaseStorageServer({ key: KEY, bucket: "generations" });
    storageProxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(storage.url).port) });
    built = await startBuiltApp({ SUPABASE_URL: `http://127.0.0.1:${storageProxy.port}`, SUPABASE_SERVICE_ROLE_KEY: KEY });
  });
  afterAll(async () => {
    await built?.stop();
    await storageProxy?.close();
    await storage?.close();
  });

  it("a page whose pictures need signing answers 503 saying storage is down, and recovers", async () => {
    const owner = await built.userWithToken("Storage Stella");
    const anon = { accept: "text/html", "cache-control": "no-cache" };
    expect((await fetch(`${built.app.url}/discover`, { headers: anon })).status).toBe(200);

    storageProxy.cut();
    // A picture no page has shown yet: its thumbnail must be signed now.
    const id = await insertPicture(built.db, owner.id, {
      originalPrompt: "a lighthouse in storage",
      storageKey: "ab/outage.png",
      thumbnailKey: "ab/outage.thumb.webp",
    });
    const res = await fetch(`${built.app.url}/discover`, { headers: anon });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain("<title>Briefly unavailable | Image Studio</title>");
    expect(html).toContain(STORAGE_DOWN);
    const api = await fetch(`${built.app.url}/api/trpc/discovery`, { headers: { "cache-control": "no-cache" } });
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("5");
    expect(((await api.json()) as { error: { json: { message: string } } }).error.json.message).toBe(STORAGE_DOWN);

    // Back: the page works again. The row points at no real object (it was never stored):
    // that one picture shows without its image rather than failing the gallery.
    storageProxy.restore();
    const back = await fetch(`${built.app.url}/discover`, { headers: anon });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain("a lighthouse in storage");
    const item = await createClient({ url: built.app.url }).generation.get.query({ id });
    expect(item).toMatchObject({ id, imageUrl: null, thumbnailUrl: null });
  });
});
