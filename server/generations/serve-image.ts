// GET /images/<key>: disk-stored pictures (the embedded default). A file is served only
// as its picture allows (docs/decisions/0012): the row that owns the key is looked up
// (indexed by storageKey and thumbnailKey) — a public picture to anyone, cacheable; a
// private one to its owner only, never stored by a shared cache; a key no succeeded row
// holds (deleted, failed, or moved away when the picture was made private) to no one.
// Only keys of the storage-key shape resolve, and only inside the images directory, so
// paths like ../../etc/passwd cannot be read.
import type pg from "pg";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable } from "node:stream";
import type { Db } from "../adapters/db/client";
import type { AuthPort } from "../adapters/auth";
import type { StoragePort } from "../adapters/storage/storage-port";
import { identifyCaller } from "../users/authenticate-request";

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

const COMMON_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Cross-Origin-Resource-Policy": "same-site",
} as const;

export const IMAGE_HEADERS = {
  public: {
    // Keys are never reused, so browsers may keep a public file for good; shared caches
    // only briefly, because making the picture private must take it off the web soon.
    "Cache-Control": "public, max-age=31536000, s-maxage=300, immutable",
    ...COMMON_HEADERS,
  },
  private: {
    "Cache-Control": "private, no-store",
    Vary: "Cookie, Authorization",
    ...COMMON_HEADERS,
  },
} as const;

const NOT_FOUND_HEADERS = { "Content-Type": "text/plain", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" } as const;

export type ImageDeps = { db: Db; pool: pg.Pool; auth: AuthPort; storage: DiskLike };

/** Who may see the file under `key`: its picture's owner and visibility, or null if no succeeded picture holds it. */
async function pictureOf(db: Db, key: string): Promise<{ userId: string; isPublic: boolean } | null> {
  const rows = await db.$queryRaw<{ userId: string; isPublic: boolean }[]>`
    SELECT "userId", "isPublic" FROM "Generation"
    WHERE status = 'succeeded' AND ("storageKey" = ${key} OR "thumbnailKey" = ${key})
    LIMIT 1`;
  return rows[0] ?? null;
}

export async function imageResponse(deps: ImageDeps, key: string, request: Request): Promise<Response> {
  const notFound = () => new Response("Not found", { status: 404, headers: NOT_FOUND_HEADERS });
  if (deps.storage.kind !== "disk" || !deps.storage.pathOf?.(key)) return notFound();
  const picture = await pictureOf(deps.db, key);
  if (!picture) return notFound();
  if (!picture.isPublic) {
    // Someone else's private picture is a 404, as everywhere: its existence is not revealed.
    const caller = await identifyCaller(deps, request);
    if (caller.user?.id !== picture.userId) return notFound();
  }
  const image = await openStoredImage(deps.storage, key);
  if (!image) return notFound();
  return new Response(image.body, {
    status: 200,
    headers: {
      ...IMAGE_HEADERS[picture.isPublic ? "public" : "private"],
      "Content-Type": image.contentType,
      "Content-Length": String(image.size),
    },
  });
}
