// Procedure output in superjson's wire format, written by one pass over the value for
// what our procedures return (plain objects and arrays of JSON values, Dates, undefined,
// bigint). superjson's own serialize walks the value several times (identities, then
// annotations) and was ~0.8 ms of a 24-picture feed page; this makes the same envelope
// in a fraction of that. Anything else — a Map, a Set, a class instance, a non-finite
// number, a key with a dot, a shared or cyclic reference — hands the whole value to
// superjson, so the output is always what superjson.deserialize reads back as the value.
// tests/unit/output-serializer.test.ts compares the two on many shapes.
import superjson from "superjson";

type Annotation = ["Date"] | ["undefined"] | ["bigint"];
type Envelope = { json: unknown; meta?: { values: Record<string, Annotation>; v: 1 } };

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();
/** Met a value JSON.stringify would not write as superjson does: walk again, copying. */
const NEEDS_COPY = new Unsupported();
const MAX_DEPTH = 64;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The envelope for `value`. Its `json` is what JSON.stringify must turn into superjson's
 * JSON: the value itself when that is already so (Dates write their ISO string through
 * toJSON, which is superjson's form), or a copy with undefined and bigint replaced.
 */
export function serializeOutput(value: unknown): Envelope {
  try {
    try {
      return envelope(value, false);
    } catch (e) {
      if (e !== NEEDS_COPY) throw e;
      return envelope(value, true);
    }
  } catch (e) {
    if (e !== UNSUPPORTED) throw e;
    return superjson.serialize(value) as Envelope;
  }
}

function envelope(value: unknown, copy: boolean): Envelope {
  const values: Record<string, Annotation> = {};
  let annotated = false;
  const seen = new Set<object>();
  // The keys from the root to the value being walked; a path string is made only for
  // the few values that need an annotation.
  const keys: Array<string | number> = [];
  const annotate = (a: Annotation) => {
    if (keys.length === 0) throw UNSUPPORTED; // a root annotation has a form of its own
    values[keys.join(".")] = a;
    annotated = true;
  };

  const walk = (v: unknown, depth: number): unknown => {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        // NaN, ±Infinity and -0 are superjson annotations of their own.
        if (!Number.isFinite(v) || Object.is(v, -0)) throw UNSUPPORTED;
        return v;
      case "undefined":
        if (!copy) throw NEEDS_COPY;
        annotate(["undefined"]);
        return null;
      case "bigint":
        if (!copy) throw NEEDS_COPY;
        annotate(["bigint"]);
        return v.toString();
      case "object": {
        if (v === null) return null;
        // An object met twice (shared or cyclic) is a reference superjson records: its job.
        if (depth > MAX_DEPTH || seen.has(v)) throw UNSUPPORTED;
        if (v instanceof Date) {
          // An invalid Date is superjson's to write (as it does, whatever that is).
          if (Number.isNaN(v.getTime())) throw UNSUPPORTED;
          annotate(["Date"]);
          return copy ? v.toISOString() : v;
        }
        seen.add(v);
        if (Array.isArray(v)) {
          const arr = copy ? new Array<unknown>(v.length) : null;
          for (let i = 0; i < v.length; i++) {
            keys.push(i);
            const w = walk(v[i], depth + 1);
            if (arr) arr[i] = w;
            keys.pop();
          }
          return arr ?? v;
        }
        if (!isPlainObject(v)) throw UNSUPPORTED;
        const obj: Record<string, unknown> | null = copy ? {} : null;
        for (const key in v) {
          if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
          // superjson escapes these in paths; rare enough to leave to it.
          if (key.includes(".") || key.includes("\\") || key === "__proto__") throw UNSUPPORTED;
          keys.push(key);
          const w = walk((v as Record<string, unknown>)[key], depth + 1);
          if (obj) obj[key] = w;
          keys.pop();
        }
        return obj ?? v;
      }
      default:
        throw UNSUPPORTED;
    }
  };

  const json = walk(value, 0);
  return annotated ? { json, meta: { values, v: 1 } } : { json };
}
