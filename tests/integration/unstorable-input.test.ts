// Text PostgreSQL cannot store, and cursors that decode to instants it cannot hold, are
// 400s with a clear message on the built server — in every string field of every
// procedure and in page URLs — and nothing is written. A 500, when one happens, says
// "Something went wrong" and its request id, never Prisma or PostgreSQL text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { pictureVia } from "../support/pipeline";
import { createClient, type AppRouter } from "../../client";
import { startBuiltApp, type BuiltApp } from "../support/built-app";

let built: BuiltApp;
let token: string;
let studio: ReturnType<typeof createClient>;

beforeAll(async () => {
  built = await startBuiltApp({ RATE_LIMITS: "read:1000,mutation:1000,optimize:1000,generate:1000" });
  ({ token } = await built.userWithToken("unstorable"));
  studio = createClient({ url: built.app.url, token });
});
afterAll(async () => {
  await built?.stop();
});

const BAD = { nul: "a\u0000b", loneHigh: "a\ud800b", loneLow: "\udc00", trailingHigh: "abc\udbff" };
const cursorOf = (iso: string) => Buffer.from(`${iso}|ckxxxxxxxxxxxxxxxxxxxxxxx`).toString("base64url");
const IMPOSSIBLE_INSTANTS = [
  "0000-01-01T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "+275760-09-13T00:00:00.000Z",
  "2024-02-31T00:00:00.000Z",
  "10000-01-01T00:00:00.000Z",
];

async function clientError(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCClientError);
  return e as TRPCClientError<AppRouter>;
}

