// Malformed tRPC requests on the built server: `?input=null`, superjson meta that names
// classes or unknown types, JSON that does not parse, envelopes of the wrong shape — each
// a plain 400 in tRPC's error shape whose message says what is wrong with the envelope,
// never what a parser or superjson threw inside (no "Cannot destructure", no stack overflow).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltApp, type BuiltApp } from "../support/built-app";

let built: BuiltApp;
let token: string;

beforeAll(async () => {
  built = await startBuiltApp({ RATE_LIMITS: "read:1000,mutation:1000,generate:1000" });
  ({ token } = await built.userWithToken("envelopes"));
});
afterAll(async () => {
  await built?.stop();
});

const INTERNALS =
  /Cannot destructure|Maximum call stack|payload|Unexpected (token|end)|at position|TypeError|RangeError|SyntaxError|is not a function|undefined is not|Cannot read prop|\bat [\w.]+ \(/;

const q = (v: unknown) => encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v));

type Case = { name: string; path: string; init?: RequestInit; message: RegExp };

const json = (body: string): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body });

const CASES: Case[] = [
  { name: "?input=null", path: `discovery?input=null`, message: /the input is null/ },
  { name: "?input=null on a procedure without input", path: `me?input=null`, message: /the input is null/ },
  { name: "input that is not JSON", path: `discovery?input=${q("{")}`, message: /not valid JSON/ },
  { name: "input that is a string", path: `health?input=${q('"x"')}`, message: /the input is a string/ },
  { name: "input that is an array", path: `health?input=${q([])}`, message: /the input is an array/ },
  {
    name: "meta naming a class",
    path: `discovery?input=${q({ json: {}, meta: { values: { cursor: [["class", "Foo"]] } } })}`,
    message: /class, symbol or custom type/,
  },
  {
    name: "meta naming a class (flat)",
    path: `discovery?input=${q({ json: { cursor: 1 }, meta: { values: { cursor: ["class", "Foo"] } } })}`,
    message: /names the type "class"/,
  },
  {
    name: "meta naming a custom type",
    path: `discovery?input=${q({ json: { cursor: 1 }, meta: { values: { cursor: ["custom", "Money"] } } })}`,
    message: /names the type "custom"/,
  },
  {
    name: "meta naming a symbol",
    path: `discovery?input=${q({ json: { cursor: 1 }, meta: { values: { cursor: [["symbol", "s"]] } } })}`,
    message: /class, symbol or custom type/,
  },
  {
    name: "meta naming a type nobody takes",
    path: `discovery?input=${q({ json: { cursor: "a" }, meta: { values: { cursor: ["regexp"] } } })}`,
    message: /"regexp"/,
  },
  {
    name: "meta reaching for __proto__",
    path: `discovery?input=${q({ json: {}, meta: { values: { "__proto__.polluted": ["Date"] } } })}`,
    message: /__proto__/,
  },
  {
    name: "meta making the input a cycle",
    path: `discovery?input=${q({ json: { a: {} }, meta: { referentialEqualities: { a: ["a.b"] } } })}`,
    message: /referentialEqualities/,
  },
  { name: "meta that is not an object", path: `discovery?input=${q({ json: {}, meta: "x" })}`, message: /"meta" is not an object/ },
  { name: "meta.values of the wrong shape", path: `discovery?input=${q({ json: {}, meta: { values: 5 } })}`, message: /wrong shape/ },
  { name: "an unexpected envelope key", path: `discovery?input=${q({ json: {}, extra: 1 })}`, message: /unexpected key "extra"/ },
  { name: "an envelope without json", path: `discovery?input=${q({ meta: {} })}`, message: /"json" key is missing/ },
  { name: "a batch whose input is an array", path: `discovery,health?batch=1&input=${q([])}`, message: /needs to be an object/ },
  { name: "a batch with a null member", path: `discovery,health?batch=1&input=${q({ 0: null, 1: null })}`, message: /the input is null/ },
  { name: "a POST body that is not JSON", path: `generate`, init: json("{"), message: /not valid JSON/ },
  { name: "a POST body of null", path: `generate`, init: json("null"), message: /the input is null/ },
  { name: "a POST body that is a bare array", path: `apiTokens.create`, init: json("[1,2]"), message: /the input is an array/ },
  {
    name: "a POST body nested 100,000 deep",
    path: `apiTokens.create`,
    init: json(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
    message: /the input is an array/,
  },
];

describe("malformed tRPC envelopes", () => {
  for (const c of CASES) {
    it(`${c.name} → plain 400`, async () => {
      const res = await fetch(`${built.app.url}/api/trpc/${c.path}`, {
        ...c.init,
        headers: { authorization: `Bearer ${token}`, ...(c.init?.headers as Record<string, string> | undefined) },
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      const errors = (Array.isArray(body) ? body : [body]).map(
        (b: { error: { json: { message: string; data: { code: string; httpStatus: number } } } }) => b.error.json,
      );
      for (const e of errors) {
        expect(e.data.httpStatus).toBe(400);
        expect(e.message).not.toMatch(INTERNALS);
      }
      expect(errors[0].message).toMatch(c.message);
    });
  }

  it("well-formed envelopes with the types our clients send still work", async () => {
    const res = await fetch(
      `${built.app.url}/api/trpc/discovery?input=${q({ json: { limit: 3 }, meta: { values: { cursor: ["undefined"] }, v: 1 } })}`,
    );
    expect(res.status).toBe(200);
    expect((await res.json()).result.data.json).toEqual({ items: [], nextCursor: null });
  });
});
