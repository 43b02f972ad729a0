// Each remote model adapter, through the whole pipeline, against a loopback server
// speaking its provider's contract: success, retried 500, timeout, 429, content-filter
// refusal, malformed JSON, non-image bytes, an oversized image and a foreign image host.
// After every failure: the row is failed, nothing is left in storage, and it is logged.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, filesUnder, generateOne, tempImageStorage, testPng } from "../support/pipeline";
import { json, startLoopbackServer, type LoopbackServer, type RecordedRequest } from "../support/loopback-server";
import { createModelPort } from "../../server/adapters/models/create-model-port";
import { parseEnv } from "../../server/env";
import type { ProviderName } from "../../server/models/catalogue";
import type { SessionUser } from "../../server/users/session-user";
import { trpcErrorOf } from "../support/trpc-errors";

type Remote = Exclude<ProviderName, "local">;
type Answer = "ok" | "500" | "hang" | "429" | "refuse" | "malformed" | "not-image" | "oversized" | "foreign-host";

let services: TestServices;
let server: LoopbackServer;
let images: Awaited<ReturnType<typeof tempImageStorage>>;
let user: SessionUser;
let png: Buffer;
let bigPng: Buffer;

beforeAll(async () => {
  // One user makes many calls here; the limits have their own tests (generate-quota, limits-middleware).
  services = await createTestServices({ RATE_LIMITS: "generate:1000,optimize:1000" }, { workers: 1 });
  images = await tempImageStorage();
  services.storage = images.storage;
  server = await startLoopbackServer();
  user = await createUser(services, "prov");
  await services.db.user.update({ where: { id: user.id }, data: { dailyGenLimit: 1000 } });
  png = await testPng(96, 64);
  // Noise does not compress: a real PNG well over the 200 kB cap below.
  bigPng = await sharp(randomBytes(600 * 600 * 3), { raw: { width: 600, height: 600, channels: 3 } })
    .png()
    .toBuffer();
});
afterAll(async () => {
  await server.close();
  await services.dispose();
  await images.cleanup();
});

function usePort(provider: Remote, overrides: Record<string, string> = {}) {
  const env = parseEnv({
    NODE_ENV: "test",
    ZAI_API_KEY: "zai-test-key",
    ZAI_BASE_URL: `${server.url}/api/paas/v4`,
    REPLICATE_API_TOKEN: "r8_test",
    REPLICATE_BASE_URL: `${server.url}/v1`,
    OPENAI_COMPAT_BASE_URL: `${server.url}/oai/v1`,
    OPENAI_COMPAT_API_KEY: "sk-test",
    ...overrides,
  });
  services.models = createModelPort(env, provider, {
    policy: { timeoutMs: 700, maxAttempts: 2, backoffMs: 5, maxImageBytes: 200_000 },
    imageHosts: ["127.0.0.1"],
    replicatePollIntervalMs: 10,
  });
}

/** The file server part: what the provider's temporary image URLs answer. */
function serveFile(req: RecordedRequest, res: http.ServerResponse): boolean {
  if (!req.url.startsWith("/files/")) return false;
  if (req.url === "/files/ok.png") res.writeHead(200, { "content-type": "image/png" }).end(png);
  else if (req.url === "/files/text.png") res.writeHead(200, { "content-type": "image/png" }).end("<html>not an image</html>");
  else if (req.url === "/files/big.png") res.writeHead(200, { "content-type": "image/png" }).end(bigPng);
  else res.writeHead(404).end();
  return true;
}

const fileFor: Partial<Record<Answer, string>> = { ok: "ok.png", "not-image": "text.png", oversized: "big.png", "500": "ok.png" };

function imageUrl(answer: Answer): string {
  if (answer === "foreign-host") return `${server.url.replace("127.0.0.1", "localhost")}/files/ok.png`;
  return `${server.url}/files/${fileFor[answer] ?? "ok.png"}`;
}

