// Progress over Redis beyond the shared contract: two app instances sharing one Redis
// (subscribe on A over SSE, generate on B, B's worker renders), connections and TTL, and
// Redis down: publishing never fails a generation, subscribing fails clearly.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { createServices, type Services } from "../../server/services";
import { createLogger } from "../../server/logger";
import { AppError } from "../../server/errors";
import { RedisProgress } from "../../server/adapters/progress/redis-progress";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser, generateOne } from "../support/pipeline";
import { startGenerationWorkers, type GenerationWorkers } from "../../server/generations/worker-runtime";
import { startTrpcHttpServer } from "../support/trpc-http-server";
import { freePort } from "../support/app-server";
import { startSilentServer } from "../support/upstash-rest-server";
import { uniquePrefix } from "../support/limiter-stores";
import { consume, eventually, idsIncrease, redisAdmin } from "../support/progress-ports";
import type { SessionUser } from "../../server/users/session-user";

const redisUrl = inject("redisUrl");
type Event = { stage: string; generationId?: string; message?: string; at: Date };

let dataDir: string;
let prefix: string;
let a: TestServices; // instance A
let b: Services; // instance B: its own pools and Redis connections, same database and Redis
let bWorkers: GenerationWorkers; // the only workers: A is web only
let httpA: Awaited<ReturnType<typeof startTrpcHttpServer>>;
let httpB: Awaited<ReturnType<typeof startTrpcHttpServer>>;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(async () => {
  if (!redisUrl) return;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-progress-redis-"));
  prefix = uniquePrefix();
  a = await createTestServices({ DATA_DIR: dataDir, REDIS_URL: redisUrl, LIMITER_PREFIX: prefix });
  b = createServices({ env: a.env, databaseUrl: a.databaseUrl, logger: createLogger({ level: "silent" }) });
  bWorkers = await startGenerationWorkers(b, { concurrency: 2 });
  alice = await createUser(a, "alice");
  bob = await createUser(a, "bob");
  httpA = await startTrpcHttpServer(a, [alice, bob]);
  httpB = await startTrpcHttpServer(b, [alice]);
});
afterAll(async () => {
  if (!redisUrl) return;
  await httpA?.close();
  await httpB?.close();
  await bWorkers?.stop();
  await b?.close();
  await a?.dispose();
  await fs.rm(dataDir, { recursive: true, force: true });
});

function watch(url: string, token: string | undefined, progressId: string) {
  const client = createClient({ url, token });
  const events: { id: string; data: Event }[] = [];
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<void>((res, rej) => ((finish = res), (fail = rej)));
  const sub = client.generationProgress.subscribe(
    { progressId },
    {
      onStarted: () => started(),
      onData: (tracked) => {
        events.push({ id: tracked.id, data: tracked.data });
        if (tracked.data.stage === "done" || tracked.data.stage === "failed") finish();
      },
      onError: (e) => fail(e),
      // SERVICE_UNAVAILABLE is retryable: the SSE link reports it here and reconnects.
      onConnectionStateChange: (state) => {
        if (state.state === "connecting" && state.error) fail(state.error);
      },
    },
  );
  return { events, started: startedP, finished, stop: () => sub.unsubscribe() };
}

describe.skipIf(!redisUrl)("progress across two app instances sharing Redis", () => {
  it("streams a generation made on instance B to a subscriber on instance A", async () => {
    expect(a.adapters.progress).toBe("redis");
    const progressId = randomUUID();
    const onA = watch(httpA.url, httpA.tokenFor(alice), progressId);
    const intruder = watch(httpA.url, httpA.tokenFor(bob), progressId);
    await Promise.all([onA.started, intruder.started]);
    const { generations } = await createClient({ url: httpB.url, token: httpB.tokenFor(alice) }).generate.mutate({
      prompt: "a harbour at dawn",
      progressId,
    });
    await onA.finished;
    expect(onA.events.map((e) => e.data.stage)).toEqual(["queued", "optimizing", "rendering", "storing", "done"]);
    expect(onA.events.every((e) => e.data.generationId === generations[0]!.id)).toBe(true);
    expect(idsIncrease(onA.events.map((e) => e.id))).toBe(true);
    onA.stop();
    expect(intruder.events).toEqual([]);
    intruder.stop();
  });

  it("replays on A what B did before anyone subscribed", async () => {
    const progressId = randomUUID();
    await generateOne(callerFor(b, alice), { prompt: "a lake", skipOptimize: true, progressId });
    const late = watch(httpA.url, httpA.tokenFor(alice), progressId);
    await late.finished;
    expect(late.events.map((e) => e.data.stage)).toEqual(["queued", "rendering", "storing", "done"]);
    late.stop();
  });
});

