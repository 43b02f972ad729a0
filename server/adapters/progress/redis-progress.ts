// Progress shared by every app instance through one Redis (REDIS_URL), so the SSE
// subscription may land on another instance than the `generate` call. Each
// (user, progressId) is a Redis Stream: XADD gives monotonic ids (the SSE event ids,
// so lastEventId resumes), the stream itself is the replay log (10 minutes TTL), and
// a pub/sub message on the same name is only a doorbell: "read the stream again".
// Subscribing before reading means no event can fall between the read and the wait,
// and a lost doorbell (reconnect) costs a re-read, never an event. One command
// connection and one subscriber connection per process, however many subscriptions:
// XREAD BLOCK would hold a connection per open SSE stream. See docs/decisions/0010.
import { Redis as IORedis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import { AppError } from "../../errors";
import {
  isFinalStage,
  MAX_PROGRESS_EVENTS,
  PROGRESS_STAGES,
  PROGRESS_TTL_MS,
  type ProgressEvent,
  type ProgressPort,
  type SubscribeOptions,
} from "./progress-port";

// Append unless the stream is full, keep it for the TTL, ring the doorbell: atomically,
// so a subscriber never hears the bell before the event is readable.
const APPEND = `
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', KEYS[1], id)
return id
`;

// Re-read the stream this often even without a doorbell (one could be missed while
// the subscriber connection reconnects).
const RECHECK_MS = 10_000;
const STREAM_ID = /^\d{1,15}-\d{1,4}$/;

type Watch = { listeners: Set<() => void>; ready: Promise<unknown> };

export type RedisProgressOptions = {
  url: string;
  /** Keys are `<prefix>progress:<userId>:<progressId>`. */
  prefix: string;
  logger: Logger;
  /** A command slower than this counts as "Redis down". */
  timeoutMs?: number;
  ioredis?: RedisOptions;
};

/** Wakes one subscription; remembers a ring that comes while it is not waiting. */
class Doorbell {
  private rang = false;
  private wake: (() => void) | undefined;
  ring = () => {
    this.rang = true;
    this.wake?.();
  };
  reset() {
    this.rang = false;
  }
  wait(ms: number): Promise<void> {
    if (this.rang) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      clearTimeout(timer);
      this.wake = undefined;
    });
  }
}

export class RedisProgress implements ProgressPort {
  readonly kind = "redis" as const;
  private readonly client: IORedis;
  private readonly subscriber: IORedis;
  private readonly watching = new Map<string, Watch>();
  private open = 0;
  private closed = false;
  private readonly lastWarned = new Map<string, number>();

  constructor(private readonly opts: RedisProgressOptions) {
    const timeoutMs = opts.timeoutMs ?? 2000;
    const connection = (role: string): RedisOptions => ({
      // Connect on first use: CLIs and processes that never publish hold no socket.
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      commandTimeout: timeoutMs,
      connectTimeout: Math.max(timeoutMs, 1000),
      retryStrategy: (times) => Math.min(times * 200, 2000),
      connectionName: `${opts.prefix}progress-${role}`,
      ...opts.ioredis,
    });
    this.client = new IORedis(opts.url, connection("pub"));
    this.subscriber = new IORedis(opts.url, connection("sub"));
    // Without a listener ioredis prints to the console.
    for (const c of [this.client, this.subscriber]) c.on("error", (err: Error) => this.warn(err, "progress: redis connection error"));
    this.subscriber.on("message", (channel: string) => this.ringAll(channel));
    // After a reconnect ioredis resubscribes; re-read in case a doorbell was missed.
    this.subscriber.on("ready", () => {
      for (const key of this.watching.keys()) this.ringAll(key);
    });
  }

  private keyOf(userId: string, progressId: string): string {
    return `${this.opts.prefix}progress:${encodeURIComponent(userId)}:${encodeURIComponent(progressId)}`;
  }

  private ringAll(key: string): void {
    for (const ring of this.watching.get(key)?.listeners ?? []) ring();
  }

