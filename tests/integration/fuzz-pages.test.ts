// Property-based fuzzing of the pages and their form posts on the built server, as a
// browser without JavaScript (or anyone with curl) reaches them: every page route with
// random path ids and query strings (the parameters the loaders read, and others), and
// every action with random form fields, as anonymous, signed in with a session cookie,
// with a good API token and with an unknown one. Values come from every Unicode plane,
// lone surrogates and NUL included, at every length. No answer may be a 5xx.
//
// Bounded by time (FUZZ_SECONDS, default 20) with a fixed seed (FUZZ_SEED to change it);
// the status histogram is printed and written to tests/artifacts/fuzz-pages.json.
import fs from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../client";
import { startBuiltApp, type BuiltApp } from "../support/built-app";

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const UNKNOWN_TOKEN = "sk_studio_thisTokenWasNeverIssuedToAnyone0000000";

let built: BuiltApp;
let token: string;
let cookie: string;
let pictureId: string;

beforeAll(async () => {
  built = await startBuiltApp({ RATE_LIMITS: "read:100000,mutation:100000,optimize:100000,generate:100000", TRUST_PROXY: "true" });
  ({ token } = await built.userWithToken("page-fuzzer"));
  // A real picture, so that ids sometimes reach past "not found".
  const batch = await createClient({ url: built.app.url, token }).generate.mutate({ prompt: "a fuzzed lighthouse", skipOptimize: true });
  pictureId = batch.generations[0]!.id;
  // A local session, as the sign-in form makes it.
  const signIn = await fetch(`${built.app.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name: "page-fuzzer-cookie" }),
  });
  cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  expect(cookie).toContain("=");
});
afterAll(async () => {
  await built?.stop();
});

// ── values ────────────────────────────────────────────────────────────────────────────
const anyChar = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom("\u0000", "\ufeff", "\u202e", "%", "%zz", "../", "?", "#", "&", "=", "+", "/", "\\", '"', "<") },
);
const anyString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 4, arbitrary: fc.string({ unit: anyChar, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyChar, minLength: 200, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.tuple(anyChar, fc.integer({ min: 3_000, max: 200_000 })).map(([c, n]) => c.repeat(n)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("", "0", "-1", "1e309", "NaN", "null", "true", "on", "all", "4", "2", "original", "delete", "create"),
  },
  { weight: 2, arbitrary: fc.constantFrom("newest", "top", "public", "private", "1:1", "16:9", "photo", "high", "digital-art") },
  { weight: 1, arbitrary: fc.uuid() },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.date(), fc.string({ unit: anyChar, maxLength: 30 }))
      .map(([d, id]) => Buffer.from(`${Number.isNaN(d.getTime()) ? "x" : d.toISOString()}|${id}`).toString("base64url")),
  },
);
// What the loaders and actions read (app/routes), and a few names nothing reads.
const FIELD_NAMES = [
  "aspectRatio", "autoOptimize", "back", "betterPrompt", "collectionId", "count", "cursor", "detailLevel", "from",
  "generationId", "id", "ids", "intent", "isPublic", "js", "model", "name", "negativePrompt", "newName", "parentId",
  "password", "prompt", "q", "redirectTo", "seed", "select", "sort", "style", "use", "visibility", "_data", "index",
] as const; // prettier-ignore
const fields = fc.array(
  fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: anyString }), anyString),
  { maxLength: 8 },
);
const anyId = () =>
  fc.oneof(
    fc.constant(pictureId),
    anyString,
    fc.constant(""),
    fc.constantFrom("%raw:%zz", "%raw:%E0%A4%A", "%raw:%C0%AF", "%raw:%00", "%raw:.."),
  );

type Who = "anonymous" | "cookie" | "token" | "unknown-token";
type Scenario = { method: "GET" | "POST"; path: string; query: [string, string][]; body: [string, string][] | null; who: Who; enc: string };

/** A path segment: the string's UTF-8 bytes percent-encoded (a lone surrogate becomes U+FFFD), or now and then raw broken escapes. */
const seg = (s: string) =>
  s.startsWith("%raw:")
    ? s.slice(5)
    : [...Buffer.from(s, "utf8")]
        .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`))
        .join("");
const getPaths = () =>
  fc.oneof(
    fc.constantFrom("/", "/create", "/discover", "/history", "/history/download", "/settings", "/settings/tokens", "/sign-in", "/healthz"),
    anyId().map((id) => `/g/${seg(id)}`),
    anyId().map((id) => `/u/${seg(id)}`),
    anyId().map((id) => `/c/${seg(id)}`),
    anyString.map((s) => `/images/${seg(s)}`),
    anyString.map((s) => `/build/${seg(s)}`),
    anyString.map((s) => `/api/trpc/${seg(s)}`),
    anyString.map((s) => `/${seg(s)}`),
  );
const postPaths = () =>
  fc.oneof(
    fc.constantFrom("/create", "/history", "/settings/tokens", "/sign-in", "/sign-out", "/c/save", "/discover", "/"),
    anyId().map((id) => `/g/${seg(id)}`),
    anyId().map((id) => `/g/${seg(id)}/like`),
  );

const scenario = (): fc.Arbitrary<Scenario> =>
  fc
    .record({
      method: fc.constantFrom("GET", "POST") as fc.Arbitrary<"GET" | "POST">,
      who: fc.constantFrom<Who>("anonymous", "cookie", "token", "unknown-token"),
      query: fields,
      body: fields,
      enc: fc.constantFrom("urlencoded", "multipart", "text/plain", "json"),
    })
    .chain((s) =>
      (s.method === "GET" ? getPaths() : postPaths()).map((p) => ({ ...s, path: p, body: s.method === "POST" ? s.body : null })),
    );

const MAX_URL = 16 * 1024;

const ROUTE_KEYS = [
  "/create",
  "/discover",
  "/history",
  "/settings",
  "/sign-in",
  "/sign-out",
  "/healthz",
  "/g",
  "/u",
  "/c",
  "/images",
  "/build",
  "/api/trpc",
];
/** The route a path aims at, for the coverage list: a known first segment, or "/" or "/*". */
const routeKey = (p: string) => (p === "/" ? "/" : (ROUTE_KEYS.find((k) => p === k || p.startsWith(`${k}/`)) ?? "/*"));

const describeScenario = (s: Scenario) =>
  `${s.method} ${s.path.slice(0, 200)} as ${s.who}${s.body ? ` (${s.enc}, ${s.body.reduce((n, [k, v]) => n + k.length + v.length, 0)} chars)` : ""}; url ${new URL(s.path, "http://x").href.length + s.query.reduce((n, [k, v]) => n + k.length + v.length, 0)} chars; query ${fc.stringify(s.query).slice(0, 300)}; body ${fc.stringify(s.body).slice(0, 300)}`;

async function send(s: Scenario): Promise<{ status: number; body: string }> {
  const url = new URL(s.path, built.app.url);
  for (const [k, v] of s.query) url.searchParams.append(k, v);
  const headers: Record<string, string> = {
    "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  };
  if (s.who === "cookie") headers.cookie = cookie;
  if (s.who === "token") headers.authorization = `Bearer ${token}`;
  if (s.who === "unknown-token") headers.authorization = `Bearer ${UNKNOWN_TOKEN}`;
  let body: BodyInit | undefined;
  if (s.body) {
    if (s.enc === "multipart") {
      const form = new FormData();
      for (const [k, v] of s.body) form.append(k, v);
      body = form;
    } else if (s.enc === "urlencoded") {
      body = new URLSearchParams(s.body);
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (s.enc === "json") {
      body = JSON.stringify(Object.fromEntries(s.body));
      headers["content-type"] = "application/json";
    } else {
      body = s.body.map(([k, v]) => `${k}=${v}`).join("\n");
      headers["content-type"] = "text/plain";
    }
  }
  try {
    const res = await fetch(url, { method: s.method, headers, body, redirect: "manual" });
    return { status: res.status, body: (await res.text()).slice(0, 400) };
  } catch (e) {
    const cause = String((e as { cause?: unknown }).cause ?? e);
    // A URL past the server's header limit may be cut off instead of answered 431/414.
    if (url.href.length * 3 > MAX_URL && /fetch failed|other side closed|ECONNRESET|EPIPE|socket/i.test(cause))
      return { status: 431, body: "connection closed: URL too long" };
    return { status: 599, body: `no answer: ${cause.slice(0, 300)}` };
  }
}

describe("fuzzing the pages and their form posts", () => {
  it(
    `never answers 5xx (${SECONDS} s, seed ${SEED})`,
    async () => {
      const histogram: Record<string, number> = {};
      const failures: { scenario: string; status: number; body: string }[] = [];
      const reached = new Set<string>();
      let inputs = 0;
      const run = await fc.check(
        fc.asyncProperty(scenario(), async (s) => {
          const { status, body } = await send(s);
          inputs++;
          histogram[status] = (histogram[status] ?? 0) + 1;
          reached.add(`${s.method} ${routeKey(s.path)}`);
          if (status >= 500) {
            failures.push({ scenario: describeScenario(s), status, body });
            return false;
          }
          return true;
        }),
        { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false, endOnFailure: true },
      );
      if (run.failed && !failures.length)
        failures.push({ scenario: "(threw)", status: -1, body: String((run as { errorInstance?: unknown }).errorInstance).slice(0, 1000) });
      await fs.mkdir(path.join("tests", "artifacts"), { recursive: true });
      await fs.writeFile(
        path.join("tests", "artifacts", "fuzz-pages.json"),
        `${JSON.stringify({ seed: SEED, seconds: SECONDS, inputs, histogram, reached: [...reached].sort(), failures, serverLog: failures.length ? built.app.output().slice(-4000) : undefined }, null, 2)}\n`,
      );
      const line = Object.entries(histogram)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([st, n]) => `${st}: ${n}`)
        .join(", ");
      process.stdout.write(`\n[fuzz pages] ${inputs} requests in ${SECONDS} s (seed ${SEED}); statuses: ${line}\n`);

      expect(failures).toEqual([]);
      expect(inputs).toBeGreaterThan(100);
      // Both kinds of request reached the pages that matter, and the server is still healthy.
      for (const p of ["GET /discover", "GET /create", "GET /history", "GET /g", "POST /create", "POST /g", "POST /history"])
        expect([...reached]).toContain(p);
      expect((await fetch(`${built.app.url}/healthz`)).status).toBe(200);
      // A client's mistake is not the server's error: nothing was logged at error level, and
      // no stack or query string reached the log (Remix's default printed each refusal).
      const log = built.app.output();
      expect(log).not.toMatch(/"level":50/);
      expect(log).not.toMatch(/\n\s+at /);
    },
    (SECONDS + 60) * 1000,
  );
});
