// The offline preview renderer: turns (prompt, seed, style, size) into a layered
// landscape drawn as SVG and rasterised with sharp. It is not an AI model; the
// catalogue and UI label it as an offline preview. Same inputs → byte-identical PNG.
import sharp from "sharp";
import type { Style } from "../../../models/catalogue";
import { hashString, pick, seededRandom } from "./seeded-random";

export type ProceduralInput = { prompt: string; seed: number; style?: Style; width: number; height: number };

type Mood = "dawn" | "day" | "sunset" | "night";
type Palette = { sky: [string, string, string]; sun: string; glow: string; far: string; near: string; water: string };

const KEYWORDS: Array<[RegExp, Partial<{ mood: Mood; hue: number; water: boolean; snow: boolean }>]> = [
  [/\b(night|moon|stars?|galaxy|space|midnight|neon|cyberpunk)\b/i, { mood: "night" }],
  [/\b(sunset|dusk|evening|autumn|fire|desert|golden)\b/i, { mood: "sunset" }],
  [/\b(dawn|sunrise|morning|mist|fog)\b/i, { mood: "dawn" }],
  [/\b(noon|day|summer|bright|meadow)\b/i, { mood: "day" }],
  [/\b(ocean|sea|lake|river|beach|harbou?r|water|island)\b/i, { water: true }],
  [/\b(snow|winter|ice|glacier|frozen)\b/i, { snow: true, hue: 205 }],
  [/\b(forest|jungle|garden|green|valley)\b/i, { hue: 130 }],
  [/\b(lavender|purple|violet|dream)\b/i, { hue: 275 }],
  [/\b(cherry|pink|rose|blossom)\b/i, { hue: 335 }],
];

function hsl(h: number, s: number, l: number): string {
  h = ((h % 360) + 360) % 360;
  s = Math.max(0, Math.min(100, s)) / 100;
  l = Math.max(0, Math.min(100, l)) / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number) => Math.round(x * 255).toString(16).padStart(2, "0");
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

