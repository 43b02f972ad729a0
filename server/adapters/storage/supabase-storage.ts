// Supabase Storage through @supabase/supabase-js (service role key, public bucket).
import { createClient } from "@supabase/supabase-js";
import { assertStorageKey, type StoragePort, type StoredObject } from "./storage-port";

export type SupabaseStorageOptions = { url: string; serviceRoleKey: string; bucket: string; fetch?: typeof globalThis.fetch };

export function createSupabaseStorage(opts: SupabaseStorageOptions): StoragePort {
  const client = createClient(opts.url, opts.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: opts.fetch ? { fetch: opts.fetch } : undefined,
  });
  const bucket = () => client.storage.from(opts.bucket);
  return {
    kind: "supabase",
    async put(key, bytes, contentType) {
      assertStorageKey(key);
      const { error } = await bucket().upload(key, bytes, { contentType, cacheControl: "31536000", upsert: false });
      if (error) throw new Error(`supabase upload failed: ${error.message}`, { cause: error });
    },
    async remove(keys) {
      if (!keys.length) return;
      const { error } = await bucket().remove(keys);
      if (error) throw new Error(`supabase delete failed: ${error.message}`, { cause: error });
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
    async exists(key) {
      const { data } = await bucket()
        .exists(key)
        .catch(() => ({ data: false }));
      return data;
    },
  };
}
