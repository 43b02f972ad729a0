import { describe, expect, it } from "vitest";
import sharp from "sharp";
import {
  buildSceneSvg,
  describeScene,
  renderProcedural,
  type ProceduralInput,
} from "../../server/adapters/models/local/procedural-renderer";
import { rewritePromptOffline } from "../../server/adapters/models/local/prompt-rewriter";
import { STYLES, type Style } from "../../server/models/catalogue";

const input = { prompt: "a lighthouse on an island at sunset", seed: 1234, style: "digital-art" as const, width: 320, height: 200 };

async function pixels(i: ProceduralInput) {
  const { data, info } = await sharp(await renderProcedural(i))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Share of pixels that differ clearly between two renders of the same size. */
function differing(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3)
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 30) n++;
  return n / (a.length / 3);
}

function hueOf(r: number, g: number, b: number): { h: number; s: number; l: number } {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const l = (max + min) / 2;
  const d = max - min;
  if (d < 1e-6) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  const [R, G, B] = [r / 255, g / 255, b / 255];
  let h = max === R ? ((G - B) / d) % 6 : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  h *= 60;
  return { h: (h + 360) % 360, s, l };
}

/** Share of pixels in a region whose colour matches. */
function share(
  p: { data: Buffer; width: number; height: number },
  region: { x0: number; x1: number; y0: number; y1: number },
  match: (c: { h: number; s: number; l: number }) => boolean,
): number {
  let hit = 0;
  let all = 0;
  for (let y = Math.floor(region.y0 * p.height); y < region.y1 * p.height; y++) {
    for (let x = Math.floor(region.x0 * p.width); x < region.x1 * p.width; x++) {
      const i = (y * p.width + x) * 3;
      all++;
      if (match(hueOf(p.data[i]!, p.data[i + 1]!, p.data[i + 2]!))) hit++;
    }
  }
  return hit / all;
}