/** Scripts the provider's render endpoint: `first` for the first call, then `then`. */
function script(provider: Remote, first: Answer, then: Answer = first) {
  let calls = 0;
  server.handle((req, res) => {
    if (serveFile(req, res)) return;
    const isRender =
      provider === "replicate"
        ? req.method === "POST" && /\/v1\/models\/.+\/predictions$/.test(req.url)
        : req.url.endsWith("/images/generations");
    if (provider === "replicate" && req.method === "GET" && /\/v1\/predictions\/p1$/.test(req.url)) {
      return json(res, 200, { id: "p1", status: "succeeded", output: [imageUrl(first === "500" ? then : first)] });
    }
    if (!isRender) return json(res, 404, { error: { message: "no route" } });
    const answer = calls++ === 0 ? first : then;
    switch (answer) {
      case "hang":
        return; // never answers
      case "500":
        return provider === "replicate"
          ? json(res, 500, { detail: "internal" })
          : json(res, 500, { error: { code: "500", message: "internal error" } });
      case "429":
        return provider === "replicate"
          ? json(res, 429, { detail: "throttled" }, { "retry-after": "0" })
          : json(res, 429, { error: { code: "1302", message: "rate limit reached" } });
      case "refuse":
        if (provider === "zai")
          return json(res, 400, { error: { code: "1301", message: "System detected potentially unsafe or sensitive content in input" } });
        if (provider === "openai-compatible")
          return json(res, 400, {
            error: { code: "content_policy_violation", message: "Your request was rejected by our safety system." },
          });
        return json(res, 201, {
          id: "p2",
          status: "failed",
          error: "NSFW content detected. Try running it again, or try a different prompt.",
        });
      case "malformed":
        return res.writeHead(200, { "content-type": "application/json" }).end('{"data": [ {"url": ');
      default:
        if (provider === "replicate")
          return json(res, 201, { id: "p1", status: "starting", output: null, urls: { get: `${server.url}/v1/predictions/p1` } });
        return json(res, 200, { created: 1, data: [{ url: imageUrl(answer) }], content_filter: [{ role: "assistant", level: 3 }] });
    }
  });
}

async function expectCleanFailure(code: string, reason?: Record<string, unknown>, logged: "error" | "moderation" = "error") {
  const before = await services.db.errorLog.count();
  const beforeMod = await services.db.moderationLog.count({ where: { userId: user.id, stage: "output" } });
  const e = await trpcErrorOf(generateOne(callerFor(services, user), { prompt: "a red fox in the snow", skipOptimize: true }));
  expect(e.code).toBe(code);
  if (reason) expect((e.cause as { data?: unknown }).data).toMatchObject(reason);
  const last = await services.db.generation.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  expect(last).toMatchObject({ status: "failed", imageUrl: null, thumbnailUrl: null, storageKey: null, thumbnailKey: null });
  expect(last.errorMessage).toBeTruthy();
  expect(await filesUnder(images.dir)).toEqual([]);
  if (logged === "error") expect(await services.db.errorLog.count()).toBe(before + 1);
  else expect(await services.db.moderationLog.count({ where: { userId: user.id, stage: "output" } })).toBe(beforeMod + 1);
  return last;
}

beforeEach(async () => {
  server.requests.length = 0;
  // Each case starts from an empty store so "no orphans" is checked exactly.
  for (const f of await filesUnder(images.dir)) await images.storage.remove([f]);
});

