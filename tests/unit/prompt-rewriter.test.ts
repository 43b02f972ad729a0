// The offline optimizer never adds lighting, time, viewpoint, medium or mood words that
// contradict the prompt's own: every style and detail level, for prompts built to tempt it.
import { describe, expect, it } from "vitest";
import { rewritePromptOffline } from "../../server/adapters/models/local/prompt-rewriter";
import { DETAIL_LEVELS, STYLES, type Style } from "../../server/models/catalogue";
import { describeScene } from "../../server/adapters/models/local/procedural-renderer";

const variants: Array<{ style?: Style; detailLevel: (typeof DETAIL_LEVELS)[number] }> = [undefined, ...STYLES].flatMap((style) =>
  DETAIL_LEVELS.map((detailLevel) => ({ style, detailLevel })),
);

/** What the optimizer added: the rewrite minus the prompt itself. */
function added(prompt: string, v: (typeof variants)[number]): string {
  const out = rewritePromptOffline({ prompt, ...v });
  expect(out.startsWith(prompt)).toBe(true);
  return out.slice(prompt.length);
}

const MORNING = /\b(morning|dawn|sunrise)\b/;
const NOON = /\b(midday|noon|daylight|sunlight)\b/;
const GOLDEN = /\b(golden|evening|sunset)\b/;
const BLUE_HOUR = /\b(blue-hour|twilight)\b/;
const NIGHT = /\b(moonlight|night)\b/;

const conflicts: Array<[prompt: string, mustNotAdd: RegExp, note: string]> = [
  [
    "a lighthouse on a cliff at sunset",
    new RegExp(`${MORNING.source}|${NOON.source}|${BLUE_HOUR.source}|${NIGHT.source}`),
    "sunset: no morning, noon, blue hour or night",
  ],
  [
    "a desert canyon at noon",
    new RegExp(`${MORNING.source}|${GOLDEN.source}|${BLUE_HOUR.source}|${NIGHT.source}`),
    "noon: no morning, golden or blue hour",
  ],
  ["a quiet harbour at dawn", new RegExp(`${NOON.source}|${GOLDEN.source}|${BLUE_HOUR.source}|${NIGHT.source}`), "dawn"],
  ["city rooftops at dusk", new RegExp(`${MORNING.source}|${NOON.source}|${GOLDEN.source}|moonlight`), "dusk"],
  [
    "a neon city street at night",
    new RegExp(`${MORNING.source}|${NOON.source}|${GOLDEN.source}|volumetric light rays|moonlight`),
    "night with neon",
  ],
  [
    "a castle on a hill",
    new RegExp(`${MORNING.source}|${NOON.source}|${GOLDEN.source}|${BLUE_HOUR.source}|${NIGHT.source}`),
    "no time named: no time added",
  ],
  ["a sunny beach with palm trees", /overcast/, "sunny: not overcast"],
  ["a foggy forest path at sunset", /golden-hour|evening sun/, "fog: no low sun"],
  ["a close-up portrait of an old fisherman", /wide establishing shot|layered foreground/, "close-up: not wide"],
  ["a bowl of ramen, top view", /low-angle|wide establishing|layered foreground/, "top view: not low or wide"],
  ["a photo of a cat on a sofa", /digital painting/, "a photo: no painting medium unless a style says so"],
  ["a busy, chaotic night market", /quiet|uncluttered|clean background|simple shapes/, "busy: not quiet or clean"],
  ["an abstract pattern of interlocking circles", /main subject|sense of place/, "abstract: no subject or place"],
  ["a black and white street photograph", /color story/, "monochrome: no colour story"],
  ["a dreamy, soft focus meadow", /sharp focus/, "soft focus: not sharp"],
  ["a minimalist composition of a single leaf", /intricate|rich textures|layered foreground/, "minimalist"],
];

describe("the offline optimizer does not contradict the prompt", () => {
  for (const [prompt, mustNotAdd, note] of conflicts) {
    it(`${note}: "${prompt}"`, () => {
      for (const v of variants) {
        const extra = added(prompt, v);
        if (v.style === undefined || !/photo|painting/.test(note))
          expect(extra, `${v.style ?? "no style"}/${v.detailLevel}: ${extra}`).not.toMatch(mustNotAdd);
      }
    });
  }

  it("gives a named time light of that time (and still enriches the prompt)", () => {
    const sunset = rewritePromptOffline({ prompt: "a lighthouse on a cliff at sunset", detailLevel: "medium" });
    const noon = rewritePromptOffline({ prompt: "a desert canyon at noon", detailLevel: "high" });
    for (const [out, fits] of [
      [sunset, /golden-hour|evening sun/],
      [noon, /midday sunlight|daylight/],
    ] as const) {
      if (/light|sun/.test(out.split(",").slice(1).join(","))) expect(out).toMatch(fits);
      expect(out.split(", ").length).toBeGreaterThan(3);
    }
  });

  it("keeps the style's medium when a style is chosen", () => {
    expect(rewritePromptOffline({ prompt: "a photo of a cat on a sofa", style: "watercolor", detailLevel: "low" })).toContain(
      "watercolor painting",
    );
  });

  it("leaves what the preview renderer reads from the prompt as it was: subject, setting, time", () => {
    for (const prompt of [
      "a red fox in the snow",
      "a bowl of ramen, top view",
      "a neon city at night",
      "a lighthouse on a cliff at dusk",
      "lavender fields",
      "a cabin in the woods",
      "portrait of a woman",
    ]) {
      const before = describeScene(prompt);
      for (const v of variants) {
        const after = describeScene(rewritePromptOffline({ prompt, ...v }));
        expect(
          { subject: after.subject, setting: after.setting, time: after.timeSaid ? after.time : null },
          `${prompt} · ${v.style ?? "no style"}/${v.detailLevel}`,
        ).toEqual({
          subject: before.subject,
          setting: before.setting,
          time: before.timeSaid ? before.time : null,
        });
      }
    }
  });
});
