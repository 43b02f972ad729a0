// Live progress of generations, keyed by (user, channel): every generation publishes to
// its own id, and to the caller's own progressId (a uuid) when it gave one. Two implementations behind one
// contract (tests/integration/progress-port-contract.test.ts): in-process, and Redis
// Streams for several app instances (docs/decisions/0010).
export const PROGRESS_STAGES = ["queued", "optimizing", "rendering", "storing", "done", "failed", "cancelled"] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];
export type ProgressEvent = { stage: ProgressStage; generationId?: string; message?: string; at: Date };

/** At most this many events are kept per progress id; later ones are dropped. */
export const MAX_PROGRESS_EVENTS = 32;
/** How long the events of a progress id are kept for late subscribers and reconnects. */
export const PROGRESS_TTL_MS = 10 * 60_000;

export const isFinalStage = (stage: ProgressStage) => stage === "done" || stage === "failed" || stage === "cancelled";

export type SubscribeOptions = { signal?: AbortSignal; lastEventId?: string | null };

export interface ProgressPort {
  /** Where events live: this process only, or Redis Streams every instance shares. */
  readonly kind: "memory" | "redis";
  /**
   * Best effort: never throws or rejects, so progress can never fail a generation. The
   * promise settles once the event is stored (or the failure logged); callers need not wait.
   */
  publish(userId: string, progressId: string, event: Omit<ProgressEvent, "at">): Promise<void>;
  /**
   * Yields [id, event] for every event of this user's progress id after lastEventId (or
   * from the first), replaying those already published, until done/failed, abort or
   * close. Ids increase monotonically. Throws AppError SERVICE_UNAVAILABLE when the
   * store cannot be reached.
   */
  subscribe(userId: string, progressId: string, opts: SubscribeOptions): AsyncGenerator<[string, ProgressEvent]>;
  /** One cheap round trip to the store (for /healthz); rejects when it does not answer. */
  ping(): Promise<void>;
  /** Open subscriptions in this process (for tests and leak checks). */
  openSubscriptions(): number;
  /** Ends open subscriptions and releases timers and connections. Idempotent. */
  close(): Promise<void>;
}