describe.each(["zai", "replicate", "openai-compatible"] as const)("%s adapter", (provider) => {
  beforeEach(() => usePort(provider));

  it("renders, downloads from the provider's host, stores original + thumbnail", async () => {
    script(provider, "ok");
    const gen = await generateOne(callerFor(services, user), { prompt: "a red fox in the snow", skipOptimize: true, aspectRatio: "16:9" });
    expect(gen).toMatchObject({ status: "succeeded", provider, width: 96, height: 64 });
    expect((await filesUnder(images.dir)).length).toBe(2);
    const render = server.requests.find((r) => r.method === "POST")!;
    expect(render.headers.authorization).toBe(
      provider === "zai" ? "Bearer zai-test-key" : provider === "replicate" ? "Bearer r8_test" : "Bearer sk-test",
    );
    const body = JSON.parse(render.body.toString());
    if (provider === "zai")
      expect(body).toMatchObject({ model: "glm-image", quality: "hd", size: "1728x960", prompt: "a red fox in the snow" });
    if (provider === "openai-compatible") expect(body).toMatchObject({ model: "dall-e-3", size: "1792x1024", n: 1 });
    if (provider === "replicate") {
      expect(render.url).toBe("/v1/models/black-forest-labs/flux-schnell/predictions");
      expect(render.headers.prefer).toBe("wait=60");
      expect(body.input).toMatchObject({ prompt: "a red fox in the snow", aspect_ratio: "16:9", seed: gen.seed });
    }
    const row = await services.db.generation.findUniqueOrThrow({ where: { id: gen.id } });
    expect(row.retryCount).toBe(0);
  });

  it("retries a 500 and succeeds, recording the retry", async () => {
    script(provider, "500", "ok");
    const gen = await generateOne(callerFor(services, user), { prompt: "a red fox in the snow", skipOptimize: true });
    const row = await services.db.generation.findUniqueOrThrow({ where: { id: gen.id } });
    expect(row).toMatchObject({ status: "succeeded", retryCount: 1 });
  });

  it("gives up after the deadline on every attempt", async () => {
    script(provider, "hang");
    const row = await expectCleanFailure("GATEWAY_TIMEOUT", { reason: "timeout" });
    expect(row.retryCount).toBe(1);
  });

  it("treats the provider's 429 as busy, not as the user's limit", async () => {
    script(provider, "429");
    await expectCleanFailure("SERVICE_UNAVAILABLE", { reason: "provider_rate_limited" });
  });

  it("turns a content-filter refusal into CONTENT_BLOCKED at the output stage", async () => {
    script(provider, "refuse");
    await expectCleanFailure("UNPROCESSABLE_CONTENT", { stage: "output" }, "moderation");
  });

  it("refuses malformed JSON", async () => {
    script(provider, "malformed");
    await expectCleanFailure("BAD_GATEWAY");
  });

  it("refuses bytes that are not an image", async () => {
    script(provider, "not-image");
    await expectCleanFailure("BAD_GATEWAY", { reason: "bad_response" });
  });

  it("refuses an oversized image", async () => {
    script(provider, "oversized");
    await expectCleanFailure("BAD_GATEWAY", { reason: "bad_response" });
    expect(bigPng.length).toBeGreaterThan(200_000);
  });

  it("refuses an image URL on a foreign host without fetching it", async () => {
    script(provider, "foreign-host");
    await expectCleanFailure("BAD_GATEWAY", { reason: "bad_response" });
    expect(server.requests.some((r) => r.url.startsWith("/files/"))).toBe(false);
  });
});

describe("zai specifics", () => {
  beforeEach(() => usePort("zai"));

  it("optimizes with GLM-4.7 with thinking disabled", async () => {
    server.handle((req, res) => {
      if (req.url.endsWith("/chat/completions")) {
        return json(res, 200, {
          id: "c1",
          choices: [{ message: { role: "assistant", content: '"A red fox, snow-dusted fur, soft winter light"' } }],
          usage: {},
        });
      }
      json(res, 404, {});
    });
    const r = await callerFor(services, user).optimize({ prompt: "a red fox", detailLevel: "low" });
    expect(r).toMatchObject({ betterPrompt: "A red fox, snow-dusted fur, soft winter light", model: "glm-4.7", provider: "zai" });
    const body = JSON.parse(server.requests[0]!.body.toString());
    expect(body).toMatchObject({ model: "glm-4.7", thinking: { type: "disabled" } });
  });

  it("honours the content_filter verdict on a 200 answer", async () => {
    server.handle((req, res) => {
      if (serveFile(req, res)) return;
      json(res, 200, { created: 1, data: [], content_filter: [{ role: "assistant", level: 0 }] });
    });
    await expectCleanFailure("UNPROCESSABLE_CONTENT", { stage: "output" }, "moderation");
  });

  it("blocks an optimized prompt that moderation refuses", async () => {
    server.handle((req, res) => json(res, 200, { id: "c1", choices: [{ message: { content: "a fox, with gore" } }] }));
    const e = await trpcErrorOf(generateOne(callerFor(services, user), { prompt: "a fox" }));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect((e.cause as { data?: unknown }).data).toMatchObject({ stage: "optimized" });
    expect(await filesUnder(images.dir)).toEqual([]);
  });
});
