// What the browser, the typed client (client/) and the server share: the tRPC path, the
// choices a generation takes and their labels, and the length limits. It imports
// nothing, so the browser bundle can use it and app/ keeps no copies of server values.

/** Where the procedures are served (the Remix resource route app/routes/api.trpc.$.ts). */
export const TRPC_PATH = "/api/trpc";

export const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const DETAIL_LEVELS = ["low", "medium", "high"] as const;
export type DetailLevel = (typeof DETAIL_LEVELS)[number];

export const STYLES = [
  "photographic",
  "cinematic",
  "digital-art",
  "anime",
  "oil-painting",
  "watercolor",
  "3d-render",
  "pixel-art",
  "line-art",
  "fantasy",
] as const;
export type Style = (typeof STYLES)[number];

export const STYLE_LABELS: Record<Style, string> = {
  photographic: "Photographic",
  cinematic: "Cinematic",
  "digital-art": "Digital art",
  anime: "Anime",
  "oil-painting": "Oil painting",
  watercolor: "Watercolor",
  "3d-render": "3D render",
  "pixel-art": "Pixel art",
  "line-art": "Line art",
  fantasy: "Fantasy",
};

export const DETAIL_LABELS: Record<DetailLevel, string> = { low: "Low", medium: "Medium", high: "High" };

export function isStyle(value: unknown): value is Style {
  return typeof value === "string" && (STYLES as readonly string[]).includes(value);
}

/** Longest prompt a person may write; longer pasted text is cut (and the studio says so). */
export const PROMPT_MAX_CHARS = 2000;
export const NEGATIVE_PROMPT_MAX_CHARS = 1000;
/** The optimized prompt may be longer than the one it improves. */
export const BETTER_PROMPT_MAX_CHARS = 4000;
/** Local accounts' display names (also the cap the sign-in form shows). */
export const DISPLAY_NAME_MAX_CHARS = 60;
/** Longest edge of a stored gallery thumbnail. */
export const THUMBNAIL_EDGE = 512;

/** Pictures one bulk action (public / private, add to a collection, delete, ZIP download) takes at most. */
export const MAX_BULK_PICTURES = 100;

/**
 * A picture's download file name, from the prompt's first words and the id:
 * "a-red-fox-in-the-snow-cm3x9….png". ASCII only, so every system can store it (single
 * downloads and the entries of a history ZIP name files the same way).
 */
export function pictureFileName(g: { id: string; originalPrompt: string }, ext: string): string {
  const words = g.originalPrompt
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let stem = "";
  for (const w of words) {
    const next = stem ? `${stem}-${w}` : w.slice(0, 48);
    if (next.length > 48) break;
    stem = next;
  }
  return `${stem || "picture"}-${g.id}.${ext}`;
}
