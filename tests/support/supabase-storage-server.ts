// A loopback server speaking the Supabase Storage REST contract that
// @supabase/supabase-js uses: upload, delete by prefixes, HEAD, public GET, list.
import type http from "node:http";
import { json, startLoopbackServer, type LoopbackServer } from "./loopback-server";

export type StorageServer = LoopbackServer & {
  objects: Map<string, { bytes: Buffer; contentType: string; cacheControl: string; updatedAt: Date }>;
  /** Make the next uploads whose path matches fail with this status. */
  failUploads: (match: RegExp | null, status?: number) => void;
};

export async function startSupabaseStorageServer(opts: { key: string; bucket: string }): Promise<StorageServer> {
  const objects: StorageServer["objects"] = new Map();
  let fail: { match: RegExp; status: number } | null = null;
  const server = await startLoopbackServer();
  const prefix = `/storage/v1/object/`;
  server.handle((req, res: http.ServerResponse) => {
    const url = new URL(req.url, "http://x");
    const publicPrefix = `${prefix}public/${opts.bucket}/`;
    if (req.method === "GET" && url.pathname.startsWith(publicPrefix)) {
      const obj = objects.get(decodeURIComponent(url.pathname.slice(publicPrefix.length)));
      if (!obj) return json(res, 400, { statusCode: "404", error: "not_found", message: "Object not found" });
      return res.writeHead(200, { "content-type": obj.contentType }).end(obj.bytes);
    }
    if (req.headers.authorization !== `Bearer ${opts.key}` || req.headers.apikey !== opts.key) {
      return json(res, 400, { statusCode: "403", error: "Unauthorized", message: "Invalid JWT" });
    }
    const bucketPrefix = `${prefix}${opts.bucket}`;
    if (req.method === "POST" && url.pathname === `${prefix}list/${opts.bucket}`) {
      // One folder level, as Storage answers: sub-folders (id null) and the files in it.
      const { prefix: folder = "", limit = 100, offset = 0 } = JSON.parse(req.body.toString()) as { prefix?: string; limit?: number; offset?: number };
      const base = folder ? `${folder.replace(/\/$/, "")}/` : "";
      const entries = new Map<string, { name: string; id: string | null; updated_at: string | null; created_at: string | null }>();
      for (const [key, obj] of [...objects].sort(([a], [b]) => a.localeCompare(b))) {
        if (!key.startsWith(base)) continue;
        const rest = key.slice(base.length);
        const slash = rest.indexOf("/");
        if (slash >= 0) entries.set(rest.slice(0, slash), { name: rest.slice(0, slash), id: null, updated_at: null, created_at: null });
        else entries.set(rest, { name: rest, id: `id-${key}`, updated_at: obj.updatedAt.toISOString(), created_at: obj.updatedAt.toISOString() });
      }
      return json(res, 200, [...entries.values()].slice(offset, offset + limit));
    }
    if (req.method === "DELETE" && url.pathname === bucketPrefix) {
      const { prefixes } = JSON.parse(req.body.toString()) as { prefixes: string[] };
      const removed = prefixes.filter((p) => objects.delete(p)).map((name) => ({ name, bucket_id: opts.bucket }));
      return json(res, 200, removed);
    }
    if (!url.pathname.startsWith(`${bucketPrefix}/`)) return json(res, 400, { statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
    const path = decodeURIComponent(url.pathname.slice(bucketPrefix.length + 1));
    if (req.method === "HEAD") return res.writeHead(objects.has(path) ? 200 : 400).end();
    if (req.method === "POST") {
      if (fail && fail.match.test(path)) return json(res, fail.status, { statusCode: String(fail.status), error: "internal", message: "upload failed" });
      if (objects.has(path) && req.headers["x-upsert"] !== "true") return json(res, 400, { statusCode: "409", error: "Duplicate", message: "The resource already exists" });
      objects.set(path, { bytes: req.body, contentType: String(req.headers["content-type"]), cacheControl: String(req.headers["cache-control"]), updatedAt: new Date() });
      return json(res, 200, { Key: `${opts.bucket}/${path}`, Id: `id-${objects.size}` });
    }
    json(res, 405, { statusCode: "405", error: "method", message: "method not allowed" });
  });
  return Object.assign(server, { objects, failUploads: (match: RegExp | null, status = 500) => (fail = match ? { match, status } : null) });
}
