// The offline prompt optimizer: a deterministic enrichment of the user's prompt by
// style and detail level (subject, lighting, composition, medium). It never calls out.
import type { DetailLevel, Style } from "../../../models/catalogue";
import { hashString, pick, seededRandom } from "./seeded-random";

const MEDIUM: Record<Style, string> = {
  photographic: "professional photograph, 35mm lens, natural color grading",
  cinematic: "cinematic film still, anamorphic lens, dramatic color grade",
  "digital-art": "polished digital painting, vibrant palette",
  anime: "anime illustration, clean cel shading, expressive linework",
  "oil-painting": "oil painting on canvas, visible impasto brushstrokes",
  watercolor: "watercolor painting, soft washes bleeding into textured paper",
  "3d-render": "3D render, physically based materials, global illumination",
  "pixel-art": "detailed pixel art, limited palette, crisp pixels",
  "line-art": "fine ink line art, confident contour lines, minimal hatching",
  fantasy: "epic fantasy illustration, painterly, rich atmosphere",
};

const LIGHTING = [
  "soft golden-hour light",
  "gentle diffused morning light",
  "dramatic rim lighting",
  "moody blue-hour light",
  "warm volumetric light rays",
  "soft overcast light with subtle shadows",
];

const COMPOSITION = [
  "rule-of-thirds composition",
  "centered, symmetrical composition",
  "wide establishing shot with a clear focal point",
  "low-angle view with strong leading lines",
  "layered foreground, midground and background for depth",
];

const SUBJECT = [
  "clearly defined main subject",
  "a strong sense of place",
  "a quiet, evocative mood",
  "a coherent color story",
];

const DETAIL: Record<DetailLevel, string[]> = {
  low: ["simple shapes", "uncluttered background"],
  medium: ["balanced detail", "clean background"],
  high: ["intricate detail", "sharp focus", "high resolution", "rich textures"],
};

const ADDITIONS: Record<DetailLevel, number> = { low: 2, medium: 3, high: 4 };

function alreadySays(prompt: string, phrase: string): boolean {
  const words = phrase.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 3);
  const p = prompt.toLowerCase();
  return words.length > 0 && words.every((w) => p.includes(w));
}

export function rewritePromptOffline(input: { prompt: string; style?: Style; detailLevel: DetailLevel }): string {
  const base = input.prompt.trim().replace(/[\s,.;]+$/, "");
  const rand = seededRandom(hashString(`${base}|${input.style ?? ""}|${input.detailLevel}`));
  const parts: string[] = [base];
  const candidates = [
    pick(rand, SUBJECT),
    pick(rand, LIGHTING),
    pick(rand, COMPOSITION),
    MEDIUM[input.style ?? "digital-art"],
  ];
  for (const c of candidates.slice(0, ADDITIONS[input.detailLevel])) if (!alreadySays(base, c)) parts.push(c);
  if (!candidates.slice(0, ADDITIONS[input.detailLevel]).includes(MEDIUM[input.style ?? "digital-art"]) && input.style) {
    parts.push(MEDIUM[input.style]);
  }
  for (const d of DETAIL[input.detailLevel]) if (!alreadySays(base, d)) parts.push(d);
  return parts.join(", ");
}
