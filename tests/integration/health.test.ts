import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createContextInner } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import { handleTrpcRequest } from "../../server/trpc/http-handler";
import { createTestServices, type TestServices } from "../support/test-db";
import { startUpstashRestServer } from "../support/upstash-rest-server";

const redisUrl = inject("redisUrl");
let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(() => services.dispose());

describe("health", () => {
  it("answers from the real database", async () => {
    const caller = createCaller(createContextInner({ services }));
    const health = await caller.health();
    expect(health.ok).toBe(true);
    expect(health.database.ok).toBe(true);
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reports a database that is down instead of throwing", async () => {
    const { createServices } = await import("../../server/services");
    const broken = createServices({ env: services.env, logger: services.logger, databaseUrl: "postgresql://nobody@127.0.0.1:1/none" });
    try {
      const health = await createCaller(createContextInner({ services: broken })).health();
      expect(health.ok).toBe(false);
      expect(health.database).toMatchObject({ ok: false, error: "database unreachable" });
    } finally {
      await broken.close();
    }
  });
});

describe("health of the limits and progress stores", () => {
  type HealthAnswer = Awaited<ReturnType<ReturnType<typeof createCaller>["health"]>>;
  const withRedis = (redisUrl: string, check: (h: HealthAnswer) => void) => withEnv({ REDIS_URL: redisUrl }, check);
  const withEnv = async (extra: Record<string, string>, check: (h: HealthAnswer) => void) => {
    const { createServices } = await import("../../server/services");
    const { parseEnv } = await import("../../server/env");
    const env = parseEnv({ ...process.env, DATABASE_URL: services.databaseUrl, LIMITER_TIMEOUT_MS: "300", ...extra });
    const s = createServices({ env, logger: services.logger, db: services.db, pool: services.pool });
    try {
      check(await createCaller(createContextInner({ services: s })).health());
    } finally {
      await s.close();
    }
  };

  it("the embedded default: limits are the database, progress is this process", async () => {
    const health = await createCaller(createContextInner({ services })).health();
    expect(health).toMatchObject({
      ok: true,
      degraded: false,
      limits: { ok: true, store: "postgres" },
      progress: { ok: true, store: "memory" },
    });
  });

  it.skipIf(!redisUrl)("Redis answering: both stores ok", async () => {
    await withRedis(redisUrl!, (h) =>
      expect(h).toMatchObject({ ok: true, degraded: false, limits: { ok: true, store: "redis" }, progress: { ok: true, store: "redis" } }),
    );
  });

  it.skipIf(!redisUrl)("Upstash (its REST contract on loopback): ok while it answers, degraded once it is gone", async () => {
    const upstash = await startUpstashRestServer(redisUrl!);
    const env = { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token };
    try {
      await withEnv(env, (h) => expect(h).toMatchObject({ ok: true, degraded: false, limits: { ok: true, store: "upstash" } }));
      expect(upstash.requests()).toBeGreaterThan(0);
    } finally {
      await upstash.close();
    }
    await withEnv(env, (h) =>
      expect(h).toMatchObject({ ok: true, degraded: true, limits: { ok: false, store: "upstash", error: "upstash unreachable" } }),
    );
  });

  it("Redis down: still ok (pages serve), degraded, and which stores are unreachable", async () => {
    await withRedis("redis://127.0.0.1:1", (h) =>
      expect(h).toMatchObject({
        ok: true,
        degraded: true,
        database: { ok: true },
        limits: { ok: false, store: "redis", error: "redis unreachable" },
        progress: { ok: false, store: "redis", error: "redis unreachable" },
      }),
    );
  });
});

describe("tRPC over HTTP", () => {
  const call = (url: string, init?: RequestInit) => handleTrpcRequest(new Request(`http://127.0.0.1${url}`, init), services);

  it("answers a query with superjson", async () => {
    const res = await call("/api/trpc/health");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.result.data.json.ok).toBe(true);
  });

  it("answers malformed JSON input with 400, not 500", async () => {
    const res = await call(`/api/trpc/health?input=${encodeURIComponent("{not json")}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.message).toMatch(/JSON|parse/i);
  });

  it("answers a wrong type with 400 and the zod issues", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { includeDatabase: "yes" } }));
    const res = await call(`/api/trpc/health?input=${input}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.data.zodIssues[0].path).toEqual(["includeDatabase"]);
    expect(typeof body.error.json.data.stack).not.toBe("string");
  });

  it("answers an unknown procedure with 404", async () => {
    const res = await call("/api/trpc/nope");
    expect(res.status).toBe(404);
  });
});
