// What auth + the per-minute limit add to each `generate`, against the local Redis and
// PostgreSQL: the same middleware chain as `generate`, around a no-op, minus the same
// no-op without auth or limits; and the daily quota's read from the rows. Medians over N calls.
//   npx tsx bench/identity-overhead.ts [calls=300]   (BENCH_ADMIN_URL, BENCH_REDIS_URL)
import pg from "pg";
import { migrateDatabase } from "../server/adapters/db/migrate";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { createServices } from "../server/services";
import { createContext, createContextInner } from "../server/trpc/context";
import { authedRateLimitedProcedure, createCallerFactory, publicProcedure, router } from "../server/trpc/init";
import { createApiToken } from "../server/users/api-tokens";
import { authenticateRequest } from "../server/users/authenticate-request";
import { checkRateLimit } from "../server/limits/rate-limit";
import { readQuotaUsage } from "../server/limits/daily-quota";
import { pgRunner } from "../server/adapters/db/sql";
import { createClerkKey, clerkPublishableKey, mintSessionToken } from "../tests/support/clerk-keys";

const calls = Number(process.argv[2] ?? 300);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const name = `bench_identity_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
async function time(label: string, fn: (i: number) => Promise<unknown>, out: Record<string, unknown>) {
  for (let i = 0; i < 20; i++) await fn(-1 - i); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  out[label] = { median: +median(xs).toFixed(3), p95: +p95(xs).toFixed(3) };
  return median(xs);
}

try {
  await migrateDatabase(url.toString());
  const key = createClerkKey();
  const results: Record<string, unknown> = {};
  for (const mode of ["api-token", "clerk-jwt"] as const) {
    const env = parseEnv({
      NODE_ENV: "test",
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      LIMITER_PREFIX: `bench:${name}:${mode}:`,
      RATE_LIMITS: "generate:100000000",
      ...(mode === "clerk-jwt"
        ? { CLERK_PUBLISHABLE_KEY: clerkPublishableKey, CLERK_SECRET_KEY: "sk_live_offline", CLERK_JWT_KEY: key.publicPem }
        : {}),
    });
    const services = createServices({ env, databaseUrl: url.toString(), logger: createLogger({ level: "silent" }) });
    const userId = `bench_${mode}`;
    await services.db.user.create({ data: { id: userId, name: "bench", dailyGenLimit: 100_000_000 } });
    const bearer =
      mode === "api-token"
        ? (await createApiToken(services.db, userId, "bench")).token
        : await mintSessionToken(key, { sub: userId, exp: Math.floor(Date.now() / 1000) + 3600 });
    const req = () => new Request("http://127.0.0.1/api/trpc/generate", { method: "POST", headers: { authorization: `Bearer ${bearer}` } });

    const r = router({
      bare: publicProcedure.mutation(() => "ok"),
      generate: authedRateLimitedProcedure("generate").mutation(() => "ok"),
    });
    const factory = createCallerFactory(r);
    const out: Record<string, unknown> = {};
    const base = await time("no-op procedure, no auth, no limits", () => factory(createContextInner({ services })).bare(), out);
    const full = await time(
      "no-op with generate's chain (auth + rate)",
      async () => factory(await createContext({ req: req(), services })).generate(),
      out,
    );
    await time("  auth only", () => authenticateRequest(services, req()), out);
    const deps = { limiter: services.limiter, logger: services.logger, db: services.db, overrides: env.RATE_LIMITS };
    await time("  per-minute limit only", () => checkRateLimit(deps, "generate", { userId, ip: "127.0.0.1" }), out);
    await time(
      "  daily quota read from the rows (enqueue does it again under the user's lock)",
      () => readQuotaUsage(pgRunner(services.pool), userId),
      out,
    );
    out["added per generate (median, ms)"] = +(full - base).toFixed(3);
    results[mode] = out;
    await services.limiter.close();
    await services.close();
  }
  process.stdout.write(
    `${calls} sequential calls per row, local Redis ${redisUrl} + PostgreSQL (ms):\n${JSON.stringify(results, null, 2)}\n`,
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  // The bench's own keys (and only those).
  const { Redis } = await import("ioredis");
  const r = new Redis(redisUrl);
  const keys = await r.keys(`bench:${name}:*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
}
