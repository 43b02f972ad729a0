import { describe, expect, it } from "vitest";
import { checkText } from "../../server/moderation/blocklist";

describe("blocklist moderator", () => {
  it("blocks listed terms, also disguised", () => {
    expect(checkText("a GORE scene")).toMatchObject({ allowed: false, category: "graphic-violence" });
    expect(checkText("g0re")).toMatchObject({ allowed: false });
    expect(checkText("b.e.h.e.a.d.i.n.g")).toMatchObject({ allowed: true }); // documented limit: no letter-spacing tricks
    expect(checkText("p0rn")).toMatchObject({ allowed: false, category: "sexual-explicit" });
    expect(checkText("self harm")).toMatchObject({ allowed: false, category: "self-harm" });
  });
  it("allows innocent words that contain a listed one", () => {
    for (const ok of ["gorgeous mountains", "Gorey harbour", "a sunset over the sea", "expert cartography"])
      expect(checkText(ok)).toEqual({ allowed: true });
  });
});
