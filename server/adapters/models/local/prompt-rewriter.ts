// The offline prompt optimizer: a deterministic enrichment of the user's prompt by
// style and detail level (subject, lighting, composition, medium). It never calls out,
// and it never contradicts the prompt: no golden-hour light on a prompt "at noon", no
// "wide establishing shot" on a close-up, no digital painting on "a photo of".
import type { DetailLevel, Style } from "../../../models/catalogue";
import { hashString, pick, seededRandom } from "./seeded-random";
import { timeOf, type TimeOfDay } from "./scene/read-prompt";

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

/** A phrase the optimizer may add, and what in a prompt rules it out. */
type Phrase = { text: string; time?: TimeOfDay; avoid?: RegExp };

// Weather and mood words that a kind of light contradicts.
const GREY = /\b(overcast|cloudy|clouds|rain|rainy|storm|stormy|fog|foggy|mist|misty|haze|hazy|snowstorm|blizzard|gloomy)\b/;
const SUNNY = /\b(sunny|sunlit|clear sky|cloudless|bright|blazing|harsh sun)\b/;
const DARK = /\b(dark|pitch black|gloomy|moody|noir|shadowy|dim)\b/;
const INDOOR = /\b(room|interior|indoors|kitchen|studio|table|desk|bedroom|cafe|café|library|office)\b/;

/** Light that fits a prompt which names no time of day (and is no time of its own). */
const NEUTRAL_LIGHT: Phrase[] = [
  { text: "dramatic rim lighting", avoid: /\b(flat light|even light|soft light)\b/ },
  { text: "soft diffused light", avoid: /\b(harsh|dramatic|high contrast|hard light|neon)\b/ },
  { text: "warm volumetric light rays", avoid: /\b(cold|icy|frosty|neon|underwater)\b/ },
  { text: "soft overcast light with subtle shadows", avoid: SUNNY },
  { text: "gentle natural light", avoid: /\b(neon|artificial light|candlelight|studio light)\b/ },
];

/** Light for each time a prompt may name, so what is added agrees with it. */
const TIMED_LIGHT: Record<TimeOfDay, Phrase[]> = {
  dawn: [
    { text: "gentle diffused morning light", time: "dawn" },
    { text: "soft pastel dawn light", time: "dawn", avoid: DARK },
  ],
  day: [
    { text: "crisp midday sunlight", time: "day", avoid: GREY },
    { text: "bright, even daylight", time: "day", avoid: DARK },
  ],
  sunset: [
    { text: "soft golden-hour light", time: "sunset", avoid: GREY },
    { text: "warm low evening sun", time: "sunset", avoid: GREY },
  ],
  dusk: [
    { text: "moody blue-hour light", time: "dusk" },
    { text: "fading twilight glow", time: "dusk" },
  ],
  night: [
    { text: "cool moonlight and deep shadows", time: "night", avoid: /\b(neon|city lights|lanterns?|candle)/ },
    { text: "soft ambient night light", time: "night" },
  ],
};

