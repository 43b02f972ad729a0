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
