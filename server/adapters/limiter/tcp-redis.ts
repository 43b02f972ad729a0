// Any Redis over TCP (REDIS_URL) behind the surface @upstash/ratelimit expects.
// Upstash's scripts begin with `#!lua flags=allow-key-locking`, a shebang stock Redis 7.0
// rejects, and @upstash/ratelimit calls EVALSHA with the SHA of the script *with* that
// line. So: strip the shebang, remember which upstream SHA means which stripped script,
// and answer unknown SHAs with NOSCRIPT so the library falls back to EVAL.
import { createHash } from "node:crypto";
import { Redis as IORedis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import type { RatelimitRedis } from "./redis-store";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

export function stripLuaShebang(script: string): string {
  return script.replace(/^\s*#![^\n]*\n/, "");
}

export type UpstashCompatibleRedis = RatelimitRedis & { client: IORedis; close: () => Promise<void> };

export function createTcpRedis(
  url: string,
  opts: { logger?: Logger; commandTimeoutMs?: number; ioredis?: RedisOptions } = {},
): UpstashCompatibleRedis {
  const client = new IORedis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs,
    connectTimeout: opts.commandTimeoutMs ? Math.max(opts.commandTimeoutMs, 1000) : 10_000,
    // Reconnect with a capped backoff; requests meanwhile fail fast instead of queueing.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...opts.ioredis,
  });
  let lastLogged = 0;
  // Without a listener ioredis prints to the console; log at most every 30 s instead.
  client.on("error", (err) => {
    if (Date.now() - lastLogged > 30_000) {
      lastLogged = Date.now();
      opts.logger?.warn({ err: { message: err.message } }, "redis connection error");
    }
  });

  // upstream SHA (of the script as the library ships it) → stripped script
  const byUpstreamSha = new Map<string, { script: string; sha: string }>();
  const remember = (script: string) => {
    const stripped = stripLuaShebang(script);
    const entry = { script: stripped, sha: sha1(stripped) };
    byUpstreamSha.set(sha1(script), entry);
    return entry;
  };

  const run = async <T>(entry: { script: string; sha: string }, keys: string[], args: unknown[]): Promise<T> => {
    const flat = [...keys, ...args.map((a) => (a === null || a === undefined ? "" : (a as string | number)))];
    try {
      return (await client.evalsha(entry.sha, keys.length, ...flat)) as T;
    } catch (e) {
      if (!String(e).includes("NOSCRIPT")) throw e;
      return (await client.eval(entry.script, keys.length, ...flat)) as T;
    }
  };

  return {
    client,
    async evalsha<TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs) {
      const entry = byUpstreamSha.get(sha);
      if (!entry) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
      return run<TData>(entry, keys, args);
    },
    async eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs) {
      return run<TData>(byUpstreamSha.get(sha1(script)) ?? remember(script), keys, args);
    },
    async get<TData = string>(key: string) {
      const v = await client.get(key);
      if (v === null) return null;
      // @upstash/redis deserialises JSON values; match it.
      try {
        return JSON.parse(v) as TData;
      } catch {
        return v as TData;
      }
    },
    async set(key: string, value: unknown, o?: unknown) {
      const v = typeof value === "string" ? value : JSON.stringify(value);
      const { ex, px } = (o ?? {}) as { ex?: number; px?: number };
      if (px) return client.set(key, v, "PX", px);
      if (ex) return client.set(key, v, "EX", ex);
      return client.set(key, v);
    },
    del: (...keys: string[]) => client.del(...keys),
    close: async () => {
      client.disconnect();
    },
  };
}
