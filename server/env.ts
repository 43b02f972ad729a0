// The one place that reads process.env. Everything is validated once, at start-up;
// every field error is listed together so a bad config is fixed in one go.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());
const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const postgresUrl = optionalString.pipe(
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
);

/** "generate:20,read:300": per-minute limits by name (server/limits/catalogue.ts). */
const limitOverrides = optionalString.pipe(
  z
    .string()
    .regex(/^[a-zA-Z]+:\d+(,[a-zA-Z]+:\d+)*$/, "must look like generate:20,read:300")
    .transform((v) => Object.fromEntries(v.split(",").map((p) => [p.split(":")[0], Number(p.split(":")[1])])) as Record<string, number>)
    .optional(),
);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  DATA_DIR: z.string().default("./data"),
  // Whom to believe about the caller's address (X-Forwarded-For): Express's
  // "trust proxy" — false, true, a hop count, or addresses/subnets.
  TRUST_PROXY: z
    .string()
    .trim()
    .default("false")
    .transform((v): boolean | number | string =>
      v === "" || v === "false" ? false : v === "true" ? true : /^\d+$/.test(v) ? Number(v) : v,
    ),

  // Anonymous, cookie-less GETs of public pages and reads answered from a 1 s shared cache
  // in each instance (server/http/public-cache.ts). "false" sends every request to the app.
  PUBLIC_CACHE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),

  // Database
  DATABASE_URL: postgresUrl,
  DIRECT_URL: postgresUrl,
  // Hot statements prepared by name once per connection (server/adapters/db/sql.ts); off
  // behind a transaction-mode connection pooler, which does not keep them.
  // "auto": on, unless DATABASE_URL looks like a transaction-mode pooler (port 6543, as
  // Supabase's, or Prisma's ?pgbouncer=true).
  PG_PREPARED_STATEMENTS: z.enum(["auto", "true", "false"]).default("auto"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  // Started as root from a folder the "postgres" user cannot enter (e.g. a clone under a
  // mode-700 home), the embedded cluster is kept here instead, per project.
  EMBEDDED_PG_FALLBACK_DIR: z.string().default("/var/lib/image-studio"),
  ALLOW_EMBEDDED_IN_PRODUCTION: flag,

  // glibc malloc, read by the C library when the process starts: npm start sets both
  // (server/cli/app-process.ts); here only so the server can say when they are missing.
  MALLOC_ARENA_MAX: optionalString,
  MALLOC_MMAP_THRESHOLD_: optionalString,

  // Models
  MODEL_PROVIDER: z.enum(["local", "zai", "replicate", "openai-compatible"]).optional(),
  ZAI_API_KEY: optionalString,
  ZAI_BASE_URL: z.url().default("https://api.z.ai/api/paas/v4"),
  REPLICATE_API_TOKEN: optionalString,
  REPLICATE_BASE_URL: z.url().default("https://api.replicate.com/v1"),
  REPLICATE_MODEL: z.string().default("black-forest-labs/flux-schnell"),
  OPENAI_COMPAT_BASE_URL: optionalUrl,
  OPENAI_COMPAT_API_KEY: optionalString,
  OPENAI_COMPAT_IMAGE_MODEL: z.string().default("dall-e-3"),
  OPENAI_COMPAT_CHAT_MODEL: optionalString,
  // Comma-separated hosts a provider's image URLs may come from ("*.example.com" for subdomains).
  MODEL_IMAGE_HOSTS: optionalString.transform((v) =>
    v
      ?.split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  ),
  RENDER_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(90_000),
  RENDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(3),
  MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(20 * 1024 * 1024),

  // Storage
  SUPABASE_URL: optionalUrl,
  SUPABASE_SERVICE_ROLE_KEY: optionalString,
  SUPABASE_BUCKET: z.string().default("generations"),

  // Rate limits and quotas
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
  ),
  // A limiter call slower than this counts as "store down" (see docs/decisions/0006).
  LIMITER_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  LIMITER_PREFIX: z.string().default("studio:"),
  // Per-deployment per-minute limits for signed-in users, e.g. "generate:20,read:300"
  // (names from server/limits/catalogue.ts).
  RATE_LIMITS: limitOverrides,
  // The same for anonymous callers (per address), e.g. "read:600" (the catalogue's: mutation 10, read 60).
  RATE_LIMITS_ANONYMOUS: limitOverrides,

  // Generation jobs (docs/decisions/0013). Workers in this process (0 = none: a web-only
  // instance; `npm run worker` runs workers without HTTP).
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  // Renders in flight per provider across every worker process (0 = no cap).
  PROVIDER_CONCURRENCY: z.coerce.number().int().min(0).max(1000).default(4),
  // Jobs of one user that may run at once (the rest wait their turn in the user's lanes).
  USER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  // Queued + running generations one user may have; more is a 429 (limit "queue").
  MAX_QUEUED_PER_USER: z.coerce.number().int().min(1).max(1000).default(8),
  // A running job whose worker has not renewed its lease for this long is presumed dead:
  // retried (up to JOB_MAX_ATTEMPTS starts) or failed and refunded.
  JOB_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  // A job still queued after this long is failed and refunded.
  JOB_QUEUE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(7 * 24 * 3_600_000)
    .default(3_600_000),
  // How often the reconciler runs in a process with workers (0 = only `npm run reconcile`).
  RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .default(60_000),
  // Stored files younger than this are never treated as orphans (writes in flight).
  ORPHAN_FILE_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3_600_000)
    .default(15 * 60_000),
  // Longest a `generate` with `wait: true` holds the request before answering with the
  // jobs as they stand.
  GENERATE_WAIT_MS: z.coerce.number().int().min(1000).max(600_000).default(120_000),

  // Auth
  CLERK_PUBLISHABLE_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^pk_(test|live)_/, "must start with pk_test_ or pk_live_")
      .optional(),
  ),
  CLERK_SECRET_KEY: optionalString,
  CLERK_JWT_KEY: optionalString,
  CLERK_WEBHOOK_SECRET: optionalString,
  SESSION_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  ALLOW_LOCAL_AUTH_IN_PRODUCTION: flag,
});

