// In-process progress: correct for one app instance only (logged at start). Events are
// kept briefly so a subscriber that connects late (or reconnects with lastEventId)
// still sees every stage. Ids are the event's index in its channel.
import { EventEmitter, once } from "node:events";
import {
  isFinalStage,
  MAX_PROGRESS_EVENTS,
  PROGRESS_TTL_MS,
  type ProgressEvent,
  type ProgressPort,
  type SubscribeOptions,
} from "./progress-port";

type Channel = { events: ProgressEvent[]; emitter: EventEmitter; touched: number };

export class MemoryProgress implements ProgressPort {
  readonly kind = "memory" as const;
  private channels = new Map<string, Channel>();
  private sweeper: NodeJS.Timeout;
  private open = 0;
  private closed = false;

  constructor(private readonly ttlMs = PROGRESS_TTL_MS) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(ttlMs, 60_000));
    this.sweeper.unref();
  }

  private channel(userId: string, progressId: string): Channel {
    const key = `${userId}\u0000${progressId}`;
    let ch = this.channels.get(key);
    if (!ch) {
      ch = { events: [], emitter: new EventEmitter(), touched: Date.now() };
      ch.emitter.setMaxListeners(100);
      this.channels.set(key, ch);
    }
    ch.touched = Date.now();
    return ch;
  }

  async publish(userId: string, progressId: string, event: Omit<ProgressEvent, "at">): Promise<void> {
    if (this.closed) return;
    const ch = this.channel(userId, progressId);
    if (ch.events.length >= MAX_PROGRESS_EVENTS) return;
    ch.events.push({ ...event, at: new Date() });
    ch.emitter.emit("event");
  }

  async *subscribe(userId: string, progressId: string, opts: SubscribeOptions): AsyncGenerator<[string, ProgressEvent]> {
    if (this.closed) return;
    const ch = this.channel(userId, progressId);
    let next = opts.lastEventId != null && /^\d+$/.test(opts.lastEventId) ? Number(opts.lastEventId) + 1 : 0;
    this.open++;
    try {
      for (;;) {
        while (next < ch.events.length) {
          const event = ch.events[next]!;
          yield [String(next), event];
          next++;
          if (isFinalStage(event.stage)) return;
        }
        if (opts.signal?.aborted || this.closed) return;
        try {
          await once(ch.emitter, "event", opts.signal ? { signal: opts.signal } : {});
        } catch {
          return; // aborted: the client went away
        }
      }
    } finally {
      this.open--;
    }
  }

  async ping(): Promise<void> {
    // In this process: nothing to reach.
  }

  openSubscriptions(): number {
    return this.open;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [key, ch] of this.channels) if (ch.touched < cutoff && ch.emitter.listenerCount("event") === 0) this.channels.delete(key);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    // Wake every waiting subscriber so it sees `closed` and ends.
    for (const ch of this.channels.values()) ch.emitter.emit("event");
    this.channels.clear();
  }
}
