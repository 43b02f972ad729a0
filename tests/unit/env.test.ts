import { describe, expect, it } from "vitest";
import { chooseAdapters, describeAdapters, EnvError, parseEnv, preparedStatementsOn, productionProblems } from "../../server/env";

describe("env", () => {
  it("defaults to every embedded adapter with nothing set", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("127.0.0.1");
    expect(chooseAdapters(env)).toEqual({
      database: "embedded",
      models: "local",
      storage: "disk",
      limiter: "postgres",
      progress: "memory",
      auth: "local",
    });
    expect(describeAdapters(env)).toMatch(
      /^database: embedded postgres at 127\.0\.0\.1:54329 .*models: local .*storage: disk.*limits: postgres \(shared by every process\); progress: in-process \(single instance only\); jobs: postgres queue, 2 workers in this process; auth: local accounts$/,
    );
    expect(describeAdapters(parseEnv({ WORKER_CONCURRENCY: "0" }))).toContain("jobs: postgres queue, no workers in this process");
  });

  it("lists every field error at once", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", SUPABASE_URL: "https://x.supabase.co", CLERK_PUBLISHABLE_KEY: "nope" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems.join("\n");
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres/m);
    expect(problems).toMatch(/^SUPABASE_SERVICE_ROLE_KEY: must be set together with SUPABASE_URL/m);
    expect(problems).toMatch(/^CLERK_PUBLISHABLE_KEY: must start with pk_test_ or pk_live_/m);
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", ZAI_API_KEY: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(chooseAdapters(env).models).toBe("local");
  });

  it("picks production adapters from their variables and never prints secrets", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://app:s3cret@db.example.com:6543/postgres",
      ZAI_API_KEY: "zai-key",
      SUPABASE_URL: "https://abc.supabase.co",
      SUPABASE_SERVICE_ROLE_KEY: "service-key",
      REDIS_URL: "redis://:pw@cache.internal:6379",
      CLERK_PUBLISHABLE_KEY: "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k",
      CLERK_SECRET_KEY: "sk_live_x",
    });
    expect(chooseAdapters(env)).toEqual({
      database: "external",
      models: "zai",
      storage: "supabase",
      limiter: "redis",
      progress: "redis",
      auth: "clerk",
    });
    const line = describeAdapters(env);
    expect(line).toContain("postgres at db.example.com:6543/postgres");
    expect(line).toContain("progress: redis at cache.internal:6379");
    expect(line).not.toMatch(/s3cret|service-key|zai-key|pw@/);
  });

  it("keeps progress in-process with Upstash alone, and says so at start", () => {
    const upstash = { UPSTASH_REDIS_REST_URL: "https://eu1.upstash.io", UPSTASH_REDIS_REST_TOKEN: "t" };
    expect(chooseAdapters(parseEnv(upstash))).toMatchObject({ limiter: "upstash", progress: "memory" });
    expect(describeAdapters(parseEnv(upstash))).toMatch(
      /progress: in-process \(single instance only; Upstash REST cannot hold a subscription, set REDIS_URL to share it\)/,
    );
    // With both, limits use Upstash and progress the TCP Redis.
    expect(chooseAdapters(parseEnv({ ...upstash, REDIS_URL: "redis://127.0.0.1:6379" }))).toMatchObject({
      limiter: "upstash",
      progress: "redis",
    });
  });

  it("refuses embedded defaults in production unless allowed", () => {
    const prod = parseEnv({ NODE_ENV: "production" });
    expect(productionProblems(prod).join("\n")).toMatch(/DATABASE_URL: required in production/);
    expect(
      productionProblems(
        parseEnv({ NODE_ENV: "production", ALLOW_EMBEDDED_IN_PRODUCTION: "true", ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true" }),
      ),
    ).toEqual([]);
    // Limits on the production database are a production setup, not an embedded default.
    expect(
      productionProblems(
        parseEnv({
          NODE_ENV: "production",
          DATABASE_URL: "postgresql://db/x",
          SUPABASE_URL: "https://x.supabase.co",
          SUPABASE_SERVICE_ROLE_KEY: "k",
          ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
        }),
      ),
    ).toEqual([]);
    expect(productionProblems(parseEnv({ NODE_ENV: "development" }))).toEqual([]);
  });

  it("lets APP_ENV override NODE_ENV for app decisions", () => {
    expect(parseEnv({ NODE_ENV: "production", APP_ENV: "development" }).NODE_ENV).toBe("development");
  });
});

describe("PG_PREPARED_STATEMENTS", () => {
  const on = (env: Record<string, string>) => preparedStatementsOn(parseEnv(env));
  it("auto: on for a plain server, off behind a transaction-mode pooler (port 6543, ?pgbouncer=true)", () => {
    expect(on({})).toBe(true);
    expect(on({ DATABASE_URL: "postgresql://u:p@db.example.com:5432/app" })).toBe(true);
    expect(on({ DATABASE_URL: "postgresql://u:p@aws-0-eu.pooler.supabase.com:6543/postgres" })).toBe(false);
    expect(on({ DATABASE_URL: "postgresql://u:p@pgbouncer.internal:6432/app?pgbouncer=true" })).toBe(false);
  });
  it("true or false says so whatever the URL", () => {
    expect(on({ DATABASE_URL: "postgresql://u:p@h:6543/app", PG_PREPARED_STATEMENTS: "true" })).toBe(true);
    expect(on({ DATABASE_URL: "postgresql://u:p@h:5432/app", PG_PREPARED_STATEMENTS: "false" })).toBe(false);
  });
});
