// History's bulk selection: single ticks, Shift ranges in feed order, select all, the cap.
import { describe, expect, it } from "vitest";
import { emptySelection, keepShown, orderedIds, selectionOf, tick } from "../../app/lib/selection";

const order = ["a", "b", "c", "d", "e", "f"];
const opts = (range = false, max = 100) => ({ range, order, max });

describe("bulk selection", () => {
  it("ticks one at a time, and a Shift+click ticks everything from the last ticked one", () => {
    let s = tick(emptySelection, "b", true, opts());
    s = tick(s, "e", true, opts(true));
    expect(orderedIds(s, order)).toEqual(["b", "c", "d", "e"]);
    // Backwards works too, and adds to what was there.
    s = tick(s, "a", true, opts(true));
    expect(orderedIds(s, order)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("a Shift+click that unticks unticks the whole range", () => {
    let s = selectionOf(order, 100);
    s = tick(s, "b", false, opts());
    s = tick(s, "d", false, opts(true));
    expect(orderedIds(s, order)).toEqual(["a", "e", "f"]);
  });

  it("without an earlier tick, Shift ticks just the one", () => {
    expect(orderedIds(tick(emptySelection, "c", true, opts(true)), order)).toEqual(["c"]);
  });

  it("stops at the cap and says so", () => {
    const all = selectionOf(order, 4);
    expect(orderedIds(all, order)).toEqual(["a", "b", "c", "d"]);
    expect(all.capped).toBe(true);
    let s = tick(emptySelection, "a", true, opts(false, 3));
    s = tick(s, "f", true, opts(true, 3));
    expect(orderedIds(s, order)).toEqual(["a", "b", "c"]);
    expect(s.capped).toBe(true);
    expect(selectionOf(["a"], 3).capped).toBe(false);
  });

  it("drops pictures that are no longer shown", () => {
    const s = keepShown(selectionOf(["a", "c", "e"], 100), ["a", "b", "e"]);
    expect(orderedIds(s, order)).toEqual(["a", "e"]);
  });
});
