// Live progress over real HTTP: the typed client subscribes over SSE (httpSubscriptionLink
// with the `eventsource` package), then starts a generation with the same progressId.
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
  services = await createTestServices({ DATA_DIR: dataDir });
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

function collect(user: SessionUser | null, progressId: string) {
  const client = createClient({ url: http.url, token: user ? http.tokenFor(user) : undefined });
  const events: Event[] = [];
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  let finish!: (v: Event[]) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<Event[]>((res, rej) => ((finish = res), (fail = rej)));
  const sub = client.generationProgress.subscribe(
    { progressId },
    {
      onStarted: () => started(),
      onData: (tracked) => {
        events.push(tracked.data);
        if (tracked.data.stage === "done" || tracked.data.stage === "failed") finish(events);
      },
      onError: (e) => fail(e),
    },
  );
  return { client, events, started: startedP, finished, stop: () => sub.unsubscribe() };
}

describe("generationProgress over SSE", () => {
  it("streams every stage of a generation to its owner, in order", async () => {
    const progressId = randomUUID();
    const watch = collect(alice, progressId);
    const intruder = collect(bob, progressId);
    await Promise.all([watch.started, intruder.started]);
    const gen = await watch.client.generate.mutate({ prompt: "a harbour at dawn", progressId });
    const events = await watch.finished;
    expect(events.map((e) => e.stage)).toEqual(["queued", "optimizing", "rendering", "storing", "done"]);
    expect(events.slice(1).every((e) => e.generationId === gen.id)).toBe(true);
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
    expect(events.map((e) => e.stage)).toEqual(["queued", "optimizing", "rendering", "storing", "done"]);
    late.stop();
  });

  it("ends with failed and the reason when the generation is blocked", async () => {
    const progressId = randomUUID();
    const watch = collect(alice, progressId);
    await watch.started;
    const err = await watch.client.generate.mutate({ prompt: "pure gore", progressId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data?.httpStatus).toBe(422);
    const events = await watch.finished;
    expect(events.map((e) => e.stage)).toEqual(["queued", "failed"]);
    expect(events[1]!.message).toMatch(/can't be rendered/);
    watch.stop();
  });

  it("refuses anonymous subscribers", async () => {
    const anon = collect(null, randomUUID());
    const e = await anon.finished.catch((err: unknown) => err);
    anon.stop();
    expect(e).toBeInstanceOf(TRPCClientError);
    expect((e as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");
  });
});
