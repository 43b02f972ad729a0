// In-process counters: correct for a single app instance only (logged at start).
import type { CounterState, LimiterStore, Reservation, WindowHit } from "./types";

export function createMemoryStore(now: () => number = Date.now): LimiterStore {
  // Sliding log: timestamps of the hits still inside the window.
  const logs = new Map<string, number[]>();
  const counters = new Map<string, { used: number; reset: number }>();

  const sweep = () => {
    const t = now();
    for (const [k, c] of counters) if (c.reset <= t) counters.delete(k);
    // Per-minute windows: a log untouched for an hour is long empty.
    for (const [k, log] of logs) if ((log.at(-1) ?? 0) < t - 3_600_000) logs.delete(k);
  };
  const sweeper = setInterval(sweep, 60_000);
  sweeper.unref();

  const liveCounter = (key: string) => {
    const c = counters.get(key);
    if (c && c.reset <= now()) {
      counters.delete(key);
      return undefined;
    }
    return c;
  };

  return {
    kind: "memory",
    async hit(key, max, windowMs): Promise<WindowHit> {
      const t = now();
      const log = (logs.get(key) ?? []).filter((ts) => ts > t - windowMs);
      const success = log.length < max;
      if (success) log.push(t);
      if (log.length) logs.set(key, log);
      else logs.delete(key);
      const oldest = log[0] ?? t;
      return { success, limit: max, remaining: Math.max(0, max - log.length), reset: oldest + windowMs };
    },
    async reserve(key, max, windowMs): Promise<Reservation> {
      const c = liveCounter(key) ?? { used: 0, reset: now() + windowMs };
      if (c.used >= max) return { ok: false, used: c.used, reset: c.reset };
      c.used += 1;
      counters.set(key, c);
      return { ok: true, used: c.used, reset: c.reset };
    },
    async release(key) {
      const c = liveCounter(key);
      if (!c) return;
      c.used -= 1;
      if (c.used <= 0) counters.delete(key);
    },
    async peek(key): Promise<CounterState> {
      const c = liveCounter(key);
      return c ? { used: c.used, reset: c.reset } : { used: 0, reset: null };
    },
    async close() {
      clearInterval(sweeper);
      logs.clear();
      counters.clear();
    },
  };
}
