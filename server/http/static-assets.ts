// The built client assets (public/build, served under /build/): read into memory once at
// start, each with its brotli and gzip forms made at build time (`npm run build` runs
// precompressAssets: brotli quality 11, gzip level 9). A request gets the smallest form
// its Accept-Encoding allows, with immutable caching; nothing is compressed per request.
// A build made without the precompress step still works: a file's compressed forms are
// then made on its first request, once, and kept.
import { createHash } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Files smaller than this go out as they are: compressing them saves nothing worth a header. */
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /\.(js|mjs|css|map|json|svg|txt|html|xml|wasm)$/i;

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".mjs": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

type Asset = { type: string; etag: string; identity: Buffer; br?: Buffer; gzip?: Buffer; compressing?: Promise<void> };

export async function compressAsset(body: Buffer): Promise<{ br: Buffer; gzip: Buffer }> {
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzip(body, { level: 9 }),
  ]);
  return { br, gzip: gz };
}

function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full, base);
    return e.isFile() ? [path.relative(base, full)] : [];
  });
}

/** The build step: writes `<file>.br` and `<file>.gz` beside every compressible asset. */
export async function precompressAssets(dir: string): Promise<{ files: number; bytes: number; brBytes: number; gzipBytes: number }> {
  const totals = { files: 0, bytes: 0, brBytes: 0, gzipBytes: 0 };
  for (const rel of walk(dir)) {
    if (!COMPRESSIBLE.test(rel)) continue;
    const file = path.join(dir, rel);
    const body = fs.readFileSync(file);
    if (body.length < MIN_COMPRESS_BYTES) continue;
    const { br, gzip: gz } = await compressAsset(body);
    fs.writeFileSync(`${file}.br`, br);
    fs.writeFileSync(`${file}.gz`, gz);
    totals.files += 1;
    totals.bytes += body.length;
    totals.brBytes += br.length;
    totals.gzipBytes += gz.length;
  }
  return totals;
}

/** Which encoding to send: brotli if accepted, else gzip, else none (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name!.trim());
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return null;
}

export type StaticAssets = {
  /** Answers the request if it names an asset under the prefix; false to pass it on. */
  serve: (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => boolean;
  size: number;
};

/**
 * The files under `dir`, served at `prefix` (e.g. "/build/"), from memory (no file-system
 * lookups per request). `exclusive`: the prefix is the assets' alone, so an unknown path
 * under it is a 404 here; otherwise it is passed on. `skip`: a folder under `dir` left out.
 */
export function loadStaticAssets(
  dir: string,
  prefix: string,
  opts: { exclusive: boolean; skip?: string } = { exclusive: true },
): StaticAssets {
  const assets = new Map<string, Asset>();
  const skipped = opts.skip ? path.relative(dir, opts.skip) + path.sep : null;
  for (const rel of walk(dir)) {
    if (rel.endsWith(".br") || rel.endsWith(".gz")) continue;
    if (skipped && rel.startsWith(skipped)) continue;
    const file = path.join(dir, rel);
    const identity = fs.readFileSync(file);
    const asset: Asset = {
      type: TYPES[path.extname(rel).toLowerCase()] ?? "application/octet-stream",
      etag: `"${createHash("sha1").update(identity).digest("base64url").slice(0, 22)}"`,
      identity,
    };
    if (fs.existsSync(`${file}.br`)) asset.br = fs.readFileSync(`${file}.br`);
    if (fs.existsSync(`${file}.gz`)) asset.gzip = fs.readFileSync(`${file}.gz`);
    assets.set(prefix + rel.split(path.sep).join("/"), asset);
  }

  const compressible = (a: Asset, name: string) => COMPRESSIBLE.test(name) && a.identity.length >= MIN_COMPRESS_BYTES;

  return {
    size: assets.size,
    serve(req, res, pathname) {
      if (!pathname.startsWith(prefix)) return false;
      const asset = assets.get(pathname);
      if (!asset && !opts.exclusive) return false;
      if (!asset || (req.method !== "GET" && req.method !== "HEAD")) {
        res.writeHead(asset ? 405 : 404, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
        res.end(asset ? "Method Not Allowed" : "Not Found");
        return true;
      }
      const headers: http.OutgoingHttpHeaders = {
        "Content-Type": asset.type,
        "Cache-Control": "public, max-age=31536000, immutable",
        ETag: asset.etag,
      };
      if (compressible(asset, pathname)) {
        headers.Vary = "Accept-Encoding";
        // A build without the precompress step: make the forms once, in the background;
        // this request (and any until they are ready) gets the file as it is.
        if (!asset.br && !asset.compressing) {
          asset.compressing = compressAsset(asset.identity).then(
            (c) => void Object.assign(asset, c),
            () => {},
          );
        }
      }
      if (req.headers["if-none-match"] === asset.etag) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      const encoding = compressible(asset, pathname) ? pickEncoding(req.headers["accept-encoding"]) : null;
      const body = (encoding && asset[encoding]) || asset.identity;
      if (body !== asset.identity) headers["Content-Encoding"] = encoding!;
      headers["Content-Length"] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
      return true;
    },
  };
}
