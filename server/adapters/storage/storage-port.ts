// The storage port: put bytes under a key, get URLs the browser can load, move, delete.
// Reads stream (a ZIP of many pictures never holds them in memory).
// Keys are made by the pipeline (server/generations/storage-keys.ts) and are unguessable.
// Who may load a picture is decided per picture (docs/decisions/0012): disk files are
// served by a route that checks the picture's row; Supabase keeps them in a private
// bucket and hands out signed URLs.
import type { Readable } from "node:stream";

export type StoragePort = {
  kind: "disk" | "supabase";
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Deletes every key; keys that do not exist are not an error. */
  remove(keys: string[]): Promise<void>;
  /** Moves an object to a new key (never overwriting one); the old key is gone afterwards. */
  move(from: string, to: string): Promise<void>;
  /**
   * URLs a browser can load for these objects, in order: the app's own image route (disk),
   * or signed URLs that expire — sooner for private pictures (Supabase). Null for an object
   * the store says is not there (the picture shows without its image; the page still works).
   */
  viewUrls(objects: { key: string; isPublic: boolean }[]): Promise<(string | null)[]>;
  /** The object's address without any authorisation (a public-bucket or route URL). */
  publicUrl(key: string): string;
  /**
   * The object's bytes as a stream (and its size when the store says it up front), or null
   * if there is no such object. Nothing is read until the stream is consumed.
   */
  read(key: string): Promise<StoredRead | null>;
  /** Whether a key exists (tests, diagnostics). */
  exists(key: string): Promise<boolean>;
  /** Every stored object with when it was last written (the reconciler's orphan sweep). */
  list(): AsyncIterable<StoredObject>;
};

export type StoredObject = { key: string; modifiedAt: Date };

export type StoredRead = { body: Readable; size: number | null };

/** Only keys of this shape are ever written or served: no dots-only segments, no slashes beyond one level. */
export const STORAGE_KEY_PATTERN = /^[a-z0-9]{2}\/[A-Za-z0-9_-]{22,64}(\.thumb)?\.(png|jpg|webp)$/;

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY_PATTERN.test(key)) throw new Error("invalid storage key");
}