  /** At most one warning of each kind every 30 s: an outage must not flood the log. */
  private warn(err: unknown, msg: string): void {
    if (Date.now() - (this.lastWarned.get(msg) ?? 0) < 30_000) return;
    this.lastWarned.set(msg, Date.now());
    this.opts.logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, msg);
  }

  async publish(userId: string, progressId: string, event: Omit<ProgressEvent, "at">): Promise<void> {
    if (this.closed) return;
    const payload = JSON.stringify({ ...event, at: new Date().toISOString() });
    try {
      await this.client.eval(APPEND, 1, this.keyOf(userId, progressId), MAX_PROGRESS_EVENTS, payload, PROGRESS_TTL_MS);
    } catch (e) {
      this.warn(e, "progress: event not stored (progress is best effort; the generation goes on)");
    }
  }

  async *subscribe(userId: string, progressId: string, opts: SubscribeOptions): AsyncGenerator<[string, ProgressEvent]> {
    if (this.closed) return;
    const key = this.keyOf(userId, progressId);
    let last = opts.lastEventId && STREAM_ID.test(opts.lastEventId) ? opts.lastEventId : null;
    const bell = new Doorbell();
    const signal = opts.signal;
    signal?.addEventListener("abort", bell.ring);
    const watch = this.watch(key, bell.ring);
    this.open++;
    try {
      await this.unavailableUnlessEnded(watch.ready, signal);
      for (;;) {
        if (signal?.aborted || this.closed) return;
        bell.reset();
        const entries = await this.unavailableUnlessEnded(this.client.xrange(key, last ? `(${last}` : "-", "+"), signal);
        if (!entries) return;
        for (const [id, fields] of entries) {
          last = id;
          const event = decode(fields);
          if (!event) continue;
          yield [id, event];
          if (isFinalStage(event.stage)) return;
        }
        await bell.wait(RECHECK_MS);
      }
    } finally {
      signal?.removeEventListener("abort", bell.ring);
      this.unwatch(key, watch, bell.ring);
      this.open--;
    }
  }

  /** Redis errors become SERVICE_UNAVAILABLE, unless the subscription is ending anyway. */
  private async unavailableUnlessEnded<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
    try {
      return await p;
    } catch (e) {
      if (this.closed || signal?.aborted) return undefined;
      this.warn(e, "progress: subscription failed");
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        "Live progress is unavailable right now (its store cannot be reached); the generation itself is not affected.",
        undefined,
        { cause: e },
      );
    }
  }

  private watch(key: string, ring: () => void): Watch {
    let w = this.watching.get(key);
    if (!w) {
      // Connected (and ready-checked) before the first SUBSCRIBE: with lazyConnect, two
      // SUBSCRIBEs issued while the socket opened could put the connection in subscriber
      // mode before ioredis's ready check (INFO) ran, which then failed both.
      const entry: Watch = { listeners: new Set(), ready: this.subscriberConnected().then(() => this.subscriber.subscribe(key)) };
      // A failed SUBSCRIBE must not be handed to the next subscriber of this key.
      entry.ready.catch(() => {
        if (this.watching.get(key) === entry) this.watching.delete(key);
      });
      this.watching.set(key, entry);
      w = entry;
    }
    w.listeners.add(ring);
    return w;
  }

  private connecting: Promise<void> | undefined;
  private subscriberConnected(): Promise<void> {
    if (this.connecting) return this.connecting;
    if (this.subscriber.status !== "wait") return Promise.resolve();
    this.connecting = this.subscriber.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private unwatch(key: string, w: Watch, ring: () => void): void {
    w.listeners.delete(ring);
    if (w.listeners.size > 0 || this.watching.get(key) !== w) return;
    this.watching.delete(key);
    if (!this.closed) this.subscriber.unsubscribe(key).catch((e: unknown) => this.warn(e, "progress: unsubscribe failed"));
  }

  async ping(): Promise<void> {
    // Bounded here too: a command queued while ioredis reconnects waits past its own timeout.
    let timer: NodeJS.Timeout | undefined;
    const ms = this.opts.timeoutMs ?? 2000;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`progress store ping timed out after ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  openSubscriptions(): number {
    return this.open;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const key of [...this.watching.keys()]) this.ringAll(key);
    this.watching.clear();
    // Let events already sent be stored when the connection is up; drop them when it is not.
    if (this.client.status === "ready") await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
    this.subscriber.disconnect();
  }
}

function decode(fields: string[]): ProgressEvent | undefined {
  const at = fields.indexOf("e");
  const raw = at >= 0 ? fields[at + 1] : undefined;
  if (!raw) return undefined;
  try {
    const e = JSON.parse(raw) as { stage: ProgressEvent["stage"]; generationId?: string; message?: string; at: string };
    if (!PROGRESS_STAGES.includes(e.stage)) return undefined;
    return {
      stage: e.stage,
      ...(e.generationId !== undefined && { generationId: e.generationId }),
      ...(e.message !== undefined && { message: e.message }),
      at: new Date(e.at),
    };
  } catch {
    return undefined;
  }
}
