// A provider that is slow, hangs, sends half a body or resets the connection must cost
// the caller one 504/502 and nothing else: the built server (node build/index.js) keeps
// answering, no generation is left pending, and the daily quota unit comes back.
// Each remote adapter (Z.ai, Replicate, OpenAI-compatible) against a loopback server that
// misbehaves at the render call, at the image download, and (Z.ai) at the prompt rewrite.
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { createApiToken } from "../../server/users/api-tokens";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { json, startLoopbackServer, type LoopbackServer, type RecordedRequest } from "../support/loopback-server";
import { testPng } from "../support/pipeline";

type Adapter = "zai" | "replicate" | "openai-compatible";
type Fault = "slow" | "hang" | "half-body-stall" | "half-body-close" | "reset";
type Where = "render" | "download" | "poll" | "rewrite";

const TIMEOUT_MS = 1000;
// What the caller is told: a deadline that passed is 504, a provider that broke is 502.
const EXPECTED: Record<Fault, number> = { slow: 504, hang: 504, "half-body-stall": 504, "half-body-close": 502, reset: 502 };

const CASES: { adapter: Adapter; where: Where; fault: Fault }[] = [
  ...(["zai", "replicate", "openai-compatible"] as const).flatMap((adapter) => [
    ...(["slow", "hang", "half-body-stall", "half-body-close", "reset"] as const).map((fault) => ({
      adapter,
      where: "render" as const,
      fault,
    })),
    ...(["hang", "half-body-stall", "reset"] as const).map((fault) => ({ adapter, where: "download" as const, fault })),
  ]),
  { adapter: "replicate", where: "poll", fault: "slow" },
  { adapter: "replicate", where: "poll", fault: "hang" },
  { adapter: "replicate", where: "poll", fault: "reset" },
  { adapter: "zai", where: "rewrite", fault: "hang" },
  { adapter: "zai", where: "rewrite", fault: "reset" },
];

let provider: LoopbackServer;
let png: Buffer;
let current: { where: Where; fault: Fault } = { where: "render", fault: "hang" };
// Responses the fault server still owes (slow answers): a case ends only after they went out.
const owed = new Set<Promise<void>>();

let faultsServed = 0;

/** Misbehaves as the current case says. */
function misbehave(res: http.ServerResponse, okBody: unknown): void {
  faultsServed++;
  const socket = res.socket!;
  switch (current.fault) {
    case "slow": {
      // A correct answer, but only after the caller's deadline has passed on both attempts.
      const late = new Promise<void>((resolve) =>
        setTimeout(() => {
          if (!res.destroyed) json(res, 200, okBody);
          resolve();
        }, TIMEOUT_MS * 1.5),
      );
      owed.add(late);
      void late.then(() => owed.delete(late));
      return;
    }
    case "hang":
      return; // never answers; the socket stays open until the caller gives up
    case "half-body-stall":
    case "half-body-close": {
      const body = JSON.stringify(okBody);
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length + 100) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      if (current.fault === "half-body-close") setTimeout(() => socket.destroy(), 30);
      return;
    }
    case "reset":
      socket.resetAndDestroy();
      return;
  }
}

function misbehaveImage(res: http.ServerResponse): void {
  faultsServed++;
  const socket = res.socket!;
  if (current.fault === "hang") return;
  if (current.fault === "reset") return void socket.resetAndDestroy();
  res.writeHead(200, { "content-type": "image/png", "content-length": String(png.length) });
  res.write(png.subarray(0, png.length >> 1)); // half-body-stall: the rest never comes
}

