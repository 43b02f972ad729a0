// Both progress ports, built as the app builds them; the Redis one under a key prefix of
// its own so runs sharing one Redis never hear each other. Plus a consumer that records
// what a subscription yields and lets a test wait for the n-th event.
import { Redis as IORedis } from "ioredis";
import { inject } from "vitest";
import type { Logger } from "pino";
import { createLogger } from "../../server/logger";
import { MemoryProgress } from "../../server/adapters/progress/memory-progress";
import { RedisProgress } from "../../server/adapters/progress/redis-progress";
import type { ProgressEvent, ProgressPort } from "../../server/adapters/progress/progress-port";
import { uniquePrefix } from "./limiter-stores";

export type ProgressKind = "memory" | "redis";

export function createProgress(
  kind: ProgressKind,
  opts: { url?: string; prefix?: string; logger?: Logger; timeoutMs?: number } = {},
): ProgressPort {
  if (kind === "memory") return new MemoryProgress();
  const url = opts.url ?? inject("redisUrl");
  if (!url) throw new Error("no Redis for this run");
  return new RedisProgress({
    url,
    prefix: opts.prefix ?? uniquePrefix(),
    logger: opts.logger ?? createLogger({ level: "silent" }),
    timeoutMs: opts.timeoutMs,
  });
}

export function consume(subscription: AsyncGenerator<[string, ProgressEvent]>) {
  const seen: [string, ProgressEvent][] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const ended = (async () => {
    for await (const entry of subscription) {
      seen.push(entry);
      for (const w of waiting) if (seen.length >= w.n) w.resolve();
    }
  })();
  return {
    seen,
    stages: () => seen.map(([, e]) => e.stage),
    ended,
    /** Resolves once n events have arrived (rejects if the subscription fails first). */
    received: (n: number) =>
      Promise.race([
        new Promise<void>((resolve) => (seen.length >= n ? resolve() : waiting.push({ n, resolve }))),
        ended.then(() => {
          if (seen.length < n) throw new Error(`subscription ended after ${seen.length} of ${n} events`);
        }),
      ]),
  };
}

/** A plain connection for looking at Redis from outside the port. */
export function redisAdmin(): IORedis {
  return new IORedis(inject("redisUrl")!, { lazyConnect: true, maxRetriesPerRequest: 1 });
}

/** Waits (bounded) for Redis to catch up with a close or unsubscribe sent without waiting. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, attempts = 100): Promise<T> {
  let v = await read();
  for (let i = 0; i < attempts && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 20));
    v = await read();
  }
  return v;
}

/** Stream ids ("1700000000000-3") and in-process ids ("3") compare as number tuples. */
export function idsIncrease(ids: string[]): boolean {
  const parts = ids.map((id) => id.split("-").map(Number));
  return parts.every(
    (p, i) => i === 0 || p[0]! > parts[i - 1]![0]! || (p[0] === parts[i - 1]![0] && (p[1] ?? 0) > (parts[i - 1]![1] ?? 0)),
  );
}
