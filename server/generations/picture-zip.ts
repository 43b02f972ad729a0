// History's "Download as ZIP" (issue 11 item 7): up to 100 of the caller's own finished
// pictures, streamed as one ZIP straight from storage. Nothing is buffered whole: each
// picture is opened only when the ZIP reaches it (one open file or download at a time)
// and flows through as the client reads, so memory stays flat whatever the pictures
// weigh. Entries are stored, not deflated (PNG, JPEG and WebP are compressed already).
// docs/decisions/0016-history-zip-streamed-from-storage.md
import type pg from "pg";
import { PassThrough, Readable } from "node:stream";
import { z } from "zod";
import yazl from "yazl";
import type { Logger } from "pino";
import type { Db } from "../adapters/db/client";
import type { StoragePort } from "../adapters/storage/storage-port";
import type { AuthPort } from "../adapters/auth";
import type { LimiterStore } from "../adapters/limiter";
import type { Env } from "../env";
import { identifyCaller } from "../users/authenticate-request";
import { checkRateLimit } from "../limits/rate-limit";
import { limitHeaders } from "../limits/limit-error";
import { MAX_BULK_PICTURES, pictureFileName } from "../contract";
import { safeId } from "../validation/safe-text";

export const zipIdsInput = z
  .array(safeId())
  .min(1, "Choose at least one picture.")
  .max(MAX_BULK_PICTURES, `At most ${MAX_BULK_PICTURES} pictures at once.`);

export type ZipEntry = { id: string; name: string; key: string; createdAt: Date };

/**
 * The caller's own finished pictures among `ids`, in the order asked for, each with a file
 * name unique in the ZIP; ids that are not theirs (or missing, or unfinished) are skipped,
 * never told apart.
 */
export async function picturesForZip(db: Db, userId: string, idsIn: string[]): Promise<{ entries: ZipEntry[]; skipped: string[] }> {
  const ids = [...new Set(idsIn)];
  const rows = await db.generation.findMany({
    where: { id: { in: ids }, userId, status: "succeeded", storageKey: { not: null } },
    select: { id: true, originalPrompt: true, storageKey: true, createdAt: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  for (const id of ids) {
    const row = byId.get(id);
    if (!row?.storageKey) continue;
    const ext = row.storageKey.slice(row.storageKey.lastIndexOf(".") + 1);
    // Names carry the id, so they are unique already; the check guards against a future change.
    let name = pictureFileName(row, ext);
    for (let n = 2; names.has(name.toLowerCase()); n++) name = pictureFileName({ ...row, id: `${row.id}-${n}` }, ext);
    names.add(name.toLowerCase());
    entries.push({ id, name, key: row.storageKey, createdAt: row.createdAt });
  }
  return { entries, skipped: ids.filter((id) => !byId.has(id)) };
}

/**
 * The ZIP of these pictures as a stream. A file missing from storage, or a storage error,
 * ends the stream with an error (the download fails rather than arriving incomplete);
 * destroying the stream (the client went away) closes the file being read.
 */
export function streamPictureZip(storage: Pick<StoragePort, "read">, entries: ZipEntry[], logger: Logger): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  let current: Readable | null = null;
  let failed = false;
  const fail = (err: Error) => {
    if (failed) return;
    failed = true;
    current?.destroy();
    out.destroy(err);
  };
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.name, { compress: false, mtime: entry.createdAt, mode: 0o100644 }, (cb) => {
      if (failed) return;
      storage.read(entry.key).then(
        (read) => {
          if (!read) {
            logger.error({ generationId: entry.id }, "zip download: picture file missing from storage");
            return cb(new Error("picture file missing from storage"), null as unknown as Readable);
          }
          current = read.body;
          cb(null, read.body);
        },
        (err: Error) => {
          logger.error({ err: { message: err.message }, generationId: entry.id }, "zip download: storage read failed");
          cb(err, null as unknown as Readable);
        },
      );
    });
  }
  zip.on("error", (err: Error) => fail(err));
  zip.outputStream.on("error", (err: Error) => fail(err));
  out.on("close", () => {
    if (!out.writableFinished) fail(new Error("zip download cancelled"));
  });
  zip.outputStream.pipe(out);
  zip.end();
  return out;
}

/** `image-studio-3-pictures.zip` */
export function zipFileName(count: number): string {
  return `image-studio-${count}-picture${count === 1 ? "" : "s"}.zip`;
}

export type ZipDownloadDeps = {
  db: Db;
  pool: pg.Pool;
  auth: AuthPort;
  storage: Pick<StoragePort, "read">;
  limiter: LimiterStore;
  logger: Logger;
  env: Pick<Env, "RATE_LIMITS">;
};

const TEXT_HEADERS = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...TEXT_HEADERS, ...headers } });

/**
 * GET /history/download?id=…&id=…: the signed-in caller's own pictures among the ids as
 * a streamed ZIP (`Content-Disposition: attachment`). Anonymous callers and refused API
 * tokens are 401, more than 100 ids (or none) a 400; ids that are not theirs are left
 * out (`X-Pictures-Skipped` counts them), and when none is theirs the answer is a 404.
 */
export async function zipDownloadResponse(deps: ZipDownloadDeps, request: Request, ip: string): Promise<Response> {
  const caller = await identifyCaller(deps, request);
  if (caller.rejectedToken) return text(401, "That API token is revoked or unknown.");
  if (!caller.user) return text(401, "Sign in to download your pictures.");
  const parsed = zipIdsInput.safeParse(new URL(request.url).searchParams.getAll("id"));
  if (!parsed.success) return text(400, parsed.error.issues[0]?.message ?? "Choose the pictures to download.");
  const decision = await checkRateLimit({ limiter: deps.limiter, logger: deps.logger, overrides: deps.env.RATE_LIMITS }, "download", {
    userId: caller.user.id,
    ip,
  });
  const limits = decision.details ? limitHeaders(decision.details, !decision.allowed) : {};
  if (!decision.allowed) return text(429, "Too many downloads: wait a minute and try again.", limits);
  const { entries, skipped } = await picturesForZip(deps.db, caller.user.id, parsed.data);
  if (!entries.length) return text(404, "None of these pictures can be downloaded.", limits);
  const logger = deps.logger.child({ userId: caller.user.id });
  logger.info({ pictures: entries.length, skipped: skipped.length }, "zip download");
  const body = Readable.toWeb(streamPictureZip(deps.storage, entries, logger)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      ...limits,
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${zipFileName(entries.length)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Pictures-Skipped": String(skipped.length),
    },
  });
}
