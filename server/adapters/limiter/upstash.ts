// Upstash Redis over its REST API (UPSTASH_REDIS_REST_URL/TOKEN).
import { Redis } from "@upstash/redis";
import type { RatelimitRedis } from "./redis-store";

export function createUpstashRedis(opts: { url: string; token: string; timeoutMs: number }): RatelimitRedis {
  const redis = new Redis({
    url: opts.url,
    token: opts.token,
    // One attempt per call: the limiter's own timeout decides what a slow store means.
    retry: { retries: 0 },
    signal: () => AbortSignal.timeout(opts.timeoutMs),
    enableTelemetry: false,
  });
  return redis as unknown as RatelimitRedis;
}
