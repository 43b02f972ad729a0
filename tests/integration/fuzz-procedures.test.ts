// Property-based fuzzing of every procedure on the built server: random values of every
// JSON type (and the extra types superjson carries), every length and every Unicode plane
// — lone surrogates and NUL included — thrown at each procedure's input through the typed
// client, anonymously and signed in. No answer may be a 5xx. Procedures are read from the
// router, so ones added later are fuzzed without editing this file; subscriptions go
// through tRPC's HTTP GET form (their errors arrive inside the event stream).
//
// Bounded by time (FUZZ_SECONDS, default 25) with a fixed seed (FUZZ_SEED to change it),
// so a run is repeatable. The input count and the status histogram are printed and
// written to tests/artifacts/fuzz-procedures.json.
import fs from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../client";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { answeredStatus, inputKeys, listProcedures, trpcRequest, type ProcedureInfo } from "../support/procedures";

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);

let built: BuiltApp;
let token: string;

beforeAll(async () => {
  // Limits high enough that inputs reach validation instead of stopping at 429; anonymous
  // callers come from a different (trusted) forwarded address each time for the same reason.
  built = await startBuiltApp({ RATE_LIMITS: "read:100000,mutation:100000,optimize:100000,generate:100000", TRUST_PROXY: "true" });
  ({ token } = await built.userWithToken("fuzzer"));
});
afterAll(async () => {
  await built?.stop();
});

// ── values ────────────────────────────────────────────────────────────────────────────
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** One character from anywhere: every plane, unpaired surrogates, NUL, BOM, bidi controls. */
const anyChar = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.constantFrom("\u0000", "\ufeff", "\u202e", "\uffff", "\n", "|", "\\", '"') },
);
const anyString = fc.oneof(
  // Well-formed text from every plane (most of it gets past validation) …
  { weight: 8, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 64, maxLength: 5000 }) },
  // … and text with unpaired surrogates, NUL and friends mixed in.
  { weight: 4, arbitrary: fc.string({ unit: anyChar, maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyChar, minLength: 64, maxLength: 5000 }) },
  // Long enough for URL and body limits (431, 413): a few, not many.
  { weight: 1, arbitrary: fc.tuple(anyChar, fc.integer({ min: 5_000, max: 700_000 })).map(([c, n]) => c.repeat(n)) },
  { weight: 2, arbitrary: fc.uuid() },
  // Page cursors that decode to any instant a JS Date can hold, and to junk.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.date({ noInvalidDate: true }), fc.string({ unit: anyChar, maxLength: 30 }))
      .map(([d, id]) => Buffer.from(`${d.toISOString()}|${id}`).toString("base64url")),
  },
  { weight: 1, arbitrary: fc.string({ unit: anyChar, maxLength: 40 }).map((s) => Buffer.from(s).toString("base64url")) },
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 2 ** 31, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity),
  fc.integer({ min: 0, max: 60 }),
);
const leaf = fc.oneof(
  { weight: 6, arbitrary: anyString },
  { weight: 3, arbitrary: anyNumber },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: fc.date() },
  { weight: 1, arbitrary: fc.bigInt() },
);
/** Any value: JSON's types nested, plus what superjson carries (Date, bigint, Map, Set, undefined). */
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(tie("value"), { maxLength: 8 }) },
    { weight: 2, arbitrary: fc.dictionary(fc.string({ unit: anyChar, maxLength: 12 }), tie("value"), { maxKeys: 6 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(anyString, tie("value")), { maxLength: 3 }).map((e) => new Map(e)) },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }).map((e) => new Set(e)) },
  ),
})).value;

