// Live progress over real HTTP: the typed client subscribes over SSE (httpSubscriptionLink
// with the `eventsource` package), to its own progressId given to generate, or to each
// generation's id; a worker in this process renders.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { createTestServices, type TestServices } from "../support/test-db";
import { createUser } from "../support/pipeline";
import { startTrpcHttpServer } from "../support/trpc-http-server";
import type { SessionUser } from "../../server/users/session-user";

let services: TestServices;
let http: Awaited<ReturnType<typeof startTrpcHttpServer>>;
let alice: SessionUser;
let bob: SessionUser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-progress-"));
  services = await createTestServices({ DATA_DIR: dataDir }, { workers: 2 });
  alice = await createUser(services, "alice");
  bob = await createUser(services, "bob");
  http = await startTrpcHttpServer(services, [alice, bob]);
});
afterAll(async () => {
  await http.close();
  await services.dispose();
  await fs.rm(dataDir, { recursive: true, force: true });
});

type Event = { stage: string; generationId?: string; message?: string; at: Date };

function collect(user: SessionUser | null, channel: string | { generationId: string }) {
  const client = createClient({ url: http.url, token: user ? http.tokenFor(user) : undefined });
  const events: Event[] = [];
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  let finish!: (v: Event[]) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<Event[]>((res, rej) => ((finish = res), (fail = rej)));
  const sub = client.generationProgress.subscribe(typeof channel === "string" ? { progressId: channel } : channel, {
    onStarted: () => started(),
    onData: (tracked) => {
      events.push(tracked.data);
      if (["done", "failed", "cancelled"].includes(tracked.data.stage)) finish(events);
    },
    onError: (e) => fail(e),
  });
  return { client, events, started: startedP, finished, stop: () => sub.unsubscribe() };
}

describe("generationProgress over SSE", () => {
  it("streams every stage of a generation to its owner, in order", async () => {
    const progressId = randomUUID();
    const watch = collect(alice, progressId);
    const intruder = collect(bob, progressId);
    await Promise.all([watch.started, intruder.started]);
    const { generations } = await watch.client.generate.mutate({ prompt: "a harbour at dawn", progressId });
    const events = await watch.finished;
    expect(events.map((e) => e.stage)).toEqual(["queued", "optimizing", "rendering", "storing", "done"]);
    expect(events.every((e) => e.generationId === generations[0]!.id)).toBe(true);
    expect(events.every((e) => e.at instanceof Date)).toBe(true);
    watch.stop();
    // Another user listening on the same id hears nothing of it.
    expect(intruder.events).toEqual([]);
    intruder.stop();
  });

  it("replays the stages to a subscriber that connects after they happened", async () => {
    const progressId = randomUUID();
    const client = createClient({ url: http.url, token: http.tokenFor(alice) });
    await client.generate.mutate({ prompt: "a lake", skipOptimize: true, progressId });
    const late = collect(alice, progressId);
    const events = await late.finished;
    // skipOptimize: no optimizing stage.
    expect(events.map((e) => e.stage)).toEqual(["queued", "rendering", "storing", "done"]);
    late.stop();
  });

  it("ends with failed and the reason when the prompt is blocked (nothing is queued)", async () => {
    const progressId = randomUUID();
    const watch = collect(alice, progressId);
    await watch.started;
    const err = await watch.client.generate.mutate({ prompt: "pure gore", progressId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data?.httpStatus).toBe(422);
    const events = await watch.finished;
    expect(events.map((e) => e.stage)).toEqual(["failed"]);
    expect(events[0]!.message).toMatch(/can't be rendered/);
    watch.stop();
  });

  it("follows each of a batch's generations by its id, live or after the fact", async () => {
    const client = createClient({ url: http.url, token: http.tokenFor(alice) });
    const { generations } = await client.generate.mutate({ prompt: "three boats", skipOptimize: true, count: 3 });
    const watches = generations.map((g) => collect(alice, { generationId: g.id }));
    const all = await Promise.all(watches.map((w) => w.finished));
    all.forEach((events, i) => {
      // A late subscriber may join after "queued" was replayed away or the job finished; it always ends with done.
      expect(events.at(-1)).toMatchObject({ stage: "done", generationId: generations[i]!.id });
      expect(events.every((e) => e.generationId === generations[i]!.id)).toBe(true);
    });
    watches.forEach((w) => w.stop());
    // Long finished: still answered, from the row.
    const again = collect(alice, { generationId: generations[0]!.id });
    expect((await again.finished).map((e) => e.stage)).toContain("done");
    again.stop();
    // Someone else's generation: NOT_FOUND.
    const intruder = collect(bob, { generationId: generations[0]!.id });
    const e = await intruder.finished.catch((x: unknown) => x);
    intruder.stop();
    expect((e as TRPCClientError<AppRouter>).data?.code).toBe("NOT_FOUND");
  });

  it("ends with cancelled when the generation is cancelled", async () => {
    const client = createClient({ url: http.url, token: http.tokenFor(alice) });
    // Fill both workers' lanes for this user? Not needed: cancel right away, before any worker claims it or mid-render.
    const { generations } = await client.generate.mutate({ prompt: "a slow storm", skipOptimize: true });
    const watch = collect(alice, { generationId: generations[0]!.id });
    await watch.started;
    const cancelled = await client.generation.cancel.mutate({ id: generations[0]!.id }).catch((x: unknown) => x);
    const events = await watch.finished;
    watch.stop();
    // Either the cancel won (cancelled), or the picture had already finished (409 and done).
    if (cancelled instanceof TRPCClientError) {
      expect(cancelled.data?.code).toBe("CONFLICT");
      expect(events.at(-1)!.stage).toBe("done");
    } else {
      expect(events.at(-1)!.stage).toBe("cancelled");
    }
  });

  it("refuses anonymous subscribers", async () => {
    const anon = collect(null, randomUUID());
    const e = await anon.finished.catch((err: unknown) => err);
    anon.stop();
    expect(e).toBeInstanceOf(TRPCClientError);
    expect((e as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");
  });
});
