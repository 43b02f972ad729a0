// A loopback server speaking the Supabase Storage REST contract that
// @supabase/supabase-js uses: upload, delete by prefixes, HEAD, public GET.
import type http from "node:http";
import { json, startLoopbackServer, type LoopbackServer } from "./loopback-server";

export type StorageServer = LoopbackServer & {
  objects: Map<string, { bytes: Buffer; contentType: string; cacheControl: string }>;
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
      objects.set(path, { bytes: req.body, contentType: String(req.headers["content-type"]), cacheControl: String(req.headers["cache-control"]) });
      return json(res, 200, { Key: `${opts.bucket}/${path}`, Id: `id-${objects.size}` });
    }
    json(res, 405, { statusCode: "405", error: "method", message: "method not allowed" });
  });
  return Object.assign(server, { objects, failUploads: (match: RegExp | null, status = 500) => (fail = match ? { match, status } : null) });
}
