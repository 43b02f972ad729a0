// The browser's view of a generation (the contract's GenerationView after loader JSON:
// dates arrive as strings). Components take only the fields they show.
export type GenerationCardData = {
  id: string;
  imageUrl: string | null;
  thumbnailUrl: string | null;
  width: number;
  height: number;
  originalPrompt: string;
  betterPrompt: string | null;
  isPublic: boolean;
  createdAt: string | Date;
  author: { id: string; name: string | null; imageUrl: string | null };
};

/** Longest edge of the stored thumbnail (server/generations: thumbnails are made at this size). */
export const THUMBNAIL_EDGE = 512;

export function thumbnailWidth(width: number, height: number): number {
  const scale = Math.min(1, THUMBNAIL_EDGE / Math.max(width, height));
  return Math.round(width * scale);
}

/** The prompt the picture was actually rendered from. */
export function shownPrompt(g: { originalPrompt: string; betterPrompt: string | null }): string {
  return g.betterPrompt?.trim() || g.originalPrompt;
}

export function formatDate(d: string | Date): string {
  return new Date(d).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

export const STYLE_LABELS: Record<string, string> = {
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

export const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"] as const;
export const DETAIL_LEVELS = ["low", "medium", "high"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export type DetailLevel = (typeof DETAIL_LEVELS)[number];
