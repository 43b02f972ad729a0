// In-process progress events for generations, keyed by (user, progressId): the
// browser makes a uuid, subscribes, then starts the generation with it. Events are
// kept briefly so a subscriber that connects late (or reconnects with lastEventId)
// still sees every stage. Single-process by design; see docs/decisions.
import { EventEmitter, once } from "node:events";

export const PROGRESS_STAGES = ["queued", "optimizing", "rendering", "storing", "done", "failed"] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];
export type ProgressEvent = { stage: ProgressStage; generationId?: string; message?: string; at: Date };

type Channel = { events: ProgressEvent[]; emitter: EventEmitter; touched: number };

const MAX_EVENTS = 32;

export class ProgressBus {
  private channels = new Map<string, Channel>();
  private sweeper: NodeJS.Timeout;

  constructor(private readonly ttlMs = 10 * 60_000) {
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

  publish(userId: string, progressId: string, event: Omit<ProgressEvent, "at">): void {
    const ch = this.channel(userId, progressId);
    if (ch.events.length >= MAX_EVENTS) return;
    ch.events.push({ ...event, at: new Date() });
    ch.emitter.emit("event");
  }

  /** Yields [index, event] from lastEventId + 1 (or the start) until done/failed or abort. */
  async *subscribe(userId: string, progressId: string, opts: { signal?: AbortSignal; lastEventId?: string | null }): AsyncGenerator<[string, ProgressEvent]> {
    const ch = this.channel(userId, progressId);
    let next = opts.lastEventId != null && /^\d+$/.test(opts.lastEventId) ? Number(opts.lastEventId) + 1 : 0;
    for (;;) {
      while (next < ch.events.length) {
        const event = ch.events[next]!;
        yield [String(next), event];
        next++;
        if (event.stage === "done" || event.stage === "failed") return;
      }
      if (opts.signal?.aborted) return;
      try {
        await once(ch.emitter, "event", opts.signal ? { signal: opts.signal } : {});
      } catch {
        return; // aborted: the client went away
      }
    }
  }

  private sweep(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [key, ch] of this.channels) if (ch.touched < cutoff && ch.emitter.listenerCount("event") === 0) this.channels.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.channels.clear();
  }
}
