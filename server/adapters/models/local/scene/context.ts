// What every drawing function of the offline renderer shares: the canvas, the seeded
// random source, the painter, what the prompt asked for and the palette it implies.
import type { Style } from "../../../../models/catalogue";
import { pick } from "../seeded-random";
import { darken, hsl, lighten, mix, Painter, saturate } from "./paint";
import type { NamedColour, SceneSpec, TimeOfDay } from "./read-prompt";

export type Palette = {
  sky: [string, string, string];
  sun: string;
  glow: string;
  /** Land layers from far to near. */
  far: string;
  mid: string;
  near: string;
  water: string;
  /** The prompt's colour (or the seed's), for flowers, neon, clothes, abstract shapes. */
  accent: string;
  accent2: string;
  /** Light falling on things: warm at sunset, cool at night. */
  light: string;
  night: boolean;
};

export type Ctx = {
  w: number;
  h: number;
  /** The shorter side: sizes of details scale with it. */
  u: number;
  rand: () => number;
  p: Painter;
  spec: SceneSpec;
  time: TimeOfDay;
  pal: Palette;
  /** Where land meets sky (or water meets sky). */
  horizon: number;
  /** Where the subject stands. */
  ground: number;
  sun: { x: number; y: number; r: number; visible: boolean };
  /** Adjusts a colour for the prompt's mood (muted, pastel, moody, vivid). */
  tone: (c: string) => string;
};

const colourOf = (c: NamedColour) => hsl(c.hue, c.sat, c.light);

function toneFor(spec: SceneSpec): (c: string) => string {
  const { sat, light, warmth } = spec.mood;
  return (c: string) => {
    let out = c;
    if (sat !== 1) out = saturate(out, sat);
    if (light < 1) out = darken(out, 1 - light);
    else if (light > 1) out = lighten(out, (light - 1) * 1.6);
    if (warmth > 0) out = mix(out, "#ff9a3c", 0.1);
    else if (warmth < 0) out = mix(out, "#4a7dff", 0.1);
    return out;
  };
}

function basePalette(time: TimeOfDay, landHue: number, s: number): Omit<Palette, "accent" | "accent2"> {
  const S = (v: number) => v * s;
  switch (time) {
    case "night":
      return {
        sky: [hsl(230, S(55), 6), hsl(234, S(50), 13), hsl(242, S(40), 24)],
        sun: "#f4f1e4",
        glow: hsl(225, S(60), 62),
        far: hsl(238, S(28), 22),
        mid: hsl(236, S(30), 14),
        near: hsl(232, S(35), 7),
        water: hsl(230, S(45), 12),
        light: "#9fb4ff",
        night: true,
      };
    case "dusk":
      return {
        sky: [hsl(236, S(50), 16), hsl(255, S(42), 34), hsl(290, S(42), 55)],
        sun: "#ffe2c4",
        glow: hsl(300, S(50), 65),
        far: hsl(262, S(25), 38),
        mid: hsl(258, S(28), 24),
        near: hsl(250, S(30), 12),
        water: hsl(250, S(40), 22),
        light: "#c9a6ff",
        night: true,
      };
    case "sunset":
      return {
        sky: [hsl(252, S(45), 28), hsl(330, S(62), 56), hsl(28, S(95), 64)],
        sun: hsl(42, S(100), 80),
        glow: hsl(25, S(100), 62),
        far: hsl(320, S(30), 46),
        mid: hsl(300, S(28), 28),
        near: hsl(275, S(35), 13),
        water: hsl(300, S(40), 32),
        light: "#ffb070",
        night: false,
      };
    case "dawn":
      return {
        sky: [hsl(212, S(45), 58), hsl(340, S(52), 80), hsl(38, S(80), 86)],
        sun: hsl(46, S(90), 93),
        glow: hsl(25, S(85), 80),
        far: hsl(228, S(22), 70),
        mid: hsl(landHue + 90, S(18), 50),
        near: hsl(landHue, S(30), 28),
        water: hsl(210, S(35), 62),
        light: "#ffd9b0",
        night: false,
      };
    default:
      return {
        sky: [hsl(212, S(72), 46), hsl(206, S(66), 66), hsl(196, S(58), 86)],
        sun: "#fffbe8",
        glow: hsl(52, S(95), 86),
        far: hsl(210, S(30), 70),
        mid: hsl(landHue, S(35), 45),
        near: hsl(landHue, S(42), 26),
        water: hsl(205, S(60), 45),
        light: "#fff3d6",
        night: false,
      };
  }
}

export function createContext(spec: SceneSpec, style: Style | undefined, w: number, h: number, rand: () => number): Ctx {
  // Not said: the seed picks a time (night only when something in the prompt asks for it).
  const time: TimeOfDay = spec.timeSaid
    ? spec.time
    : spec.setting === "space"
      ? "night"
      : pick(rand, ["day", "day", "dawn", "sunset"] as const);
  const landHue = spec.setting === "desert" ? 36 : spec.mood.warmth > 0 ? 40 : 112 + Math.floor(rand() * 20);
  const base = basePalette(time, landHue, Math.min(1.4, spec.mood.sat));
  const named = spec.colours[0] ?? null;
  const accent = named ? colourOf(named) : hsl(Math.floor(rand() * 360), 70, 55);
  const accent2 = spec.colours[1]
    ? colourOf(spec.colours[1])
    : hsl(((named?.hue ?? Math.floor(rand() * 360)) + 150 + rand() * 60) % 360, 70, 58);
  const pal: Palette = { ...base, accent, accent2 };
  // A colour word that is not the subject's tints the sky and land a little.
  if (named) {
    pal.sky = pal.sky.map((c, i) => mix(c, accent, 0.12 + i * 0.06)) as Palette["sky"];
    pal.far = mix(pal.far, accent, 0.15);
  }
  const tone = toneFor(spec);
  for (const k of ["sun", "glow", "far", "mid", "near", "water", "accent", "accent2", "light"] as const) pal[k] = tone(pal[k]);
  pal.sky = pal.sky.map(tone) as Palette["sky"];

  const u = Math.min(w, h);
  const horizon = h * (spec.setting === "sea" ? 0.56 : spec.setting === "city" ? 0.7 : 0.62) + (rand() - 0.5) * h * 0.05;
  const sunUp = time === "day" ? 0.42 : time === "dawn" || time === "sunset" ? 0.12 : 0.35;
  return {
    w,
    h,
    u,
    rand,
    p: new Painter(style, u),
    spec,
    time,
    pal,
    horizon,
    ground: h * 0.86,
    sun: {
      x: w * (0.18 + rand() * 0.64),
      y: horizon - h * sunUp - rand() * h * 0.08,
      r: u * (base.night ? 0.045 : 0.065) * (0.85 + rand() * 0.3),
      visible: true,
    },
    tone,
  };
}
