// In-process wake-up for callers waiting on a batch (`generate` with `wait: true`): a
// worker in this process says when a generation of the batch settles. Workers in other
// processes cannot reach it; waiters poll the rows as well (server/generations/batches.ts).
import { EventEmitter } from "node:events";

const settled = new EventEmitter();
// One listener per waiting call; there is no fixed bound.
settled.setMaxListeners(0);

export function notifySettled(batchId: string | null): void {
  if (batchId) settled.emit(batchId);
}

/** Resolves on the next settle of this batch in this process, or after `ms`. */
export function nextSettle(batchId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      settled.removeListener(batchId, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    settled.once(batchId, done);
  });
}
