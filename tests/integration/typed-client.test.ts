// Another TypeScript program calls the running app through the published client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient, generateAndWait } from "../../client";
import { createDb } from "../../server/adapters/db/client";
import { createApiToken } from "../../server/users/api-tokens";
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

  it("generates and gets the finished pictures in one await (generateAndWait)", async () => {
    const { db: prisma, pool } = createDb({ url: db.url, max: 1 });
    await prisma.user.create({ data: { id: "typed-client-user", name: "Typed" } });
    const { token } = await createApiToken(prisma, "typed-client-user", "typed client");
    await prisma.$disconnect();
    await pool.end();
    const studio = createClient({ url: app.url, token });
    // Rendered by the app's own workers (WORKER_CONCURRENCY defaults to 2).
    const { batchId, generations } = await generateAndWait(studio, { prompt: "two paper boats", skipOptimize: true, count: 2, seed: 5 });
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generations.map((g) => [g.status, g.seed])).toEqual([
      ["succeeded", 5],
      ["succeeded", 6],
    ]);
    // Private pictures: their files are served to their owner.
    for (const g of generations)
      expect((await fetch(`${app.url}${g.picture!.imageUrl}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // At once: the ids, queued.
    const quick = await studio.generate.mutate({ prompt: "one more boat", skipOptimize: true });
    expect(quick.generations).toEqual([{ id: expect.any(String), seed: expect.any(Number), status: "queued", picture: null, error: null }]);
    expect((await studio.queue.query()).active.length + (await studio.queue.query()).recent.length).toBeGreaterThanOrEqual(1);
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
