// Supabase Storage through @supabase/supabase-js (service role key). The bucket is
// private: browsers load pictures through signed URLs that expire (docs/decisions/0012),
// an hour for private pictures and a day for public ones. A signed URL is reused until
// half its life has passed, so a picture keeps one URL (and stays in browser caches)
// between page views instead of getting a new one each time.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createClient } from "@supabase/supabase-js";
import { assertStorageKey, type StoragePort, type StoredObject } from "./storage-port";
import { AppError } from "../../errors";

export const STORAGE_UNAVAILABLE_MESSAGE = "Picture storage cannot be reached right now; try again in a moment.";

export type SupabaseStorageOptions = { url: string; serviceRoleKey: string; bucket: string; fetch?: typeof globalThis.fetch };

export const SIGNED_URL_SECONDS = { private: 60 * 60, public: 24 * 60 * 60 } as const;
const MAX_CACHED_URLS = 10_000;

export function createSupabaseStorage(opts: SupabaseStorageOptions): StoragePort {
  const client = createClient(opts.url, opts.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: opts.fetch ? { fetch: opts.fetch } : undefined,
  });
  const bucket = () => client.storage.from(opts.bucket);
  // key → signed URL, its visibility, and when to sign it again.
  const signed = new Map<string, { url: string; isPublic: boolean; renewAt: number }>();
  const forget = (keys: string[]) => keys.forEach((k) => signed.delete(k));

  async function sign(keys: string[], seconds: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!keys.length) return out;
    const { data, error } = await bucket().createSignedUrls(keys, seconds);
    // Every page with a picture signs its URLs: storage being down (or refusing the key) is
    // a 503 that says so, not a 500 (the tRPC middleware logs it with Supabase's words).
    if (error) throw new AppError("SERVICE_UNAVAILABLE", STORAGE_UNAVAILABLE_MESSAGE, { reason: "storage" }, { cause: error });
    for (const item of data ?? []) if (item.path && item.signedUrl) out.set(item.path, item.signedUrl);
    return out;
  }

  return {
    kind: "supabase",
    async put(key, bytes, contentType) {
      assertStorageKey(key);
      const { error } = await bucket().upload(key, bytes, { contentType, cacheControl: "31536000", upsert: false });
      if (error) throw new Error(`supabase upload failed: ${error.message}`, { cause: error });
    },
    async remove(keys) {
      if (!keys.length) return;
      forget(keys);
      const { error } = await bucket().remove(keys);
      if (error) throw new Error(`supabase delete failed: ${error.message}`, { cause: error });
    },
    async move(from, to) {
      assertStorageKey(from);
      assertStorageKey(to);
      forget([from]);
      const { error } = await bucket().move(from, to);
      if (error) throw new Error(`supabase move failed: ${error.message}`, { cause: error });
    },
    async viewUrls(objects) {
      const now = Date.now();
      const fresh = (o: { key: string; isPublic: boolean }) => {
        const hit = signed.get(o.key);
        return hit && hit.isPublic === o.isPublic && hit.renewAt > now ? hit.url : null;
      };
      const missing = { public: new Set<string>(), private: new Set<string>() };
      for (const o of objects) if (!fresh(o)) missing[o.isPublic ? "public" : "private"].add(o.key);
      for (const kind of ["public", "private"] as const) {
        const seconds = SIGNED_URL_SECONDS[kind];
        const urls = await sign([...missing[kind]], seconds);
        for (const [key, url] of urls) {
          if (signed.size >= MAX_CACHED_URLS) signed.delete(signed.keys().next().value!);
          signed.set(key, { url, isPublic: kind === "public", renewAt: now + (seconds * 1000) / 2 });
        }
      }
      // No URL: Supabase says the object is not there (deleted outside the app). One such
      // picture must not fail the whole gallery page: it shows without its image.
      return objects.map((o) => signed.get(o.key)?.url ?? null);
    },
    publicUrl: (key) => bucket().getPublicUrl(key).data.publicUrl,
    async *list(): AsyncIterable<StoredObject> {
      // Keys are <2-char shard>/<name>: list the shard folders, then each one, a page at a time.
      const page = 1000;
      const listAll = async function* (prefix: string) {
        for (let offset = 0; ; offset += page) {
          const { data, error } = await bucket().list(prefix, { limit: page, offset, sortBy: { column: "name", order: "asc" } });
          if (error) throw new Error(`supabase list failed: ${error.message}`, { cause: error });
          yield* data;
          if (data.length < page) return;
        }
      };
      for await (const folder of listAll("")) {
        if (folder.id !== null || !/^[a-z0-9]{2}$/.test(folder.name)) continue; // folders have no id
        for await (const obj of listAll(folder.name)) {
          if (obj.id === null) continue;
          yield { key: `${folder.name}/${obj.name}`, modifiedAt: new Date(obj.updated_at ?? obj.created_at) };
        }
      }
    },
    async read(key) {
      assertStorageKey(key);
      // An authenticated GET whose body is handed on as it arrives (not a Blob).
      const { data, error } = await bucket().download(key).asStream();
      if (error) {
        if (await isNotFound(error)) return null;
        throw new Error(`supabase download failed: ${error.message}`, { cause: error });
      }
      return { body: Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>), size: null };
    },
    async exists(key) {
      const { data } = await bucket()
        .exists(key)
        .catch(() => ({ data: false }));
      return data;
    },
  };
}

/**
 * Storage answers a missing object with 404, or with 400 and `statusCode: "404"` in the
 * body (older servers); the download call hands back the raw response as the error's cause.
 */
async function isNotFound(error: unknown): Promise<boolean> {
  const res = (error as { originalError?: { status?: unknown; json?: unknown } }).originalError;
  if (typeof res?.status !== "number" || typeof res.json !== "function") return (error as { statusCode?: string }).statusCode === "404";
  if (res.status === 404) return true;
  if (res.status !== 400) return false;
  const body = (await (res as Response).json().catch(() => null)) as { statusCode?: string } | null;
  return body?.statusCode === "404";
}