function speak(req: RecordedRequest, res: http.ServerResponse): void {
  const imageUrl = `${provider.url}/files/picture.png`;
  const images = { created: 1, data: [{ url: imageUrl }], content_filter: [{ role: "assistant", level: 3 }] };
  const started = { id: "p1", status: "starting", output: null, urls: { get: `${provider.url}/v1/predictions/p1` } };
  const done = { id: "p1", status: "succeeded", output: [imageUrl] };

  if (req.url === "/files/picture.png") {
    if (current.where === "download") return misbehaveImage(res);
    return void res.writeHead(200, { "content-type": "image/png" }).end(png);
  }
  if (req.url.endsWith("/chat/completions")) {
    const chat = { id: "c1", choices: [{ index: 0, message: { role: "assistant", content: "a red fox in the snow, rewritten" } }] };
    return current.where === "rewrite" ? misbehave(res, chat) : json(res, 200, chat);
  }
  if (req.url.endsWith("/images/generations")) return current.where === "render" ? misbehave(res, images) : json(res, 200, images);
  if (req.method === "POST" && /\/v1\/models\/.+\/predictions$/.test(req.url)) {
    if (current.where === "render") return misbehave(res, done);
    return json(res, 201, current.where === "poll" ? started : done);
  }
  if (req.method === "GET" && req.url.endsWith("/v1/predictions/p1")) {
    if (current.where !== "poll") return json(res, 200, done);
    if (current.fault !== "slow") return misbehave(res, done);
    // Slow, Replicate-style: every poll says the prediction is still running, taking a
    // while to say so (so the deadline tends to fall during a poll, not between two).
    faultsServed++;
    return void setTimeout(() => json(res, 200, { ...started, status: "processing" }), 400);
  }
  if (req.method === "POST" && req.url.endsWith("/v1/predictions/p1/cancel")) return json(res, 200, { ...started, status: "canceled" });
  json(res, 404, { error: { message: "no route" } });
}

const FINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);

/** Waits until none of the user's generations is still in flight (queued, pending, running…). */
async function settledGenerations(world: E2eApp, userId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await world.services.db.generation.findMany({ where: { userId }, select: { id: true, status: true, errorMessage: true } });
    if (rows.length && rows.every((r) => FINAL.has(r.status))) return rows;
    if (Date.now() > deadline) throw new Error(`generations still in flight: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  png = await testPng(96, 64);
  provider = await startLoopbackServer((req, res) => speak(req, res));
});
afterAll(async () => {
  await provider?.close();
});

describe.each(["zai", "replicate", "openai-compatible"] as const)("the built server with the %s adapter", (adapter) => {
  let world: E2eApp;

  beforeAll(async () => {
    world = await startE2eApp({
      MODEL_PROVIDER: adapter,
      ZAI_API_KEY: "zai-test-key",
      ZAI_BASE_URL: `${provider.url}/api/paas/v4`,
      REPLICATE_API_TOKEN: "r8_test",
      REPLICATE_BASE_URL: `${provider.url}/v1`,
      OPENAI_COMPAT_BASE_URL: `${provider.url}/oai/v1`,
      OPENAI_COMPAT_API_KEY: "sk-test",
      MODEL_IMAGE_HOSTS: "127.0.0.1",
      RENDER_TIMEOUT_MS: String(TIMEOUT_MS),
      RENDER_MAX_ATTEMPTS: "2",
      RATE_LIMITS: "generate:1000,optimize:1000",
      LOG_LEVEL: "error",
    });
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it.each(CASES.filter((c) => c.adapter === adapter))("$where: $fault → $adapter", async ({ where, fault }) => {
    current = { where, fault };
    faultsServed = 0;
    const user = await world.createUser(`${adapter} ${where} ${fault}`);
    const { token } = await createApiToken(world.services.db, user.id, "faults");
    const studio = createClient({ url: world.app.url, token });
    const before = await studio.quota.query();

    // wait: the generation is a job; the call answers with its outcome (a failed one rejects).
    const error = await studio.generate.mutate({ prompt: "a red fox in the snow", skipOptimize: where !== "rewrite", wait: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, "generate should have failed").toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.httpStatus).toBe(EXPECTED[fault]);

    // Whatever the provider still sends after the deadline must not hurt either.
    await Promise.all(owed);
    await new Promise((r) => setTimeout(r, 200));

    expect(faultsServed, "the fault was never reached").toBeGreaterThan(0);
    const rows = await settledGenerations(world, user.id);
    expect(rows.map((r) => r.status)).toEqual(["failed"]);
    expect(await studio.quota.query()).toMatchObject({ used: before.used, remaining: before.remaining });
    expect(alive(world.app.pid), `the server died:\n${world.app.output()}`).toBe(true);
    const health = await fetch(`${world.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(world.app.output()).not.toMatch(/uncaught|unhandled|TypeError/i);
    // Nothing goes on calling the provider once the caller has its answer (e.g. a poll loop).
    const calls = provider.requests.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(provider.requests.slice(calls).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});