describe.skipIf(!redisUrl)("progress on Redis: connections and retention", () => {
  it("serves many subscriptions on two connections and leaves none behind", async () => {
    const own = uniquePrefix();
    const port = new RedisProgress({ url: redisUrl!, prefix: own, logger: createLogger({ level: "silent" }) });
    const admin = redisAdmin();
    const connections = async () =>
      ((await admin.client("LIST")) as string).split("\n").filter((l) => l.includes(`name=${own}progress-`)).length;
    try {
      const ids = Array.from({ length: 20 }, () => randomUUID());
      const aborts = ids.map(() => new AbortController());
      const subs = ids.map((id, i) => consume(port.subscribe("alice", id, { signal: aborts[i]!.signal })));
      for (const id of ids) await port.publish("alice", id, { stage: "queued" });
      await Promise.all(subs.map((s) => s.received(1)));
      expect(await connections()).toBe(2);
      const channels = ids.map((id) => `${own}progress:alice:${id}`);
      expect(((await admin.pubsub("NUMSUB", ...channels)) as (string | number)[]).filter((_, i) => i % 2 === 1)).toEqual(ids.map(() => 1));
      // Half end by abort, half by done.
      ids.forEach((id, i) => (i % 2 ? aborts[i]!.abort() : void port.publish("alice", id, { stage: "done" })));
      await Promise.all(subs.map((s) => s.ended));
      expect(port.openSubscriptions()).toBe(0);
      const numsub = await eventually(
        async () => ((await admin.pubsub("NUMSUB", ...channels)) as (string | number)[]).filter((_, i) => i % 2 === 1).map(Number),
        (counts) => counts.every((c) => c === 0),
      );
      expect(numsub).toEqual(ids.map(() => 0));
      // Events are kept for ten minutes, then Redis forgets them.
      const ttl = await admin.pttl(channels[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000);
      await port.close();
      expect(await eventually(connections, (n) => n === 0)).toBe(0);
      await admin.del(...channels);
    } finally {
      await port.close();
      admin.disconnect();
    }
  });
});

describe("progress with Redis down", () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let closedPort: number;
  let services: TestServices;
  let dir: string;
  beforeAll(async () => {
    silent = await startSilentServer();
    closedPort = await freePort();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-progress-down-"));
    services = await createTestServices({ DATA_DIR: dir });
  });
  afterAll(async () => {
    await silent?.close();
    await services?.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const outages = {
    "on a closed port": () => `redis://127.0.0.1:${closedPort}`,
    "that never answers": () => `redis://127.0.0.1:${silent.port}`,
  };

  describe.each(Object.keys(outages) as (keyof typeof outages)[])("Redis %s", (name) => {
    function downPort() {
      const lines: string[] = [];
      const logger = pino({ level: "warn" }, new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) }));
      return { port: new RedisProgress({ url: outages[name](), prefix: "x:", logger, timeoutMs: 250 }), lines };
    }

    it("still generates, and logs that progress was not stored", async () => {
      const { port, lines } = downPort();
      // Web and worker both publish through the dead port.
      const workers = await startGenerationWorkers({ ...services, progress: port }, { concurrency: 1 });
      try {
        const user = await createUser(services);
        const progressId = randomUUID();
        const gen = await generateOne(callerFor({ ...services, progress: port }, user), {
          prompt: "a quiet forest",
          skipOptimize: true,
          progressId,
        });
        expect(gen.status).toBe("succeeded");
        await expect(port.publish(user.id, progressId, { stage: "done" })).resolves.toBeUndefined();
        expect(lines.join("")).toMatch(/progress: event not stored/);
        expect(lines.map((l) => JSON.parse(l) as { level: number }).every((l) => l.level === 40)).toBe(true);
      } finally {
        await workers.stop();
        await port.close();
      }
    });

    it("fails a subscription with SERVICE_UNAVAILABLE, in process and over SSE", async () => {
      const { port } = downPort();
      const user = await createUser(services);
      const http = await startTrpcHttpServer({ ...services, progress: port }, [user]);
      try {
        const direct = consume(port.subscribe(user.id, randomUUID(), {}));
        const err = await direct.ended.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe("SERVICE_UNAVAILABLE");
        expect(port.openSubscriptions()).toBe(0);

        // Over SSE the client hears why, and keeps reconnecting (resuming from its last id).
        const overSse = watch(http.url, http.tokenFor(user), randomUUID());
        const e = await overSse.finished.catch((x: unknown) => x);
        overSse.stop();
        expect(e).toBeInstanceOf(TRPCClientError);
        expect((e as TRPCClientError<AppRouter>).data?.code).toBe("SERVICE_UNAVAILABLE");
        expect((e as TRPCClientError<AppRouter>).message).toMatch(/Live progress is unavailable/);
      } finally {
        await http.close();
        await port.close();
      }
    });
  });
});
