// Another TypeScript program calls the running app through the published client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient } from "../../client";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppServer;
beforeAll(async () => {
  db = await createTestDatabase();
  app = await startAppServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe("createClient", () => {
  it("calls health on the running server", async () => {
    const studio = createClient({ url: app.url });
    const health = await studio.health.query();
    expect(health).toMatchObject({ ok: true, database: { ok: true } });
  });

  it("batches calls and surfaces typed errors", async () => {
    const studio = createClient({ url: `${app.url}/api/trpc/` });
    const [a, b] = await Promise.all([studio.health.query({ includeDatabase: false }), studio.health.query()]);
    expect(a.ok && b.ok).toBe(true);
    const bad = await studio.health.query({ includeDatabase: "no" as unknown as boolean }).catch((e) => e);
    expect(bad).toBeInstanceOf(TRPCClientError);
    expect(bad.data.httpStatus).toBe(400);
  });

  it("serves the landing page and the probe", async () => {
    const page = await fetch(app.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Open the studio");
    expect(html).toContain('href="/discover"');
    const probe = await fetch(`${app.url}/healthz`);
    expect(probe.headers.get("cache-control")).toBe("no-store");
    expect(await probe.json()).toMatchObject({ ok: true });
  });
});
