// A loopback server speaking the Supabase Storage REST contract that
// @supabase/supabase-js uses: upload, delete by prefixes, move, list, HEAD, signed URLs
// (sign one or many, then GET with ?token=), authenticated GET (a download with the service
// key), and public GET — which a private bucket (the default here, as the app expects) refuses.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { json, startLoopbackServer, type LoopbackServer } from "./loopback-server";

export type StorageServer = LoopbackServer & {
  objects: Map<string, { bytes: Buffer; contentType: string; cacheControl: string; updatedAt: Date }>;
  /** Make the next uploads whose path matches fail with this status. */
  failUploads: (match: RegExp | null, status?: number) => void;
  /** Moves the server's clock (signed URLs expire by it). */
  advanceClock: (ms: number) => void;
  /** How many sign requests (single or batch) the server has answered. */
  signRequests: () => number;
};

export async function startSupabaseStorageServer(opts: { key: string; bucket: string; publicBucket?: boolean }): Promise<StorageServer> {
  const objects: StorageServer["objects"] = new Map();
  let fail: { match: RegExp; status: number } | null = null;
  let clockOffset = 0;
  let signs = 0;
  const now = () => Date.now() + clockOffset;
  const secret = randomBytes(32);
  const server = await startLoopbackServer();
  const prefix = `/storage/v1/object/`;
  const notFound = (res: http.ServerResponse) => json(res, 400, { statusCode: "404", error: "not_found", message: "Object not found" });

  // Supabase signs a JWT { url: "<bucket>/<path>", exp }; an HMAC over the same claims behaves alike.
  const mac = (claims: string) => createHmac("sha256", secret).update(claims).digest("base64url");
  const tokenFor = (objectPath: string, expiresIn: number) => {
    const claims = Buffer.from(JSON.stringify({ url: `${opts.bucket}/${objectPath}`, exp: Math.floor(now() / 1000) + expiresIn })).toString(
      "base64url",
    );
    return `${claims}.${mac(claims)}`;
  };
  const verify = (token: string, objectPath: string): string | null => {
    const [claims, sig] = token.split(".");
    if (!claims || !sig) return "invalid token";
    const expected = Buffer.from(mac(claims));
    if (expected.length !== Buffer.byteLength(sig) || !timingSafeEqual(expected, Buffer.from(sig))) return "invalid signature";
    const { url, exp } = JSON.parse(Buffer.from(claims, "base64url").toString()) as { url: string; exp: number };
    if (url !== `${opts.bucket}/${objectPath}`) return "invalid signature";
    if (exp * 1000 <= now()) return "jwt expired";
    return null;
  };
  const signedURL = (objectPath: string, expiresIn: number) =>
    `/object/sign/${opts.bucket}/${objectPath}?token=${tokenFor(objectPath, expiresIn)}`;

  server.handle((req, res: http.ServerResponse) => {
    const url = new URL(req.url, "http://x");
    const publicPrefix = `${prefix}public/${opts.bucket}/`;
    const signPrefix = `${prefix}sign/${opts.bucket}`;
    if (req.method === "GET" && url.pathname.startsWith(publicPrefix)) {
      if (!opts.publicBucket) return json(res, 400, { statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
      const obj = objects.get(decodeURIComponent(url.pathname.slice(publicPrefix.length)));
      if (!obj) return notFound(res);
      return res.writeHead(200, { "content-type": obj.contentType }).end(obj.bytes);
    }
    if (req.method === "GET" && url.pathname.startsWith(`${signPrefix}/`)) {
      const objectPath = decodeURIComponent(url.pathname.slice(signPrefix.length + 1));
      const problem = verify(url.searchParams.get("token") ?? "", objectPath);
      if (problem) return json(res, 400, { statusCode: "400", error: "InvalidJWT", message: problem });
      const obj = objects.get(objectPath);
      if (!obj) return notFound(res);
      return res.writeHead(200, { "content-type": obj.contentType, "cache-control": obj.cacheControl }).end(obj.bytes);
    }
    if (req.headers.authorization !== `Bearer ${opts.key}` || req.headers.apikey !== opts.key) {
      return json(res, 400, { statusCode: "403", error: "Unauthorized", message: "Invalid JWT" });
    }
    if (req.method === "POST" && url.pathname === signPrefix) {
      signs++;
      const { expiresIn, paths } = JSON.parse(req.body.toString()) as { expiresIn: number; paths: string[] };
      return json(
        res,
        200,
        paths.map((p) =>
          objects.has(p)
            ? { error: null, path: p, signedURL: signedURL(p, expiresIn) }
            : { error: "Either the object does not exist or you do not have access to it", path: p, signedURL: null },
        ),
      );
    }
    if (req.method === "POST" && url.pathname.startsWith(`${signPrefix}/`)) {
      signs++;
      const objectPath = decodeURIComponent(url.pathname.slice(signPrefix.length + 1));
      if (!objects.has(objectPath)) return notFound(res);
      const { expiresIn } = JSON.parse(req.body.toString()) as { expiresIn: number };
      return json(res, 200, { signedURL: signedURL(objectPath, expiresIn) });
    }
    if (req.method === "POST" && url.pathname === `${prefix}move`) {
      const { bucketId, sourceKey, destinationKey, destinationBucket } = JSON.parse(req.body.toString()) as Record<
        string,
        string | undefined
      >;
      if (bucketId !== opts.bucket || (destinationBucket && destinationBucket !== opts.bucket))
        return json(res, 400, { statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
      const obj = objects.get(sourceKey ?? "");
      if (!obj) return notFound(res);
      if (objects.has(destinationKey ?? ""))
        return json(res, 400, { statusCode: "409", error: "Duplicate", message: "The resource already exists" });
      objects.delete(sourceKey!);
      objects.set(destinationKey!, { ...obj, updatedAt: new Date() });
      return json(res, 200, { message: "Successfully moved" });
    }
    const bucketPrefix = `${prefix}${opts.bucket}`;
    if (req.method === "POST" && url.pathname === `${prefix}list/${opts.bucket}`) {
      // One folder level, as Storage answers: sub-folders (id null) and the files in it.
      const {
        prefix: folder = "",
        limit = 100,
        offset = 0,
      } = JSON.parse(req.body.toString()) as { prefix?: string; limit?: number; offset?: number };
      const base = folder ? `${folder.replace(/\/$/, "")}/` : "";
      const entries = new Map<string, { name: string; id: string | null; updated_at: string | null; created_at: string | null }>();
      for (const [key, obj] of [...objects].sort(([a], [b]) => a.localeCompare(b))) {
        if (!key.startsWith(base)) continue;
        const rest = key.slice(base.length);
        const slash = rest.indexOf("/");
        if (slash >= 0) entries.set(rest.slice(0, slash), { name: rest.slice(0, slash), id: null, updated_at: null, created_at: null });
        else
          entries.set(rest, {
            name: rest,
            id: `id-${key}`,
            updated_at: obj.updatedAt.toISOString(),
            created_at: obj.updatedAt.toISOString(),
          });
      }
      return json(res, 200, [...entries.values()].slice(offset, offset + limit));
    }
    if (req.method === "DELETE" && url.pathname === bucketPrefix) {
      const { prefixes } = JSON.parse(req.body.toString()) as { prefixes: string[] };
      const removed = prefixes.filter((p) => objects.delete(p)).map((name) => ({ name, bucket_id: opts.bucket }));
      return json(res, 200, removed);
    }
    if (!url.pathname.startsWith(`${bucketPrefix}/`))
      return json(res, 400, { statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
    const path = decodeURIComponent(url.pathname.slice(bucketPrefix.length + 1));
    if (req.method === "HEAD") return res.writeHead(objects.has(path) ? 200 : 400).end();
    if (req.method === "GET") {
      const obj = objects.get(path);
      if (!obj) return notFound(res);
      return res.writeHead(200, { "content-type": obj.contentType, "content-length": obj.bytes.length }).end(obj.bytes);
    }
    if (req.method === "POST") {
      if (fail && fail.match.test(path))
        return json(res, fail.status, { statusCode: String(fail.status), error: "internal", message: "upload failed" });
      if (objects.has(path) && req.headers["x-upsert"] !== "true")
        return json(res, 400, { statusCode: "409", error: "Duplicate", message: "The resource already exists" });
      objects.set(path, {
        bytes: req.body,
        contentType: String(req.headers["content-type"]),
        cacheControl: String(req.headers["cache-control"]),
        updatedAt: new Date(),
      });
      return json(res, 200, { Key: `${opts.bucket}/${path}`, Id: `id-${objects.size}` });
    }
    json(res, 405, { statusCode: "405", error: "method", message: "method not allowed" });
  });
  return Object.assign(server, {
    objects,
    failUploads: (match: RegExp | null, status = 500) => (fail = match ? { match, status } : null),
    advanceClock: (ms: number) => (clockOffset += ms),
    signRequests: () => signs,
  });
}
