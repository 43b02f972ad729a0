// The limiter port: counters that several app instances can share. Two shapes of
// counting are needed: a sliding per-minute window (rate limits) and an atomic
// reserve/refund counter with a fixed 24 h window (daily generation quotas).

export type WindowHit = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the caller may try again / the window rolls over. */
  reset: number;
};

export type Reservation = {
  ok: boolean;
  /** Count in the window after this call (unchanged when refused). */
  used: number;
  /** Epoch ms when the window ends. */
  reset: number;
};

export type CounterState = { used: number; reset: number | null };

export interface LimiterStore {
  readonly kind: "upstash" | "redis" | "memory";
  /** Counts one hit against `key` in a sliding window of `windowMs`. */
  hit(key: string, max: number, windowMs: number): Promise<WindowHit>;
  /** Atomically takes one unit if fewer than `max` are used in the fixed window. */
  reserve(key: string, max: number, windowMs: number): Promise<Reservation>;
  /** Gives one unit back (a failed or blocked generation). */
  release(key: string): Promise<void>;
  peek(key: string): Promise<CounterState>;
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
    reserve: (key, max, windowMs) => withTimeout(store.reserve(key, max, windowMs), ms, "quota reservation"),
    release: (key) => withTimeout(store.release(key), ms, "quota refund"),
    peek: (key) => withTimeout(store.peek(key), ms, "quota read"),
    close: () => store.close(),
  };
}
