// Supabase Storage through @supabase/supabase-js (service role key, public bucket).
import { createClient } from "@supabase/supabase-js";
import { assertStorageKey, type StoragePort } from "./storage-port";

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
    async exists(key) {
      const { data } = await bucket()
        .exists(key)
        .catch(() => ({ data: false }));
      return data;
    },
  };
}