type RawEnv = Record<string, string | undefined>;

/** Cross-field rules, checked on the raw values so they are listed with the rest. */
function crossFieldProblems(raw: RawEnv): string[] {
  const has = (k: string) => Boolean(raw[k]?.trim());
  const problems: string[] = [];
  const pair = (a: string, b: string) => {
    if (has(a) !== has(b)) problems.push(has(a) ? `${b}: must be set together with ${a}` : `${a}: must be set together with ${b}`);
  };
  pair("UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN");
  pair("SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY");
  pair("CLERK_PUBLISHABLE_KEY", "CLERK_SECRET_KEY");
  const needs: Record<string, string> = {
    zai: "ZAI_API_KEY",
    replicate: "REPLICATE_API_TOKEN",
    "openai-compatible": "OPENAI_COMPAT_BASE_URL",
  };
  const provider = raw.MODEL_PROVIDER?.trim();
  if (provider && needs[provider] && !has(needs[provider]))
    problems.push(`${needs[provider]}: is required when MODEL_PROVIDER=${provider}`);
  return problems;
}

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // APP_ENV lets `npm start` run React/Remix production builds (NODE_ENV=production)
  // while the app keeps its development defaults (readable logs, embedded adapters).
  const result = envSchema.safeParse({ ...source, NODE_ENV: source.APP_ENV || source.NODE_ENV });
  const problems = [
    ...(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`)),
    ...crossFieldProblems(source),
  ];
  if (problems.length || !result.success) throw new EnvError(problems);
  return result.data;
}

export type AdapterChoice = {
  database: "external" | "embedded";
  models: "local" | "zai" | "replicate" | "openai-compatible";
  storage: "supabase" | "disk";
  limiter: "upstash" | "redis" | "postgres";
  /** Redis pub/sub needs a held connection: Upstash REST cannot carry progress. */
  progress: "redis" | "memory";
  auth: "clerk" | "local";
};

export function chooseAdapters(env: Env): AdapterChoice {
  return {
    database: env.DATABASE_URL ? "external" : "embedded",
    models:
      env.MODEL_PROVIDER ??
      (env.ZAI_API_KEY ? "zai" : env.REPLICATE_API_TOKEN ? "replicate" : env.OPENAI_COMPAT_BASE_URL ? "openai-compatible" : "local"),
    storage: env.SUPABASE_URL ? "supabase" : "disk",
    limiter: env.UPSTASH_REDIS_REST_URL ? "upstash" : env.REDIS_URL ? "redis" : "postgres",
    progress: env.REDIS_URL ? "redis" : "memory",
    auth: env.CLERK_PUBLISHABLE_KEY ? "clerk" : "local",
  };
}

/** Production must not silently run on laptop defaults. */
export function productionProblems(env: Env, choice = chooseAdapters(env)): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (choice.database === "embedded" && !env.ALLOW_EMBEDDED_IN_PRODUCTION)
    problems.push("DATABASE_URL: required in production (or set ALLOW_EMBEDDED_IN_PRODUCTION=true)");
  if (choice.auth === "local" && !env.ALLOW_LOCAL_AUTH_IN_PRODUCTION)
    problems.push("CLERK_PUBLISHABLE_KEY: required in production (or set ALLOW_LOCAL_AUTH_IN_PRODUCTION=true)");
  if (choice.storage === "disk" && !env.ALLOW_EMBEDDED_IN_PRODUCTION)
    problems.push("SUPABASE_URL: required in production (or set ALLOW_EMBEDDED_IN_PRODUCTION=true)");
  return problems;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/** Local accounts have no real authentication: they stay on loopback unless explicitly allowed. */
export function localAuthProblems(env: Env, choice = chooseAdapters(env)): string[] {
  if (choice.auth !== "local" || LOOPBACK_HOSTS.has(env.HOST) || env.ALLOW_LOCAL_AUTH_IN_PRODUCTION) return [];
  return [
    `HOST: local accounts listen on 127.0.0.1 only (got ${env.HOST}); configure Clerk, or set ALLOW_LOCAL_AUTH_IN_PRODUCTION=true behind your own auth`,
  ];
}

/**
 * Why this configuration must not serve, as the text to print before exiting 1, or null.
 * Checked wherever the server starts (npm start and node build/index.js alike).
 */
export function startRefusal(env: Env, choice = chooseAdapters(env)): string | null {
  const refused = productionProblems(env, choice);
  if (refused.length) return `Refusing to start in production on embedded defaults:\n${refused.map((p) => `  - ${p}`).join("\n")}`;
  const exposed = localAuthProblems(env, choice);
  if (exposed.length) return `Refusing to start:\n${exposed.map((p) => `  - ${p}`).join("\n")}`;
  return null;
}

const FOLDER_PROBLEMS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a file is in the way where a folder should be",
  EEXIST: "a file is in the way where a folder should be",
};

/**
 * DATA_DIR must be a folder this user can write whenever an embedded default keeps files
 * there (the database, the pictures, the local sign-in key): said at start, with what to
 * do, instead of a crash at the first write. Creates the folder (the app would anyway).
 */
export function dataDirProblem(env: Env, choice = chooseAdapters(env)): string | null {
  if (choice.database !== "embedded" && choice.storage !== "disk" && choice.auth !== "local") return null;
  const dir = path.resolve(env.DATA_DIR);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const where = err.path && path.resolve(err.path) !== dir ? ` at ${err.path}` : "";
    return (
      `DATA_DIR (${dir}) cannot be used: ${FOLDER_PROBLEMS[err.code ?? ""] ?? err.code ?? String(e)}${where}. ` +
      `Set DATA_DIR to a folder this user can write (it keeps the embedded database, the pictures and the local sign-in key), or change its permissions.`
    );
  }
}

/** `embeddedDataDir`: where the embedded cluster really is, when not in DATA_DIR (root, see embedded-postgres.ts). */
export function describeAdapters(env: Env, choice = chooseAdapters(env), embeddedDataDir = `${env.DATA_DIR}/postgres`): string {
  const db =
    choice.database === "embedded"
      ? `embedded postgres at 127.0.0.1:${env.EMBEDDED_PG_PORT} (${embeddedDataDir})`
      : `postgres at ${safeHost(env.DATABASE_URL)}`;
  const limiter =
    choice.limiter === "postgres"
      ? "postgres (shared by every process)"
      : choice.limiter === "redis"
        ? `redis at ${safeHost(env.REDIS_URL)}`
        : "upstash";
  const progress =
    choice.progress === "redis"
      ? `redis at ${safeHost(env.REDIS_URL)}`
      : `in-process (single instance only${choice.limiter === "upstash" ? "; Upstash REST cannot hold a subscription, set REDIS_URL to share it" : ""})`;
  return [
    `database: ${db}`,
    `models: ${choice.models}${choice.models === "local" ? " (offline preview renderer)" : ""}`,
    `storage: ${choice.storage === "disk" ? `disk (${env.DATA_DIR}/images)` : `supabase (${env.SUPABASE_BUCKET})`}`,
    `limits: ${limiter}`,
    `progress: ${progress}`,
    `jobs: postgres queue, ${env.WORKER_CONCURRENCY ? `${env.WORKER_CONCURRENCY} worker${env.WORKER_CONCURRENCY === 1 ? "" : "s"} in this process` : "no workers in this process"}`,
    `auth: ${choice.auth === "local" ? "local accounts" : "clerk"}`,
  ].join("; ");
}

function safeHost(url: string | undefined): string {
  if (!url) return "?";
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname.length > 1 ? u.pathname : ""}`;
  } catch {
    return "?";
  }
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Whether hot statements are prepared by name (PG_PREPARED_STATEMENTS, "auto" judged from DATABASE_URL). */
export function preparedStatementsOn(env: Pick<Env, "PG_PREPARED_STATEMENTS" | "DATABASE_URL">): boolean {
  if (env.PG_PREPARED_STATEMENTS !== "auto") return env.PG_PREPARED_STATEMENTS === "true";
  if (!env.DATABASE_URL) return true;
  const url = new URL(env.DATABASE_URL);
  return url.port !== "6543" && url.searchParams.get("pgbouncer") !== "true";
}
