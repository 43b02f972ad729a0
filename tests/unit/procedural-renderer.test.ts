import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { buildSceneSvg, renderProcedural } from "../../server/adapters/models/local/procedural-renderer";
import { rewritePromptOffline } from "../../server/adapters/models/local/prompt-rewriter";

const input = { prompt: "a lighthouse on an island at sunset", seed: 1234, style: "digital-art" as const, width: 320, height: 200 };

describe("the offline procedural renderer", () => {
  it("gives byte-identical output for the same inputs", async () => {
    const [a, b] = await Promise.all([renderProcedural(input), renderProcedural({ ...input })]);
    expect(a.equals(b)).toBe(true);
    const meta = await sharp(a).metadata();
    expect(meta).toMatchObject({ format: "png", width: 320, height: 200 });
  });

  it("draws a different picture for a different seed, prompt or style", async () => {
    const a = await sharp(await renderProcedural(input)).raw().toBuffer();
    for (const variant of [{ seed: 1235 }, { prompt: "a forest at dawn" }, { style: "line-art" as const }]) {
      const b = await sharp(await renderProcedural({ ...input, ...variant })).raw().toBuffer();
      let differing = 0;
      for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) > 8) differing++;
      // A genuinely different picture, not a few changed pixels.
      expect(differing / (a.length / 3)).toBeGreaterThan(0.05);
    }
  });

  it("renders every style, including pixel-art, at the requested size", async () => {
    const meta = await sharp(await renderProcedural({ ...input, style: "pixel-art" })).metadata();
    expect(meta).toMatchObject({ width: 320, height: 200 });
    expect(buildSceneSvg({ ...input, prompt: "stars over the sea at night" })).toContain('fill="#fff"');
  });
});

describe("the offline prompt rewriter", () => {
  it("is deterministic and enriches by style and detail level", () => {
    const a = rewritePromptOffline({ prompt: "a cat on a windowsill", style: "oil-painting", detailLevel: "high" });
    expect(a).toBe(rewritePromptOffline({ prompt: "a cat on a windowsill", style: "oil-painting", detailLevel: "high" }));
    expect(a).toMatch(/^a cat on a windowsill, /);
    expect(a).toContain("oil painting");
    expect(a).toContain("intricate detail");
    const low = rewritePromptOffline({ prompt: "a cat on a windowsill", detailLevel: "low" });
    expect(low.length).toBeLessThan(a.length);
  });
});
