// Counters on Redis, shared by the Upstash REST client and the TCP adapter: both
// expose the small Redis surface @upstash/ratelimit needs (evalsha/eval/get/set/del).
import { Ratelimit } from "@upstash/ratelimit";
import type { LimiterStore, WindowHit } from "./types";

/** What @upstash/ratelimit calls. */
export type RatelimitRedis = {
  evalsha<TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs): Promise<TData>;
  eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData>;
  get<TData = string>(key: string): Promise<TData | null>;
  set(key: string, value: unknown, opts?: unknown): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
};

export function createRedisStore(opts: {
  kind: "upstash" | "redis";
  redis: RatelimitRedis;
  prefix: string;
  close?: () => Promise<void>;
}): LimiterStore {
  const { redis, prefix } = opts;
  const limiters = new Map<string, Ratelimit>();

  const limiterFor = (max: number, windowMs: number) => {
    const id = `${max}/${windowMs}`;
    let rl = limiters.get(id);
    if (!rl) {
      rl = new Ratelimit({
        // The structural type matches what Ratelimit calls; its declared type is the full client.
        redis: redis as unknown as ConstructorParameters<typeof Ratelimit>[0]["redis"],
        limiter: Ratelimit.slidingWindow(max, `${windowMs} ms`),
        prefix: `${prefix}rl`,
        // Blocked identifiers must be re-checked in Redis: other instances share it.
        ephemeralCache: false,
        analytics: false,
        // Timeouts are ours (withTimeout): Ratelimit's own fails open silently.
        timeout: 0,
      });
      limiters.set(id, rl);
    }
    return rl;
  };

  return {
    kind: opts.kind,
    async hit(key, max, windowMs): Promise<WindowHit> {
      const r = await limiterFor(max, windowMs).limit(key);
      return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
    },
    async ping() {
      await redis.get(`${prefix}health`);
    },
    close: opts.close ?? (async () => {}),
  };
}
