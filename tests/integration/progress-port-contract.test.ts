// One behaviour, two progress ports: in-process and Redis Streams (real Redis; skipped,
// loudly, only when there is none, never in CI). Order, replay for late subscribers,
// lastEventId resume, isolation between users, the end at done/failed, abort and close.
import { getEventListeners } from "node:events";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { ProgressPort, ProgressStage } from "../../server/adapters/progress/progress-port";
import { consume, createProgress, idsIncrease, type ProgressKind } from "../support/progress-ports";

const kinds: ProgressKind[] = ["memory", "redis"];
const run: ProgressStage[] = ["queued", "optimizing", "rendering", "storing", "done"];

describe.each(kinds)("progress port contract: %s", (kind) => {
  const test = it.skipIf(kind === "redis" && !inject("redisUrl"));
  let port: ProgressPort | undefined;
  afterEach(async () => {
    await port?.close();
    port = undefined;
  });

  async function publishRun(p: ProgressPort, userId: string, progressId: string, stages = run) {
    for (const stage of stages) await p.publish(userId, progressId, stage === "queued" ? { stage } : { stage, generationId: "gen_1" });
  }

  test("delivers every stage live, in order, with increasing ids, and ends at done", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    const sub = consume(port.subscribe("alice", id, {}));
    await port.publish("alice", id, { stage: "queued" });
    await sub.received(1); // the rest arrive while the subscriber waits
    await publishRun(port, "alice", id, run.slice(1));
    await sub.ended;
    expect(sub.stages()).toEqual(run);
    expect(idsIncrease(sub.seen.map(([i]) => i))).toBe(true);
    expect(sub.seen.slice(1).every(([, e]) => e.generationId === "gen_1")).toBe(true);
    expect(sub.seen.every(([, e]) => e.at instanceof Date && !Number.isNaN(e.at.getTime()))).toBe(true);
    expect(port.openSubscriptions()).toBe(0);
  });

  test("replays what happened to a subscriber that comes late", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    await publishRun(port, "alice", id);
    const late = consume(port.subscribe("alice", id, {}));
    await late.ended;
    expect(late.stages()).toEqual(run);
  });

  test("resumes after lastEventId, and starts over on an id it does not know", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    await publishRun(port, "alice", id);
    const first = consume(port.subscribe("alice", id, {}));
    await first.ended;
    const resumed = consume(port.subscribe("alice", id, { lastEventId: first.seen[1]![0] }));
    await resumed.ended;
    expect(resumed.seen).toEqual(first.seen.slice(2));
    const garbage = consume(port.subscribe("alice", id, { lastEventId: "not-an-id" }));
    await garbage.ended;
    expect(garbage.stages()).toEqual(run);
  });

  test("keeps one user's progress from another user on the same id", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    const bob = consume(port.subscribe("bob", id, {}));
    await publishRun(port, "alice", id);
    await port.publish("bob", id, { stage: "queued" });
    await port.publish("bob", id, { stage: "failed", message: "bob's own" });
    await bob.ended;
    expect(bob.stages()).toEqual(["queued", "failed"]);
    const alice = consume(port.subscribe("alice", id, {}));
    await alice.ended;
    expect(alice.stages()).toEqual(run);
  });

  test("ends at failed with its message and never yields what comes after", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    const early = consume(port.subscribe("alice", id, {}));
    await port.publish("alice", id, { stage: "queued" });
    await port.publish("alice", id, { stage: "failed", message: "This prompt can't be rendered." });
    await port.publish("alice", id, { stage: "rendering" });
    const late = consume(port.subscribe("alice", id, {}));
    await Promise.all([early.ended, late.ended]);
    for (const sub of [early, late]) {
      expect(sub.stages()).toEqual(["queued", "failed"]);
      expect(sub.seen[1]![1].message).toBe("This prompt can't be rendered.");
    }
  });

  test("ends on abort and leaves no listener behind", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    const abort = new AbortController();
    const sub = consume(port.subscribe("alice", id, { signal: abort.signal }));
    await port.publish("alice", id, { stage: "queued" });
    await sub.received(1);
    expect(port.openSubscriptions()).toBe(1);
    abort.abort();
    await sub.ended;
    expect(sub.stages()).toEqual(["queued"]);
    expect(port.openSubscriptions()).toBe(0);
    expect(getEventListeners(abort.signal, "abort")).toHaveLength(0);
  });

  test("close ends open subscriptions; publishing afterwards is a no-op", async () => {
    port = createProgress(kind);
    const id = randomUUID();
    const sub = consume(port.subscribe("alice", id, {}));
    await port.publish("alice", id, { stage: "queued" });
    await sub.received(1);
    await port.close();
    await sub.ended;
    expect(sub.stages()).toEqual(["queued"]);
    expect(port.openSubscriptions()).toBe(0);
    await expect(port.publish("alice", id, { stage: "done" })).resolves.toBeUndefined();
    await port.close(); // idempotent
  });
});
