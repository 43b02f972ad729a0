// The storage port: put bytes under a key, get a URL the browser can load, delete.
// Keys are made by the pipeline (server/generations/storage-keys.ts) and are unguessable.
export type StoragePort = {
  kind: "disk" | "supabase";
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Deletes every key; keys that do not exist are not an error. */
  remove(keys: string[]): Promise<void>;
  /** A URL the browser can load directly. */
  publicUrl(key: string): string;
  /** Whether a key exists (tests, diagnostics). */
  exists(key: string): Promise<boolean>;
  /** Every stored object with when it was last written (the reconciler's orphan sweep). */
  list(): AsyncIterable<StoredObject>;
};

export type StoredObject = { key: string; modifiedAt: Date };

/** Only keys of this shape are ever written or served: no dots-only segments, no slashes beyond one level. */
export const STORAGE_KEY_PATTERN = /^[a-z0-9]{2}\/[A-Za-z0-9_-]{22,64}(\.thumb)?\.(png|jpg|webp)$/;

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY_PATTERN.test(key)) throw new Error("invalid storage key");
}
