// A short-lived shared cache for what every anonymous visitor sees alike: cookie-less,
// Authorization-less GETs of the public pages and public reads. One request per URL per
// second reaches the app (concurrent misses wait for that one); the rest are answered
// from memory, compressed once per entry. What is never cached:
// - a request with a Cookie or Authorization header (a signed-in or half-signed-in caller),
//   or one that asks not to be (Cache-Control: no-cache / no-store, Pragma: no-cache);
// - a response that sets a cookie, is not a 200, or says private / no-store itself.
// Entries live ENTRY_TTL_MS (1 s), and the whole cache is dropped in this process when a
// picture is published, unpublished or deleted (server/generations/public-changes.ts); other
// instances catch up within the TTL. Browsers and CDNs get the same rule: `public,
// max-age=1`, an ETag, 304 for a matching If-None-Match, and Vary on Cookie and
// Authorization so a signed-in request never gets an anonymous copy.
// docs/decisions/0017-serving-speed.md
import { createHash } from "node:crypto";
import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { LRUCache } from "lru-cache";
import { pickEncoding } from "./static-assets";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export const ENTRY_TTL_MS = 1000;
const MAX_BYTES = 64 * 1024 * 1024;
/** Bodies bigger than this are not kept (none of the public pages is near it). */
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
export const PUBLIC_CACHE_CONTROL = `public, max-age=${ENTRY_TTL_MS / 1000}`;
/** What a dynamic answer that says nothing itself gets: never stored by a shared cache. */
export const PRIVATE_CACHE_CONTROL = "private, no-cache";
const VARY = "Cookie, Authorization, Accept-Encoding";

/** Public pages, and public reads (tRPC procedures, batched or not) that answer anyone alike. */
const PAGE_PATHS = [/^\/$/, /^\/discover$/, /^\/g\/[^/]+$/, /^\/u\/[^/]+$/, /^\/c\/[^/]+$/];
const PUBLIC_PROCEDURES = new Set(["discovery", "generation.get", "profile", "collection.get", "models", "health"]);
/** Response headers that describe one caller, never stored with a shared entry. */
const PER_CALLER_HEADERS =
  /^(x-ratelimit-|x-request-id$|set-cookie$|content-length$|content-encoding$|transfer-encoding$|connection$|date$)/i;

type Entry = {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  etag: string;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
};

export type Origin = () => Promise<Answer>;

export class PublicCache {
  private entries = new LRUCache<string, Entry>({
    maxSize: MAX_BYTES,
    sizeCalculation: (e) => e.body.length + 512,
    ttl: ENTRY_TTL_MS,
    ttlAutopurge: false,
  });
  private filling = new Map<string, Promise<Filled>>();

  constructor(private trpcPrefix: string) {}

  /** Whether the request may be answered from (and fill) the shared cache. */
  eligible(req: http.IncomingMessage, pathname: string): boolean {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const h = req.headers;
    if (h.cookie !== undefined || h.authorization !== undefined) return false;
    if (/no-cache|no-store/i.test(String(h["cache-control"] ?? "")) || /no-cache/i.test(String(h.pragma ?? ""))) return false;
    if (pathname.startsWith(this.trpcPrefix)) {
      const procs = pathname.slice(this.trpcPrefix.length).split(",");
      return procs.length > 0 && procs.every((p) => PUBLIC_PROCEDURES.has(p));
    }
    return PAGE_PATHS.some((p) => p.test(pathname));
  }

  /** Forget everything (a picture changed visibility or went away). */
  clear(): void {
    this.entries.clear();
  }

  /** Answers from the cache, filling it from `origin` (once per key however many wait). */
  async serve(req: http.IncomingMessage, res: http.ServerResponse, key: string, origin: Origin): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) return sendEntry(req, res, entry);
    let fill = this.filling.get(key);
    const mine = !fill;
    if (!fill) {
      fill = this.fill(key, origin).finally(() => this.filling.delete(key));
      this.filling.set(key, fill);
    }
    const filled = await fill;
    if (filled.entry) return sendEntry(req, res, filled.entry);
    // Not for sharing (e.g. a 404, or it set a cookie): only the request that asked gets
    // that answer; the others that waited ask the app themselves.
    return sendUncached(req, res, mine ? filled.answer : await origin());
  }

  private async fill(key: string, origin: Origin): Promise<Filled> {
    const answer = await origin();
    if (!cacheable(answer)) return { entry: null, answer };
    const lower = (k: string) => k.toLowerCase();
    const entry: Entry = {
      status: answer.status,
      headers: [...answer.headers].filter(([k]) => !PER_CALLER_HEADERS.test(k) && lower(k) !== "cache-control" && lower(k) !== "vary"),
      body: answer.body,
      etag: `W/"${createHash("sha1").update(answer.body).digest("base64url").slice(0, 22)}"`,
    };
    this.entries.set(key, entry);
    return { entry, answer };
  }
}

type Answer = { status: number; headers: Headers; body: Buffer };
type Filled = { entry: Entry; answer: Answer } | { entry: null; answer: Answer };

function cacheable(answer: Answer): boolean {
  if (answer.status !== 200) return false;
  if (answer.headers.has("set-cookie")) return false;
  if (/private|no-store|no-cache/i.test(answer.headers.get("cache-control") ?? "")) return false;
  if (/text\/event-stream/i.test(answer.headers.get("content-type") ?? "")) return false;
  return answer.body.length <= MAX_ENTRY_BYTES;
}

const COMPRESS_MIN_BYTES = 1024;

async function sendEntry(req: http.IncomingMessage, res: http.ServerResponse, entry: Entry): Promise<void> {
  for (const [k, v] of entry.headers) res.setHeader(k, v);
  res.setHeader("Cache-Control", PUBLIC_CACHE_CONTROL);
  res.setHeader("Vary", VARY);
  res.setHeader("ETag", entry.etag);
  if (matchesEtag(req.headers["if-none-match"], entry.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  let body = entry.body;
  const encoding = body.length >= COMPRESS_MIN_BYTES ? pickEncoding(req.headers["accept-encoding"]) : null;
  if (encoding === "br") {
    // Quality 5: most of brotli's gain for a small share of q11's time; once per entry.
    entry.br ??= brotli(entry.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    body = await entry.br;
  } else if (encoding === "gzip") {
    entry.gzip ??= gzip(entry.body, { level: 6 });
    body = await entry.gzip;
  }
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.statusCode = entry.status;
  res.end(req.method === "HEAD" ? undefined : body);
}

function sendUncached(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer) {
  res.statusCode = answer.status;
  for (const [k, v] of answer.headers) if (k !== "set-cookie" && k !== "content-length") res.setHeader(k, v);
  const cookies = answer.headers.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
  res.setHeader("Content-Length", answer.body.length);
  res.end(req.method === "HEAD" ? undefined : answer.body);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => {
    const v = t.trim();
    return v === "*" || v.replace(/^W\//, "") === bare;
  });
}
