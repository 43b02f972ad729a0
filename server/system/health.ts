// /healthz and the `health` procedure: the database decides `ok` (without it nothing
// works, and a load balancer should stop sending traffic); the limits and progress stores
// are reported beside it, and one that does not answer makes the answer `degraded`: the
// gallery still serves, while Generate is refused (limits) or progress is not live.
import type { Db } from "../adapters/db/client";
import type { LimiterStore } from "../adapters/limiter";
import type { ProgressPort } from "../adapters/progress";
import pkg from "../../package.json";

type StoreHealth = { ok: boolean; store: string; error?: string };

export type Health = {
  ok: boolean;
  /** A store other than the database does not answer. */
  degraded: boolean;
  version: string;
  database: { ok: boolean; latencyMs: number; error?: string };
  limits: StoreHealth;
  progress: StoreHealth;
  uptimeSeconds: number;
};

export type HealthDeps = { db: Db; limiter: Pick<LimiterStore, "kind" | "ping">; progress: Pick<ProgressPort, "kind" | "ping"> };

async function storeHealth(store: string, ping: () => Promise<void>): Promise<StoreHealth> {
  try {
    await ping();
    return { ok: true, store };
  } catch {
    // The store's own words go to the log where it is used; here, what an operator acts on.
    return { ok: false, store, error: `${store} unreachable` };
  }
}

export async function checkHealth(deps: HealthDeps, options: { includeDatabase?: boolean } = {}): Promise<Health> {
  const base = { version: pkg.version, uptimeSeconds: Math.round(process.uptime()) };
  if (options.includeDatabase === false) {
    // The process answers; no store is asked.
    const limits = { ok: true, store: deps.limiter.kind };
    return {
      ok: true,
      degraded: false,
      ...base,
      database: { ok: true, latencyMs: 0 },
      limits,
      progress: { ok: true, store: deps.progress.kind },
    };
  }
  const started = performance.now();
  const [database, limits, progress] = await Promise.all([
    deps.db.$queryRaw`SELECT 1`.then(
      () => ({ ok: true, latencyMs: Math.round(performance.now() - started) }),
      () => ({ ok: false, latencyMs: Math.round(performance.now() - started), error: "database unreachable" }),
    ),
    // The PostgreSQL limits store is the database: its own line would say the same.
    deps.limiter.kind === "postgres" ? null : storeHealth(deps.limiter.kind, () => deps.limiter.ping()),
    deps.progress.kind === "memory" ? null : storeHealth(deps.progress.kind, () => deps.progress.ping()),
  ]);
  return {
    ok: database.ok,
    degraded: Boolean(limits && !limits.ok) || Boolean(progress && !progress.ok),
    ...base,
    database,
    limits: limits ?? { ok: database.ok, store: "postgres" },
    progress: progress ?? { ok: true, store: "memory" },
  };
}