const COMPOSITION: Phrase[] = [
  { text: "rule-of-thirds composition", avoid: /\b(centered|symmetrical|symmetric)\b/ },
  { text: "centered, symmetrical composition", avoid: /\b(asymmetric(al)?|off[- ]center|rule of thirds)\b/ },
  {
    text: "wide establishing shot with a clear focal point",
    avoid: /\b(close[- ]?up|macro|portrait|headshot|detail shot|top view|top[- ]down|overhead|flat lay)\b/,
  },
  {
    text: "low-angle view with strong leading lines",
    avoid: /\b(top view|top[- ]down|overhead|from above|aerial|bird'?s[- ]eye|flat lay|high[- ]angle)\b/,
  },
  {
    text: "layered foreground, midground and background for depth",
    avoid: /\b(flat lay|top view|top[- ]down|minimal(ist)?|flat|close[- ]?up|macro)\b/,
  },
];

const SUBJECT: Phrase[] = [
  { text: "clearly defined main subject", avoid: /\b(abstract|pattern|texture|no subject|empty)\b/ },
  { text: "a strong sense of place", avoid: /\b(abstract|pattern|isolated|white background|plain background|studio backdrop)\b/ },
  {
    text: "a quiet, evocative mood",
    avoid: /\b(busy|crowded|chaotic|action|explosive|explosion|party|festival|battle|loud|energetic|dynamic|storm|stormy)\b/,
  },
  { text: "a coherent color story", avoid: /\b(black and white|monochrome|greyscale|grayscale)\b/ },
];

const DETAIL: Record<DetailLevel, Phrase[]> = {
  low: [
    { text: "simple shapes", avoid: /\b(intricate|detailed|ornate|complex|busy|chaotic|crowded|cluttered)\b/ },
    { text: "uncluttered background", avoid: /\b(busy|cluttered|crowded|detailed background)\b/ },
  ],
  medium: [{ text: "balanced detail" }, { text: "clean background", avoid: /\b(busy|cluttered|crowded|messy|detailed background)\b/ }],
  high: [
    { text: "intricate detail", avoid: /\b(minimal(ist)?|simple)\b/ },
    { text: "sharp focus", avoid: /\b(soft focus|blurry|blurred|dreamy|hazy|out of focus|motion blur)\b/ },
    { text: "high resolution" },
    { text: "rich textures", avoid: /\b(flat|smooth|minimal(ist)?)\b/ },
  ],
};

/** Any medium the prompt already names: then no other medium is added to it. */
const NAMED_MEDIUM =
  /\b(photo|photograph|photography|snapshot|painting|painted|watercolou?r|oil|acrylic|gouache|sketch|drawing|drawn|pencil|charcoal|ink|illustration|render|rendered|3d|cgi|pixel art|anime|manga|cartoon|vector|lineart|line art|engraving|woodcut|collage|digital art)\b/;

const ADDITIONS: Record<DetailLevel, number> = { low: 2, medium: 3, high: 4 };

function alreadySays(prompt: string, phrase: string): boolean {
  const words = phrase
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 3);
  const p = prompt.toLowerCase();
  return words.length > 0 && words.every((w) => p.includes(w));
}

/** The lighting that agrees with the prompt: its own time of day, or no time at all. */
function lightingFor(text: string, rand: () => number): string | null {
  const time = timeOf(text);
  const indoorsWithoutTime = !time && INDOOR.test(text);
  const pool = (time ? TIMED_LIGHT[time] : NEUTRAL_LIGHT).filter((p) => !p.avoid?.test(text));
  // Indoors, "light rays" and "overcast" read oddly; keep to plain, soft light.
  const usable = indoorsWithoutTime ? pool.filter((p) => /diffused|natural|rim/.test(p.text)) : pool;
  return usable.length ? pick(rand, usable).text : null;
}

const allowed = (text: string) => (p: Phrase) => !p.avoid?.test(text);

export function rewritePromptOffline(input: { prompt: string; style?: Style; detailLevel: DetailLevel }): string {
  const base = input.prompt.trim().replace(/[\s,.;]+$/, "");
  const text = ` ${base.toLowerCase().replace(/[_]/g, " ")} `;
  const rand = seededRandom(hashString(`${base}|${input.style ?? ""}|${input.detailLevel}`));
  const parts: string[] = [base];
  const subjects = SUBJECT.filter(allowed(text));
  const compositions = COMPOSITION.filter(allowed(text));
  // A chosen style brings its medium; with none, the default medium only if the prompt names none.
  const medium = input.style ? MEDIUM[input.style] : NAMED_MEDIUM.test(text) ? null : MEDIUM["digital-art"];
  const candidates = [
    subjects.length ? pick(rand, subjects).text : null,
    lightingFor(text, rand),
    compositions.length ? pick(rand, compositions).text : null,
    medium,
  ];
  const taken = candidates.slice(0, ADDITIONS[input.detailLevel]);
  for (const c of taken) if (c && !alreadySays(base, c)) parts.push(c);
  if (input.style && !taken.includes(MEDIUM[input.style]) && !alreadySays(base, MEDIUM[input.style])) parts.push(MEDIUM[input.style]);
  for (const d of DETAIL[input.detailLevel].filter(allowed(text))) if (!alreadySays(base, d.text)) parts.push(d.text);
  return parts.join(", ");
}