function mix(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i]! - v) * t).toString(16).padStart(2, "0")).join("")}`;
}

function paletteFor(mood: Mood, hue: number, style: Style | undefined): Palette {
  const sat = style === "anime" || style === "digital-art" || style === "fantasy" ? 1.25 : style === "photographic" ? 0.8 : 1;
  const S = (s: number) => s * sat;
  switch (mood) {
    case "night":
      return {
        sky: [hsl(hue + 230, S(55), 8), hsl(hue + 245, S(50), 18), hsl(hue + 275, S(45), 32)],
        sun: hsl(hue + 50, 30, 92),
        glow: hsl(hue + 220, S(60), 60),
        far: hsl(hue + 240, S(30), 28),
        near: hsl(hue + 235, S(35), 7),
        water: hsl(hue + 230, S(45), 14),
      };
    case "sunset":
      return {
        sky: [hsl(hue + 250, S(45), 28), hsl(hue + 330, S(65), 55), hsl(hue + 30, S(95), 66)],
        sun: hsl(hue + 45, S(100), 78),
        glow: hsl(hue + 25, S(100), 62),
        far: hsl(hue + 320, S(35), 48),
        near: hsl(hue + 270, S(40), 12),
        water: hsl(hue + 300, S(40), 30),
      };
    case "dawn":
      return {
        sky: [hsl(hue + 210, S(45), 62), hsl(hue + 340, S(55), 80), hsl(hue + 40, S(80), 86)],
        sun: hsl(hue + 45, S(90), 92),
        glow: hsl(hue + 20, S(85), 80),
        far: hsl(hue + 230, S(25), 70),
        near: hsl(hue + 200, S(30), 26),
        water: hsl(hue + 210, S(35), 60),
      };
    default:
      return {
        sky: [hsl(hue + 210, S(70), 42), hsl(hue + 200, S(65), 65), hsl(hue + 190, S(55), 86)],
        sun: hsl(55, S(100), 95),
        glow: hsl(50, S(90), 85),
        far: hsl(hue + 200, S(30), 66),
        near: hsl(hue, S(40), 22),
        water: hsl(hue + 200, S(60), 45),
      };
  }
}

/** A mountain ridge as a closed path: a sum of sines plus a little seeded jitter. */
function ridgePath(rand: () => number, w: number, h: number, baseY: number, amplitude: number, roughness: number): string {
  const waves = Array.from({ length: 4 }, (_, i) => ({
    freq: (0.6 + rand() * 1.4) * (i + 1) * roughness,
    phase: rand() * Math.PI * 2,
    amp: amplitude / (i + 1.3),
  }));
  const steps = 96;
  const pts: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = (i / steps) * w;
    const t = (i / steps) * Math.PI * 2;
    let y = baseY;
    for (const wv of waves) y -= Math.sin(t * wv.freq + wv.phase) * wv.amp;
    y += (rand() - 0.5) * amplitude * 0.08;
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return `M0,${h} L${pts.join(" L")} L${w},${h} Z`;
}

export function buildSceneSvg(input: ProceduralInput): string {
  const { width: w, height: h } = input;
  const rand = seededRandom(hashString(`${input.prompt.toLowerCase().trim()}|${input.style ?? ""}`) ^ Math.imul(input.seed, 0x9e3779b1));
  let mood: Mood | undefined;
  let hue: number | undefined;
  let water = false;
  let snow = false;
  for (const [re, hint] of KEYWORDS) {
    if (!re.test(input.prompt)) continue;
    mood ??= hint.mood;
    hue ??= hint.hue;
    water ||= hint.water ?? false;
    snow ||= hint.snow ?? false;
  }
  mood ??= pick(rand, ["dawn", "day", "sunset", "night"] as const);
  hue ??= Math.floor(rand() * 60) - 30;
  water ||= rand() < 0.35;
  const pal = paletteFor(mood, hue, input.style);
  const horizon = h * (water ? 0.62 : 0.7) + (rand() - 0.5) * h * 0.08;
  const sunX = w * (0.2 + rand() * 0.6);
  const sunY = horizon - h * (0.12 + rand() * 0.3);
  const sunR = Math.min(w, h) * (mood === "night" ? 0.045 : 0.07) * (0.8 + rand() * 0.5);
  const lineArt = input.style === "line-art";

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`);
  parts.push(`<defs>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${pal.sky[0]}"/><stop offset="0.55" stop-color="${pal.sky[1]}"/><stop offset="1" stop-color="${pal.sky[2]}"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="${pal.glow}" stop-opacity="0.85"/><stop offset="0.35" stop-color="${pal.glow}" stop-opacity="0.3"/><stop offset="1" stop-color="${pal.glow}" stop-opacity="0"/></radialGradient>
<linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${mix(pal.water, pal.sky[2], 0.45)}"/><stop offset="1" stop-color="${pal.water}"/></linearGradient>
<radialGradient id="vignette" cx="0.5" cy="0.5" r="0.75"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.38"/></radialGradient>
<filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${(Math.min(w, h) * 0.012).toFixed(1)}"/></filter>
</defs>`);

  if (lineArt) {
    parts.push(`<rect width="${w}" height="${h}" fill="#f6f1e7"/>`);
    parts.push(`<circle cx="${sunX.toFixed(1)}" cy="${sunY.toFixed(1)}" r="${sunR.toFixed(1)}" fill="none" stroke="#2b2b2b" stroke-width="3"/>`);
  } else {
    parts.push(`<rect width="${w}" height="${h}" fill="url(#sky)"/>`);
    if (mood === "night") {
      const stars = 90 + Math.floor(rand() * 80);
      for (let i = 0; i < stars; i++) {
        const x = rand() * w;
        const y = rand() * horizon * 0.95;
        parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(0.6 + rand() * 1.6).toFixed(2)}" fill="#fff" opacity="${(0.35 + rand() * 0.65).toFixed(2)}"/>`);
      }
    }
    const glowR = sunR * 6;
    parts.push(`<circle cx="${sunX.toFixed(1)}" cy="${sunY.toFixed(1)}" r="${glowR.toFixed(1)}" fill="url(#glow)"/>`);
    parts.push(`<circle cx="${sunX.toFixed(1)}" cy="${sunY.toFixed(1)}" r="${sunR.toFixed(1)}" fill="${pal.sun}"/>`);
    // Clouds: soft, blurred ellipse clusters lit from the sun's side.
    const clouds = 2 + Math.floor(rand() * 4);
    const cloudColor = mix(pal.sky[2], "#ffffff", mood === "night" ? 0.1 : 0.55);
    parts.push(`<g filter="url(#soft)" opacity="${mood === "night" ? 0.25 : 0.55}">`);
    for (let c = 0; c < clouds; c++) {
      const cx = rand() * w;
      const cy = horizon * (0.15 + rand() * 0.55);
      const span = w * (0.12 + rand() * 0.2);
      for (let k = 0; k < 5; k++) {
        parts.push(`<ellipse cx="${(cx + (rand() - 0.5) * span).toFixed(1)}" cy="${(cy + (rand() - 0.5) * span * 0.12).toFixed(1)}" rx="${(span * (0.25 + rand() * 0.3)).toFixed(1)}" ry="${(span * (0.06 + rand() * 0.06)).toFixed(1)}" fill="${cloudColor}"/>`);
      }
    }
    parts.push(`</g>`);
  }

  // Mountain layers, far to near: aerial perspective fades far ridges into the sky.
  const layers = 4 + Math.floor(rand() * 2);
  const ridges: string[] = [];
  for (let i = 0; i < layers; i++) {
    const t = i / (layers - 1);
    const baseY = horizon - h * (0.2 - t * 0.22) + (water ? h * 0.02 * t : h * 0.12 * t);
    const amplitude = h * (0.13 - t * 0.06) * (0.7 + rand() * 0.6);
    const d = ridgePath(rand, w, water && t > 0.7 ? horizon + 1 : h, Math.min(baseY, water ? horizon : h), amplitude, 0.8 + t * 1.2);
    const color = mix(mix(pal.far, pal.sky[2], 0.25 * (1 - t)), pal.near, t);
    ridges.push(d);
    if (lineArt) parts.push(`<path d="${d}" fill="#f6f1e7" stroke="#2b2b2b" stroke-width="${(1.2 + t * 1.8).toFixed(1)}"/>`);
    else parts.push(`<path d="${d}" fill="${color}"/>`);
    if (snow && !lineArt && i < 2) parts.push(`<path d="${d}" fill="#ffffff" opacity="0.35" transform="translate(0 ${(-h * 0.004).toFixed(1)})"/>`);
  }

  if (water) {
    if (lineArt) {
      parts.push(`<rect x="0" y="${horizon.toFixed(1)}" width="${w}" height="${(h - horizon).toFixed(1)}" fill="#f6f1e7"/>`);
      parts.push(`<line x1="0" y1="${horizon.toFixed(1)}" x2="${w}" y2="${horizon.toFixed(1)}" stroke="#2b2b2b" stroke-width="2"/>`);
      for (let i = 0; i < 14; i++) {
        const y = horizon + ((h - horizon) * (i + 1)) / 15;
        const x = rand() * w * 0.7;
        parts.push(`<line x1="${x.toFixed(1)}" y1="${y.toFixed(1)}" x2="${(x + w * (0.1 + rand() * 0.25)).toFixed(1)}" y2="${y.toFixed(1)}" stroke="#2b2b2b" stroke-width="1.2"/>`);
      }
    } else {
      parts.push(`<rect x="0" y="${horizon.toFixed(1)}" width="${w}" height="${(h - horizon).toFixed(1)}" fill="url(#water)"/>`);
      // The sun's reflection: a column of shimmering strokes under it.
      for (let i = 0; i < 26; i++) {
        const y = horizon + (h - horizon) * (0.03 + i / 27);
        const half = sunR * (0.6 + rand() * 1.8) * (1 + i / 18);
        parts.push(`<rect x="${(sunX - half + (rand() - 0.5) * sunR).toFixed(1)}" y="${y.toFixed(1)}" width="${(half * 2).toFixed(1)}" height="${Math.max(1.5, h * 0.004).toFixed(1)}" rx="1" fill="${pal.sun}" opacity="${(0.55 - i * 0.018).toFixed(2)}"/>`);
      }
    }
  }
  if (!lineArt) parts.push(`<rect width="${w}" height="${h}" fill="url(#vignette)"/>`);
  parts.push(`</svg>`);
  return parts.join("\n");
}

/** Renders the scene to PNG bytes. */
export async function renderProcedural(input: ProceduralInput): Promise<Buffer> {
  const svg = Buffer.from(buildSceneSvg(input));
  if (input.style === "pixel-art") {
    // Draw small, then scale up with nearest-neighbour for crisp pixels.
    const small = await sharp(svg, { density: 72 * (1 / 8) })
      .resize(Math.round(input.width / 8), Math.round(input.height / 8), { fit: "fill" })
      .png()
      .toBuffer();
    return sharp(small).resize(input.width, input.height, { kernel: "nearest" }).png({ palette: true, colours: 32 }).toBuffer();
  }
  return sharp(svg).png({ compressionLevel: 6 }).toBuffer();
}
