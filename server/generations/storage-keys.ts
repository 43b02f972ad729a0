import { randomBytes } from "node:crypto";

export type ImageFormat = "png" | "jpeg" | "webp";

const EXT: Record<ImageFormat, string> = { png: "png", jpeg: "jpg", webp: "webp" };
export const CONTENT_TYPE: Record<ImageFormat, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

/** 144 random bits per picture: keys cannot be guessed or enumerated. */
export function newStorageKeys(format: ImageFormat): { original: string; thumbnail: string } {
  const shard = randomBytes(1).toString("hex");
  const name = randomBytes(18).toString("base64url");
  return { original: `${shard}/${name}.${EXT[format]}`, thumbnail: `${shard}/${name}.thumb.webp` };
}

/**
 * A fresh key for a stored file that keeps its shard, its role (original or thumbnail)
 * and its extension: what a picture's files move to when it is made private, so the old
 * URLs stop working.
 */
export function rotatedStorageKey(key: string): string {
  const slash = key.indexOf("/");
  const dot = key.indexOf(".", slash);
  if (slash < 0 || dot < 0) throw new Error("not a storage key");
  return `${key.slice(0, slash)}/${randomBytes(18).toString("base64url")}${key.slice(dot)}`;
}
