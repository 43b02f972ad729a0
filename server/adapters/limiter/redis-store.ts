// Counters on Redis, shared by the Upstash REST client and the TCP adapter: both
// expose the small Redis surface @upstash/ratelimit needs (evalsha/eval/get/set/del).
import { Ratelimit } from "@upstash/ratelimit";
import type { CounterState, LimiterStore, Reservation, WindowHit } from "./types";

/** What @upstash/ratelimit and the daily-quota scripts call. */
export type RatelimitRedis = {
  evalsha<TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs): Promise<TData>;
  eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData>;
  get<TData = string>(key: string): Promise<TData | null>;
  set(key: string, value: unknown, opts?: unknown): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
};

// INCR, then start the window on the first unit (EXPIRE NX semantics); refuse and undo
// past the limit, so concurrent callers can never overshoot.
const RESERVE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return {0, n - 1, ttl}
end
return {1, n, ttl}`;

const RELEASE = `
local n = redis.call('DECR', KEYS[1])
if n <= 0 then redis.call('DEL', KEYS[1]) end
return n`;

const PEEK = `
local v = redis.call('GET', KEYS[1])
if not v then return {0, -2} end
return {tonumber(v), redis.call('PTTL', KEYS[1])}`;

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

  const num = (v: unknown) => Number(v);

  return {
    kind: opts.kind,
    async hit(key, max, windowMs): Promise<WindowHit> {
      const r = await limiterFor(max, windowMs).limit(key);
      return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
    },
    async reserve(key, max, windowMs): Promise<Reservation> {
      const [ok, used, ttl] = await redis.eval<[number, number], [number, number, number]>(
        RESERVE,
        [`${prefix}q:${key}`],
        [max, windowMs],
      );
      return { ok: num(ok) === 1, used: num(used), reset: Date.now() + num(ttl) };
    },
    async release(key) {
      await redis.eval(RELEASE, [`${prefix}q:${key}`], []);
    },
    async peek(key): Promise<CounterState> {
      const [used, ttl] = await redis.eval<[], [number, number]>(PEEK, [`${prefix}q:${key}`], []);
      return { used: num(used), reset: num(ttl) > 0 ? Date.now() + num(ttl) : null };
    },
    close: opts.close ?? (async () => {}),
  };
}
