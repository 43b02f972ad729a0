import { describe, expect, it } from "vitest";
import { EnvError, localAuthProblems, parseEnv, productionProblems } from "../../server/env";
import { rateLimitedError, limitHeaders } from "../../server/limits/limit-error";
import { stripLuaShebang } from "../../server/adapters/limiter/tcp-redis";

describe("identity configuration", () => {
  it("keeps local accounts on loopback unless explicitly allowed", () => {
    expect(localAuthProblems(parseEnv({}))).toEqual([]);
    expect(localAuthProblems(parseEnv({ HOST: "::1" }))).toEqual([]);
    expect(localAuthProblems(parseEnv({ HOST: "0.0.0.0" }))[0]).toMatch(/^HOST: local accounts listen on 127\.0\.0\.1 only/);
    expect(localAuthProblems(parseEnv({ HOST: "0.0.0.0", ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true" }))).toEqual([]);
    expect(localAuthProblems(parseEnv({ HOST: "0.0.0.0", CLERK_PUBLISHABLE_KEY: "pk_live_eA==", CLERK_SECRET_KEY: "sk" }))).toEqual([]);
  });

  it("refuses local accounts in production unless allowed", () => {
    const prod = parseEnv({ NODE_ENV: "production", ALLOW_EMBEDDED_IN_PRODUCTION: "true" });
    expect(productionProblems(prod)).toEqual([expect.stringMatching(/^CLERK_PUBLISHABLE_KEY: required in production/)]);
    expect(
      productionProblems(parseEnv({ NODE_ENV: "production", ALLOW_EMBEDDED_IN_PRODUCTION: "true", ALLOW_LOCAL_AUTH_IN_PRODUCTION: "1" })),
    ).toEqual([]);
  });

  it("parses RATE_LIMITS overrides and rejects malformed ones", () => {
    expect(parseEnv({ RATE_LIMITS: "generate:20,read:300" }).RATE_LIMITS).toEqual({ generate: 20, read: 300 });
    expect(() => parseEnv({ RATE_LIMITS: "generate=20" })).toThrow(EnvError);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
  });
});

describe("limit errors", () => {
  it("say which limit and when it resets, in the message, the data and the headers", () => {
    const resetAt = new Date(Date.now() + 3_600_000).toISOString();
    const e = rateLimitedError({ limit: "daily", max: 10, remaining: 0, resetAt });
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.httpStatus).toBe(429);
    expect(e.message).toBe(`Daily generation limit reached (10 per day). It resets at ${resetAt}.`);
    expect(e.data).toEqual({ limit: "daily", max: 10, remaining: 0, resetAt });
    const h = limitHeaders({ limit: "daily", max: 10, remaining: 0, resetAt }, true);
    expect(h["X-RateLimit-Limit"]).toBe("10");
    expect(h["X-RateLimit-Remaining"]).toBe("0");
    expect(Number(h["X-RateLimit-Reset"])).toBe(Math.ceil(Date.parse(resetAt) / 1000));
    expect(Number(h["Retry-After"])).toBeGreaterThan(3590);
    expect(limitHeaders({ limit: "rate", max: 10, remaining: 4, resetAt }, false)).not.toHaveProperty("Retry-After");
  });

  it("strips only the Lua shebang line", () => {
    expect(stripLuaShebang("#!lua flags=allow-key-locking\nlocal x = 1\nreturn x")).toBe("local x = 1\nreturn x");
    expect(stripLuaShebang("local x = 1 -- #!not a shebang")).toBe("local x = 1 -- #!not a shebang");
  });
});
