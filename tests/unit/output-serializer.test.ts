// The one-pass output serializer must write what superjson writes, or at least what
// superjson.deserialize reads back as the same value, for every shape a procedure returns.
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeOutput } from "../../server/trpc/output-serializer";

/** What goes over the wire: tRPC sends JSON.stringify of the envelope. */
const wire = (envelope: unknown) => JSON.parse(JSON.stringify(envelope)) as unknown;
const roundTrip = (v: unknown) => superjson.deserialize(wire(serializeOutput(v)) as Parameters<typeof superjson.deserialize>[0]);

/** A deterministic pseudo-random generator (mulberry32), so a failure names its seed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 7 : 10));
  switch (pick) {
    case 0:
      return Math.floor(r() * 1e6) - 5e5;
    case 1:
      return r() < 0.5 ? `s${Math.floor(r() * 100)}` : 'with "quotes" and ünïcode ✓';
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return new Date(Math.floor(r() * 2e12));
    case 5:
      return undefined;
    case 6:
      return BigInt(Math.floor(r() * 1e9)) * 1000003n;
    case 7:
    case 8: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) o[`k${Math.floor(r() * 20)}`] = randomValue(r, depth + 1);
      return o;
    }
    default:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  }
}

describe("procedure output serializer", () => {
  it("writes exactly superjson's envelope for a feed page (Dates, nulls, nested authors)", () => {
    const page = {
      items: Array.from({ length: 24 }, (_, i) => ({
        id: `g${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        seed: i % 3 ? i : null,
        optimizationDelta: i / 7,
        author: { id: `u${i}`, name: i % 2 ? null : "Ann", imageUrl: null },
        likedByMe: false,
      })),
      nextCursor: null,
    };
    expect(wire(serializeOutput(page))).toEqual(wire(superjson.serialize(page)));
    // Nothing to replace: the envelope holds the value itself, not a copy.
    expect(serializeOutput(page).json).toBe(page);
    expect(roundTrip(page)).toEqual(page);
  });

  it("writes no meta when nothing needs annotating", () => {
    expect(serializeOutput({ ok: true, n: [1, 2, "x"] })).toEqual({ json: { ok: true, n: [1, 2, "x"] } });
  });

  it("round-trips 2,000 random values exactly as superjson does", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const value = randomValue(rng(seed));
      const ours = serializeOutput(value);
      expect(roundTrip(value), `seed ${seed}`).toEqual(superjson.deserialize(superjson.serialize(value)));
      expect(wire(ours), `seed ${seed}`).toEqual(wire(superjson.serialize(value)));
    }
  });

  it("hands what it does not model to superjson: Maps, Sets, NaN, dotted keys, shared and cyclic references, top-level Dates", () => {
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const values: unknown[] = [
      new Map([["a", 1]]),
      { s: new Set([1, 2]) },
      { n: Number.NaN, i: -Infinity, z: -0 },
      { "a.b": 1, "c\\d": new Date(0) },
      { p: shared, q: shared },
      new Date(5),
      undefined,
      { re: /x/g },
      new (class Point {
        x = 1;
      })(),
    ];
    for (const v of values) expect(wire(serializeOutput(v))).toEqual(wire(superjson.serialize(v)));
    expect(serializeOutput(cyclic)).toEqual(superjson.serialize(cyclic));
    // An invalid Date: left to superjson.
    const bad = { at: new Date(Number.NaN) };
    expect(wire(serializeOutput(bad))).toEqual(wire(superjson.serialize(bad)));
  });
});
