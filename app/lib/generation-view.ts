// The browser's view of a generation (the contract's GenerationView after loader JSON:
// dates arrive as strings). Components take only the fields they show. Choices, labels
// and limits come from server/contract (browser-safe), never from copies here.
import { pictureFileName, THUMBNAIL_EDGE } from "../../server/contract";

export type GenerationCardData = {
  id: string;
  /** queued / running: shown as a placeholder (only to its owner, in history). */
  status?: string;
  imageUrl: string | null;
  thumbnailUrl: string | null;
  width: number;
  height: number;
  originalPrompt: string;
  betterPrompt: string | null;
  isPublic: boolean;
  createdAt: string | Date;
  /** "local" marks the offline preview renderer's pictures (labelled on the picture). */
  provider?: string;
  author: { id: string; name: string | null; imageUrl: string | null };
};

/** What a gallery card and its ♥ show: a feed's loader sends only this (its JSON is in every page). */
export type FeedCardData = GenerationCardData & { likeCount: number; likedByMe: boolean };

/**
 * A card as plain JSON data (the date as its ISO string, as the page gets it anyway): Remix
 * hands plain loader data to the page as it is, anything else through a JSON round trip
 * (patches/@remix-run+server-runtime).
 */
export function feedCard(g: FeedCardData): FeedCardData {
  return {
    id: g.id,
    status: g.status,
    imageUrl: g.imageUrl,
    thumbnailUrl: g.thumbnailUrl,
    width: g.width,
    height: g.height,
    originalPrompt: g.originalPrompt,
    betterPrompt: g.betterPrompt,
    isPublic: g.isPublic,
    createdAt: typeof g.createdAt === "string" ? g.createdAt : g.createdAt.toISOString(),
    provider: g.provider,
    author: g.author,
    likeCount: g.likeCount,
    likedByMe: g.likedByMe,
  };
}

export function thumbnailWidth(width: number, height: number): number {
  const scale = Math.min(1, THUMBNAIL_EDGE / Math.max(width, height));
  return Math.round(width * scale);
}

/** The prompt the picture was actually rendered from. */
export function shownPrompt(g: { originalPrompt: string; betterPrompt: string | null }): string {
  return g.betterPrompt?.trim() || g.originalPrompt;
}

// One formatter for every call: toLocaleDateString with options builds a new one each
// time (~40 µs), which a page of 24 cards paid 24 times.
const DATE_FORMAT = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric" });

export function formatDate(d: string | Date): string {
  return DATE_FORMAT.format(new Date(d));
}

/** Pictures drawn by the offline preview renderer, not by an AI model. */
export function isOfflinePreview(g: { provider?: string | null }): boolean {
  return g.provider === "local";
}

/**
 * A short title from a prompt's first words (for headings and file names), cut at a
 * word boundary: "a lighthouse on a cliff at dusk, waves crashing…". Labels a gallery
 * repeats per card pass "..." instead: a page of ASCII only (user text aside) is encoded
 * to bytes about twice as fast as one with a single "…" in it.
 */
export function promptTitle(prompt: string, maxChars = 80, ellipsis = "…"): string {
  // Most prompts have no whitespace to fold (a gallery calls this for every card).
  const flat = (/\s\s|[^\S ]/.test(prompt) ? prompt.replace(/\s+/g, " ") : prompt).trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars * 0.5 ? cut.slice(0, space) : cut.slice(0, maxChars)).replace(/[\s,.;:!?-]+$/, "")}${ellipsis}`;
}

/** A download file name from the prompt's first words and the id (server/contract's pictureFileName). */
export function downloadName(g: { id: string; originalPrompt: string; imageUrl: string | null }): string {
  const ext = g.imageUrl?.match(/\.(png|jpe?g|webp)(?:[?#]|$)/i)?.[1]?.toLowerCase() ?? "png";
  return pictureFileName(g, ext);
}

/** Still queued or rendering (its owner sees a placeholder). */
export function isPending(g: { status?: string }): boolean {
  return g.status === "queued" || g.status === "running";
}
