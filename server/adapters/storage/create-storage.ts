import path from "node:path";
import type { Env } from "../../env";
import { createDiskStorage } from "./disk-storage";
import type { StoragePort } from "./storage-port";
import { createSupabaseStorage } from "./supabase-storage";

export function createStorage(env: Env, kind: "disk" | "supabase", fetchImpl?: typeof globalThis.fetch): StoragePort {
  if (kind === "supabase") {
    return createSupabaseStorage({
      url: env.SUPABASE_URL!,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY!,
      bucket: env.SUPABASE_BUCKET,
      fetch: fetchImpl,
    });
  }
  return createDiskStorage(path.join(env.DATA_DIR, "images"));
}