/** An input for `path`: anything at all, or an object using the procedure's real keys. */
function inputFor(proc: ProcedureInfo): fc.Arbitrary<unknown> {
  const fields = inputKeys(proc.path);
  const keys = fields.map((f) => f.key);
  const required = fields.filter((f) => f.required).map((f) => f.key);
  const optional = fields.filter((f) => !f.required).map((f) => f.key);
  const field = fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: anyValue });
  // The required keys and a few optional ones, so inputs get past the first invalid field
  // often enough to reach the procedures themselves (a random prompt is a valid generate).
  const shaped = keys.length
    ? fc
        .subarray(optional, { maxLength: Math.min(optional.length, 3) })
        .chain((picked) => fc.record(Object.fromEntries([...required, ...picked].map((k) => [k, field]))))
    : fc.constant(undefined);
  const oneKey = keys.length ? fc.constantFrom(...keys).chain((k) => leaf.map((v) => ({ [k]: v }))) : fc.constant(undefined);
  const withExtra = shaped.chain((o) =>
    fc
      .dictionary(fc.string({ unit: anyChar, maxLength: 8 }), anyValue, { maxKeys: 2 })
      .map((extra) => (o && typeof o === "object" ? { ...extra, ...o } : o)),
  );
  return fc.oneof(
    { weight: 2, arbitrary: oneKey },
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: withExtra },
    { weight: 3, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

// ── calls ─────────────────────────────────────────────────────────────────────────────
type Outcome = { status: number; body: string };

let lastResponse: Outcome | null = null;
const recordingFetch =
  (extraHeaders: () => Record<string, string>): typeof fetch =>
  async (input, init) => {
    const headers = { ...(init?.headers as Record<string, string> | undefined), ...extraHeaders() };
    const res = await fetch(input, { ...init, headers });
    lastResponse = { status: res.status, body: await res.clone().text() };
    return res;
  };

let ipCounter = 0;
const anonymousHeaders = () => ({ "x-forwarded-for": `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}` });

/** Node refuses a request line + headers over 16 KiB (431) and may close before the client has read that. */
const MAX_URL = 16 * 1024;

async function call(proc: ProcedureInfo, signedIn: boolean, input: unknown): Promise<Outcome> {
  if (proc.type === "subscription") {
    const headers = signedIn ? { authorization: `Bearer ${token}` } : anonymousHeaders();
    const envelope = input === undefined ? undefined : superjson.serialize(input);
    const request = trpcRequest(built.app.url, proc, envelope, headers);
    try {
      const { status, text } = await answeredStatus(await fetch(request), proc.type, 300);
      return { status, body: text };
    } catch (e) {
      if (request.url.length > MAX_URL) return { status: 431, body: "connection closed: URL too long" };
      throw e;
    }
  }
  const client = createClient({
    url: built.app.url,
    token: signedIn ? token : undefined,
    fetch: recordingFetch(signedIn ? () => ({}) : anonymousHeaders),
  });
  let target: unknown = client;
  for (const part of proc.path.split(".")) target = (target as Record<string, unknown>)[part];
  const method = (target as Record<string, (i: unknown) => Promise<unknown>>)[proc.type === "query" ? "query" : "mutate"]!;
  lastResponse = null;
  let failure: unknown = null;
  try {
    await method(input);
  } catch (e) {
    // Judged by the HTTP answer below, not by the client's error.
    failure = e;
  }
  if (lastResponse) return lastResponse;
  // No answer: either the client refused to serialise the input (never sent), or the
  // server cut a request over its header limit. Anything else is a failure.
  const cause = String((failure as { cause?: unknown } | null)?.cause ?? failure ?? "");
  if (/fetch failed|other side closed|ECONNRESET|EPIPE|socket/i.test(cause)) {
    if (proc.type === "query" && JSON.stringify(superjson.serialize(input)).length * 3 > MAX_URL)
      return { status: 431, body: "connection closed: URL too long" };
    return { status: 599, body: `no answer: ${cause.slice(0, 300)}` };
  }
  return { status: 0, body: cause.slice(0, 300) };
}

describe("fuzzing every procedure's input", () => {
  it(
    `never answers 5xx (${SECONDS} s, seed ${SEED})`,
    async () => {
      const procedures = listProcedures();
      expect(procedures.length).toBeGreaterThanOrEqual(15);
      const histogram: Record<string, number> = {};
      const perProcedure: Record<string, Record<string, number>> = {};
      const failures: { path: string; signedIn: boolean; status: number; body: string; input: string }[] = [];
      // A couple of examples per procedure and status, to see what the fuzzer reached.
      const examples: Record<string, { signedIn: boolean; input: string; answer: string }[]> = {};
      let inputs = 0;

      const scenario = fc
        .constantFrom(...procedures)
        .chain((proc) => fc.record({ proc: fc.constant(proc), signedIn: fc.boolean(), input: inputFor(proc) }));
      const run = await fc.check(
        fc.asyncProperty(scenario, async ({ proc, signedIn, input }) => {
          const { status, body } = await call(proc, signedIn, input);
          inputs++;
          histogram[status] = (histogram[status] ?? 0) + 1;
          (perProcedure[proc.path] ??= {})[status] = (perProcedure[proc.path]![status] ?? 0) + 1;
          const seen = (examples[`${proc.path} ${status}`] ??= []);
          if (seen.length < 2) seen.push({ signedIn, input: fc.stringify(input).slice(0, 200), answer: body.slice(0, 300) });
          if (status >= 500) {
            failures.push({ path: proc.path, signedIn, status, body: body.slice(0, 500), input: fc.stringify(input).slice(0, 500) });
            return false;
          }
          return true;
        }),
        { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false, endOnFailure: true },
      );
      if (run.failed && !failures.length) {
        // The property threw instead of answering: report it without fast-check's (possibly megabyte) counterexample.
        failures.push({
          path: "(threw)",
          signedIn: false,
          status: -1,
          body: String((run as { errorInstance?: unknown }).errorInstance).slice(0, 1000),
          input: fc.stringify(run.counterexample).slice(0, 500),
        });
      }

      const report = { seed: SEED, seconds: SECONDS, inputs, histogram, perProcedure, failures, examples };
      await fs.mkdir(path.join("tests", "artifacts"), { recursive: true });
      await fs.writeFile(path.join("tests", "artifacts", "fuzz-procedures.json"), `${JSON.stringify(report, null, 2)}\n`);
      const line = Object.entries(histogram)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([s, n]) => `${s === "0" ? "not sent" : s}: ${n}`)
        .join(", ");
      process.stdout.write(
        `\n[fuzz] ${inputs} inputs over ${procedures.length} procedures in ${SECONDS} s (seed ${SEED}); statuses: ${line}\n`,
      );

      expect(failures).toEqual([]);
      // Every procedure was reached, and the server is still healthy.
      expect(Object.keys(perProcedure).sort()).toEqual(procedures.map((p) => p.path).sort());
      expect(inputs).toBeGreaterThan(100);
      expect((await fetch(`${built.app.url}/healthz`)).status).toBe(200);
    },
    (SECONDS + 60) * 1000,
  );
});
