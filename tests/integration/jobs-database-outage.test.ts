// Jobs in flight while PostgreSQL goes away under the built server (node build/index.js,
// its workers in the process), through a TCP proxy that cuts it off for a few seconds.
// graphile-worker 0.16 ends a worker that cannot record its job's end and never starts
// another: before the fix the process stayed up with no worker, and the jobs stayed queued
// until a restart. Now the workers are started again and the jobs finish (ADR 0020).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClient } from "../../client";
import { startAppServer, type AppServer } from "../support/app-server";
import { filesMatchSucceededRows } from "../support/jobs";
import { startOpenAiImageServer, openAiImageEnv, type OpenAiImageServer } from "../support/openai-image-server";
import { proxiedTestDatabase, type TcpProxy } from "../support/tcp-proxy";

let world: Awaited<ReturnType<typeof proxiedTestDatabase>>;
let proxy: TcpProxy;
let provider: OpenAiImageServer;
let app: AppServer;
let token: string;
let dataDir: string;

beforeAll(async () => {
  world = await proxiedTestDatabase({ id: "user_outage", name: "Olga Outage" });
  ({ proxy, token } = world);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-jobs-outage-"));
  // Renders that take long enough for the database to go away in the middle of them.
  provider = await startOpenAiImageServer({ delayMs: 3000 });
  app = await startAppServer({
    DATABASE_URL: world.proxiedUrl,
    DATA_DIR: dataDir,
    ...openAiImageEnv(provider),
    JOB_LEASE_MS: "5000",
    RECONCILE_INTERVAL_MS: "1000",
    LOG_LEVEL: "info",
  });
});
afterAll(async () => {
  await app?.stop();
  await provider?.close();
  await world?.dispose();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

it("jobs rendering while the database is away for 4 s finish once it is back; the workers come back by themselves", async () => {
  const client = createClient({ url: app.url, token });
  const { generations } = await client.generate.mutate({ prompt: "a lighthouse through a database outage", skipOptimize: true, count: 2 });
  await provider.started(1);
  proxy.cut();
  await new Promise((r) => setTimeout(r, 4000));
  proxy.restore();

  const ids = generations.map((g) => g.id);
  const rows = () => world.db.generation.findMany({ where: { id: { in: ids } }, select: { status: true } });
  await expect
    .poll(async () => (await rows()).map((r) => r.status), { timeout: 60_000, interval: 500 })
    .toEqual(["succeeded", "succeeded"]);
  expect(app.output()).toMatch(/queue workers restarted/);
  // Every stored file belongs to a finished row; the two units were spent on two pictures.
  const files = await filesMatchSucceededRows(world.db, dataDir);
  expect(files.files).toEqual(files.expected);
  expect(files.files).toHaveLength(4);
  expect(await client.quota.query()).toMatchObject({ used: 2 });
  // And a job enqueued afterwards runs on the restarted workers.
  provider.setDelay(0);
  const later = await client.generate.mutate({ prompt: "after the outage", skipOptimize: true, wait: true });
  expect(later.generations.map((g) => g.status)).toEqual(["succeeded"]);
}, 120_000);
