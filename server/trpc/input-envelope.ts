// Procedure input arrives as a superjson envelope, { json, meta? }. superjson trusts its
// meta: annotations naming classes, symbols or custom types it was never told about send
// it into unbounded recursion, and `referentialEqualities` can make the input a cycle.
// So the envelope is checked first, and anything that is not what our clients send is a
// plain 400 that says what is wrong with it — never the text of what a parser threw.
import superjson from "superjson";
import { AppError } from "../errors";
import { serializeOutput } from "./output-serializer";

// The value types an input may carry through superjson (no classes, symbols, custom
// types, typed arrays, RegExps or Errors: no procedure takes one).
const ALLOWED_TYPES = new Set(["undefined", "Date", "bigint", "number", "set", "map"]);
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_ANNOTATIONS = 10_000;
const MAX_DEPTH = 32;

const bad = (what: string) => new AppError("BAD_REQUEST", `Malformed input envelope: ${what}. Send superjson's { json, meta? }.`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkPath(path: string) {
  for (const segment of path.split(/(?<!\\)\./))
    if (FORBIDDEN_SEGMENTS.has(segment)) throw bad(`the path "${path.slice(0, 100)}" is not allowed`);
}

/** meta.values: a tree of [annotation] / [annotation, children] / { path: subtree }. */
function checkValues(tree: unknown, budget: { left: number }, depth: number) {
  if (--budget.left < 0) throw bad("meta.values is too large");
  if (depth > MAX_DEPTH) throw bad("meta.values is nested too deeply");
  if (Array.isArray(tree)) {
    const [annotation, children, ...rest] = tree as unknown[];
    if (rest.length) throw bad("meta.values has a node of the wrong shape");
    if (typeof annotation !== "string") throw bad("meta.values names a class, symbol or custom type");
    if (!ALLOWED_TYPES.has(annotation)) throw bad(`meta.values names the type "${annotation.slice(0, 40)}", which no procedure accepts`);
    if (children !== undefined) checkChildren(children, budget, depth);
    return;
  }
  checkChildren(tree, budget, depth);
}

function checkChildren(children: unknown, budget: { left: number }, depth: number) {
  if (!isRecord(children)) throw bad("meta.values has a node of the wrong shape");
  for (const [path, subtree] of Object.entries(children)) {
    checkPath(path);
    checkValues(subtree, budget, depth + 1);
  }
}

/** The envelope, checked; what superjson.deserialize may safely be given. */
export function checkInputEnvelope(payload: unknown): { json: unknown; meta?: Record<string, unknown> } {
  if (!isRecord(payload))
    throw bad(payload === null ? "the input is null" : `the input is ${Array.isArray(payload) ? "an array" : `a ${typeof payload}`}`);
  const extra = Object.keys(payload).filter((k) => k !== "json" && k !== "meta");
  if (extra.length) throw bad(`unexpected key "${extra[0]!.slice(0, 40)}"`);
  if (!("json" in payload)) throw bad(`the "json" key is missing`);
  const { meta } = payload;
  if (meta === undefined) return payload as { json: unknown };
  if (!isRecord(meta)) throw bad(`"meta" is not an object`);
  const metaExtra = Object.keys(meta).filter((k) => k !== "values" && k !== "v");
  // referentialEqualities would let the input refer to itself (a cycle); our inputs are
  // trees, so there is nothing for it to describe.
  if (metaExtra.length) throw bad(`"meta.${metaExtra[0]!.slice(0, 40)}" is not accepted`);
  if (meta.v !== undefined && typeof meta.v !== "number") throw bad(`"meta.v" is not a number`);
  if (meta.values !== undefined) checkValues(meta.values, { left: MAX_ANNOTATIONS }, 0);
  return payload as { json: unknown; meta: Record<string, unknown> };
}

/**
 * superjson for everything, with the input envelope checked before it is deserialized, and
 * output written in superjson's format by a one-pass serializer (server/trpc/output-serializer.ts).
 */
export const transformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (payload: unknown) => superjson.deserialize(checkInputEnvelope(payload) as Parameters<typeof superjson.deserialize>[0]),
  },
  output: {
    serialize: serializeOutput,
    deserialize: (payload: unknown) => superjson.deserialize(payload as Parameters<typeof superjson.deserialize>[0]),
  },
};
