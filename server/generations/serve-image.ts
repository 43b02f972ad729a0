// Serving disk-stored pictures. Only keys of the storage-key shape resolve, and only
// inside the images directory, so paths like ../../etc/passwd cannot be read.
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable } from "node:stream";
import type { StoragePort } from "../adapters/storage/storage-port";

const TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };

export type StoredImage = { body: ReadableStream<Uint8Array>; contentType: string; size: number };

type DiskLike = StoragePort & { pathOf?: (key: string) => string | null };

export async function openStoredImage(storage: DiskLike, key: string): Promise<StoredImage | null> {
  if (storage.kind !== "disk" || !storage.pathOf) return null;
  const full = storage.pathOf(key);
  if (!full) return null;
  const stat = await fs.stat(full).catch(() => null);
  if (!stat?.isFile()) return null;
  const ext = key.slice(key.lastIndexOf(".") + 1);
  return {
    body: Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>,
    contentType: TYPES[ext] ?? "application/octet-stream",
    size: stat.size,
  };
}

export const IMAGE_HEADERS = {
  // Keys are never reused: a URL's bytes never change.
  "Cache-Control": "public, max-age=31536000, immutable",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Cross-Origin-Resource-Policy": "same-site",
} as const;