/** The SSE text up to the first error event (or what came within 5 s). */
async function firstSseEvents(url: string, headers: Record<string, string>): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  let text = "";
  try {
    const res = await fetch(url, { headers, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    while (!/event: serialized-error[^\n]*\ndata: [^\n]*\n/.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel().catch(() => {});
  } catch {
    // timed out: return what arrived
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return text;
}

function expectPlain400(e: TRPCClientError<AppRouter>, what: string) {
  expect(e.data?.httpStatus, what).toBe(400);
  expect(e.message, what).not.toMatch(/prisma|postgres|invalid byte sequence|invocation|22021|JSON Error/i);
}

describe("strings PostgreSQL cannot store", () => {
  it("are a 400 in every string field of every procedure, and nothing is written", async () => {
    const calls: [string, (bad: string) => Promise<unknown>][] = [
      ["optimize.prompt", (b) => studio.optimize.mutate({ prompt: b })],
      ["optimize.model", (b) => studio.optimize.mutate({ prompt: "a cat", model: b })],
      ["generate.prompt", (b) => studio.generate.mutate({ prompt: b, skipOptimize: true })],
      ["generate.betterPrompt", (b) => studio.generate.mutate({ prompt: "a cat", betterPrompt: b })],
      ["generate.negativePrompt", (b) => studio.generate.mutate({ prompt: "a cat", negativePrompt: b, skipOptimize: true })],
      ["generate.model", (b) => studio.generate.mutate({ prompt: "a cat", model: b, skipOptimize: true })],
      ["generation.get", (b) => studio.generation.get.query({ id: b })],
      ["generation.update", (b) => studio.generation.update.mutate({ id: b, isPublic: true })],
      ["generation.delete", (b) => studio.generation.delete.mutate({ id: b })],
      ["apiTokens.create", (b) => studio.apiTokens.create.mutate({ name: b })],
      ["apiTokens.revoke", (b) => studio.apiTokens.revoke.mutate({ id: b })],
      ["history.cursor", (b) => studio.history.query({ cursor: b })],
      ["discovery.cursor", (b) => studio.discovery.query({ cursor: b })],
    ];
    for (const [name, call] of calls) {
      for (const [kind, bad] of Object.entries(BAD)) {
        const e = await clientError(call(bad));
        expectPlain400(e, `${name} ${kind}`);
        expect(e.message, `${name} ${kind}`).toMatch(/NUL character|unpaired UTF-16 surrogate/);
      }
    }
    expect(await built.db.generation.count()).toBe(0);
    expect(await built.db.apiToken.count()).toBe(1);
  });

  it("a betterPrompt with a lone surrogate leaves no failed row behind", async () => {
    const e = await clientError(studio.generate.mutate({ prompt: "a lighthouse", betterPrompt: "a lighthouse \ud83d at dusk" }));
    expectPlain400(e, "betterPrompt");
    expect(await built.db.generation.count()).toBe(0);
    expect(await built.db.errorLog.count()).toBe(0);
    // Well-formed astral text (a real emoji pair) is fine.
    const ok = await pictureVia(studio, { prompt: "a lighthouse", betterPrompt: "a lighthouse 🌅 at dusk", seed: 1 });
    expect(ok.betterPrompt).toBe("a lighthouse 🌅 at dusk");
    await studio.generation.delete.mutate({ id: ok.id });
  });

  it("the progress subscription refuses them too (over SSE, as an error event)", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { progressId: crypto.randomUUID(), lastEventId: BAD.nul } }));
    const text = await firstSseEvents(`${built.app.url}/api/trpc/generationProgress?input=${input}`, { authorization: `Bearer ${token}` });
    expect(text).toMatch(/"httpStatus":400/);
    expect(text).toMatch(/NUL character/);
  });

  it("/g/<NUL> and a path that is not UTF-8 are plain 400s", async () => {
    const nul = await fetch(`${built.app.url}/g/%00`);
    expect(nul.status).toBe(400);
    expect(await nul.text()).toMatch(/That link isn(&#x27;|')t valid/);
    const broken = await fetch(`${built.app.url}/g/%ED%A0%80`);
    expect(broken.status).toBe(400);
    const body = await broken.text();
    expect(body).not.toMatch(/URIError|at decode_param|<pre>/);
    expect(built.app.output()).not.toMatch(/URIError|decode_param/);
  });

  it("a local sign-in name with NUL is a 400", async () => {
    const res = await fetch(`${built.app.url}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "Eve\u0000", password: "" }),
    });
    expect(res.status).toBe(400);
    expect(await built.db.user.count({ where: { name: { startsWith: "Eve" } } })).toBe(0);
  });
});

describe("cursors that decode to instants PostgreSQL or JS cannot hold", () => {
  it("are a 400 on history and discovery", async () => {
    for (const iso of IMPOSSIBLE_INSTANTS) {
      for (const feed of ["history", "discovery"] as const) {
        const e = await clientError(studio[feed].query({ cursor: cursorOf(iso) }));
        expectPlain400(e, `${feed} ${iso}`);
        expect(e.message, `${feed} ${iso}`).toContain("That page cursor is not valid.");
      }
    }
  });

  it("are a 400 on /discover?cursor= and /history?cursor=", async () => {
    for (const iso of IMPOSSIBLE_INSTANTS) {
      for (const page of ["/discover", "/history"]) {
        const res = await fetch(`${built.app.url}${page}?cursor=${cursorOf(iso)}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, `${page} ${iso}`).toBe(400);
        expect(await res.text()).toMatch(/That link isn(&#x27;|')t valid/);
      }
    }
  });

  it("a cursor this server wrote still pages", async () => {
    const page = await studio.discovery.query({ cursor: cursorOf("2026-01-02T03:04:05.678Z") });
    expect(page.items).toEqual([]);
  });
});

describe("a 500", () => {
  it("says 'Something went wrong' and its request id, never database text", async () => {
    await built.db.$executeRawUnsafe(`ALTER TABLE "Generation" RENAME TO "GenerationAway"`);
    try {
      const res = await fetch(`${built.app.url}/api/trpc/discovery`, { headers: { "x-request-id": "req-500-check" } });
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(body).toContain("Something went wrong");
      expect(body).toContain("req-500-check");
      expect(body).not.toMatch(/prisma|postgres|relation|Generation|42P01|queryRaw/i);

      const e = await clientError(studio.discovery.query({}));
      expect(e.data?.httpStatus).toBe(500);
      expect(e.message).toMatch(/^Something went wrong\. If it keeps happening, quote request id [\w-]+\.$/);
      expect(e.data?.requestId).toBeTruthy();

      const page = await fetch(`${built.app.url}/discover`, { headers: { "x-request-id": "req-500-page" } });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain("Something went wrong");
      expect(html).toContain("req-500-page");
      expect(html).not.toMatch(/prisma|relation "|42P01/i);
    } finally {
      await built.db.$executeRawUnsafe(`ALTER TABLE "GenerationAway" RENAME TO "Generation"`);
    }
  });
});
