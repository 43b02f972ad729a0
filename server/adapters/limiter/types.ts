// The limiter port: per-minute rate-limit counters that several app instances share.
// (Daily generation quotas are not counters here: the Generation rows themselves are
// the quota, see server/limits/daily-quota.ts and docs/decisions/0013.)

export type WindowHit = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the caller may try again / the window rolls over. */
  reset: number;
};

export interface LimiterStore {
  readonly kind: "upstash" | "redis" | "postgres";
  /** Counts one hit against `key` in a sliding window of `windowMs`. */
  hit(key: string, max: number, windowMs: number): Promise<WindowHit>;
  /**
   * The PostgreSQL store only: the counter key for a hit made inside a statement of the
   * caller's own on the same database (SQL function studio_rate_limit_hit; read its
   * answer with windowHitOf), which saves the hit its own round trip.
   */
  statementKey?(key: string): string;
  /** One cheap round trip to the store (for /healthz); rejects when it does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class LimiterUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LimiterUnavailableError";
  }
}

/** Bounds every store call: a hung Redis must not hang the request. */
export async function withTimeout<T>(op: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LimiterUnavailableError(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([op, timeout]);
  } catch (e) {
    if (e instanceof LimiterUnavailableError) throw e;
    throw new LimiterUnavailableError(`${what} failed: ${(e as Error)?.message ?? e}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/** The same store with every call bounded by `ms` (a slow store counts as down). */
export function withTimeouts(store: LimiterStore, ms: number): LimiterStore {
  return {
    kind: store.kind,
    hit: (key, max, windowMs) => withTimeout(store.hit(key, max, windowMs), ms, "rate limit check"),
    ping: () => withTimeout(store.ping(), ms, "limits store ping"),
    ...(store.statementKey ? { statementKey: store.statementKey.bind(store) } : {}),
    close: () => store.close(),
  };
}