describe("the offline procedural renderer", () => {
  it("gives byte-identical output for the same inputs", async () => {
    const [a, b] = await Promise.all([renderProcedural(input), renderProcedural({ ...input })]);
    expect(a.equals(b)).toBe(true);
    const meta = await sharp(a).metadata();
    expect(meta).toMatchObject({ format: "png", width: 320, height: 200 });
  });

  it("draws a different picture for a different seed, prompt or style", async () => {
    const a = (await pixels(input)).data;
    for (const variant of [{ seed: 1235 }, { prompt: "a forest at dawn" }, { style: "line-art" as const }]) {
      const b = (await pixels({ ...input, ...variant })).data;
      // A genuinely different picture, not a few changed pixels.
      expect(differing(a, b)).toBeGreaterThan(0.05);
    }
  });

  it("reads the subject, setting, time of day and colours from the prompt", () => {
    expect(describeScene("a red fox in the snow")).toMatchObject({
      subject: { kind: "animal", animal: "fox" },
      setting: "snowfield",
      snow: true,
      subjectColour: { hue: 5 },
    });
    expect(describeScene("a bowl of ramen, top view")).toMatchObject({
      subject: { kind: "food", dish: "bowl", noodles: true },
      setting: "table",
      topView: true,
    });
    expect(describeScene("a neon city at night")).toMatchObject({
      subject: null,
      setting: "city",
      time: "night",
      timeSaid: true,
      neon: true,
    });
    expect(describeScene("a cat")).toMatchObject({ subject: { kind: "animal", animal: "cat" } });
    expect(describeScene("a cabin")).toMatchObject({ subject: { kind: "building", building: "cabin" } });
    expect(describeScene("portrait of an old fisherman")).toMatchObject({ subject: { kind: "portrait" }, setting: "studio" });
    expect(describeScene("a spiral galaxy")).toMatchObject({ setting: "space" });
    expect(describeScene("abstract geometric shapes in teal and orange")).toMatchObject({
      subject: null,
      setting: "abstract",
      colours: [{ hue: 178 }, { hue: 24 }],
    });
    expect(describeScene("a lighthouse on a cliff at dusk, waves crashing")).toMatchObject({
      subject: { kind: "building", building: "lighthouse" },
      setting: "sea",
      time: "dusk",
    });
    expect(describeScene("a desert canyon at noon")).toMatchObject({ subject: null, setting: "desert", time: "day" });
    expect(describeScene("a bowl of fruit")).toMatchObject({ subject: { kind: "food", dish: "fruit" } });
    expect(describeScene("a tiny cabin under the northern lights")).toMatchObject({ time: "night", timeSaid: true });
    // "lavender" is a colour: purple, light.
    const lavender = describeScene("lavender fields");
    expect(lavender.setting).toBe("field");
    expect(lavender.colours[0]!.hue).toBeGreaterThan(255);
    expect(lavender.colours[0]!.hue).toBeLessThan(285);
    // The first-named subject wins: a cat watching a bird is about the cat.
    expect(describeScene("a cat watching a bird").subject).toEqual({ kind: "animal", animal: "cat" });
  });

  it("paints what the prompt names: lavender is purple, a red fox is red on white snow, a night city is dark above its lights", async () => {
    const lavender = await pixels({ prompt: "lavender fields", seed: 3, width: 256, height: 256 });
    const purple = (c: { h: number; s: number }) => c.h >= 245 && c.h <= 300 && c.s > 0.15;
    expect(share(lavender, { x0: 0, x1: 1, y0: 0.75, y1: 1 }, purple)).toBeGreaterThan(0.5);
    const green = (c: { h: number; s: number }) => c.h >= 80 && c.h <= 160 && c.s > 0.2;
    expect(share(lavender, { x0: 0, x1: 1, y0: 0.75, y1: 1 }, green)).toBeLessThan(0.05);

    const fox = await pixels({ prompt: "a red fox in the snow", seed: 3, width: 256, height: 256 });
    const red = (c: { h: number; s: number; l: number }) => (c.h <= 25 || c.h >= 345) && c.s > 0.45 && c.l > 0.25 && c.l < 0.75;
    expect(share(fox, { x0: 0.2, x1: 0.8, y0: 0.5, y1: 0.8 }, red)).toBeGreaterThan(0.12);
    const snow = (c: { s: number; l: number }) => c.l > 0.8 && c.s < 0.35;
    expect(share(fox, { x0: 0, x1: 1, y0: 0.88, y1: 1 }, snow)).toBeGreaterThan(0.6);

    const city = await pixels({ prompt: "a neon city at night", seed: 3, width: 256, height: 256 });
    expect(share(city, { x0: 0, x1: 1, y0: 0, y1: 0.2 }, (c) => c.l < 0.2)).toBeGreaterThan(0.8);
    const neon = (c: { s: number; l: number }) => c.s > 0.6 && c.l > 0.45;
    expect(share(city, { x0: 0, x1: 1, y0: 0.3, y1: 1 }, neon)).toBeGreaterThan(0.005);
  });

  it("takes the time of day from the prompt", async () => {
    const sky = async (prompt: string) => pixels({ prompt, seed: 9, width: 160, height: 160 });
    const bright = (c: { l: number }) => c.l > 0.45;
    expect(share(await sky("mountains at noon"), { x0: 0.2, x1: 0.8, y0: 0, y1: 0.2 }, bright)).toBeGreaterThan(0.9);
    expect(share(await sky("mountains at night"), { x0: 0.2, x1: 0.8, y0: 0, y1: 0.2 }, bright)).toBeLessThan(0.05);
    const warm = (c: { h: number; s: number }) => (c.h < 50 || c.h > 300) && c.s > 0.35;
    expect(share(await sky("mountains at sunset"), { x0: 0, x1: 1, y0: 0.3, y1: 0.5 }, warm)).toBeGreaterThan(0.4);
  });

  it("makes each style look clearly different", async () => {
    const base = { prompt: "a red fox in the snow", seed: 5, width: 256, height: 256 };
    const styles: Array<Style | undefined> = [undefined, "watercolor", "photographic", "pixel-art", "line-art", "3d-render"];
    const renders = await Promise.all(styles.map((style) => pixels({ ...base, style })));
    for (let i = 0; i < styles.length; i++) {
      for (let j = i + 1; j < styles.length; j++) {
        expect(differing(renders[i]!.data, renders[j]!.data), `${styles[i] ?? "none"} vs ${styles[j]}`).toBeGreaterThan(0.04);
      }
    }
    // Pixel art: few colours, in blocks of equal pixels.
    const px = renders[3]!;
    const colours = new Set<number>();
    for (let i = 0; i < px.data.length; i += 3) colours.add((px.data[i]! << 16) | (px.data[i + 1]! << 8) | px.data[i + 2]!);
    expect(colours.size).toBeLessThanOrEqual(16);
    // ...and colour changes only where one block of 4×4 pixels meets the next (64 blocks across).
    let offGrid = 0;
    for (let y = 0; y < px.height; y++) {
      for (let x = 1; x < px.width; x++) {
        const i = (y * px.width + x) * 3;
        if (x % 4 !== 0 && px.data.compare(px.data, i, i + 3, i - 3, i) !== 0) offGrid++;
      }
    }
    expect(offGrid).toBe(0);
    // Line art: mostly paper, with dark ink lines.
    const line = renders[4]!;
    expect(share(line, { x0: 0, x1: 1, y0: 0, y1: 1 }, (c) => c.l > 0.88 && c.s < 0.6)).toBeGreaterThan(0.75);
    expect(share(line, { x0: 0, x1: 1, y0: 0, y1: 1 }, (c) => c.l < 0.25)).toBeGreaterThan(0.01);
  });

  it("renders every style, at any aspect ratio, at the requested size", async () => {
    for (const style of STYLES) {
      const meta = await sharp(await renderProcedural({ ...input, style, width: 180, height: 320 })).metadata();
      expect(meta, style).toMatchObject({ width: 180, height: 320 });
    }
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
