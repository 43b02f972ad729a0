// History's ZIP download (issue 11 item 7): GET /history/download?id=… on the built app
// with real files on disk, unzipped and compared byte for byte; only the caller's own
// pictures go in; anonymous callers, too many ids and nobody's pictures are refused. And
// in-process: the ZIP streams (its first bytes leave before the last picture is read,
// one file open at a time) and a missing file fails the download instead of truncating it.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { insertPicture, testPng } from "../support/pipeline";
import { readZip } from "../support/zip";
import { newStorageKeys } from "../../server/generations/storage-keys";
import { picturesForZip, streamPictureZip, type ZipEntry } from "../../server/generations/picture-zip";
import type { StoragePort, StoredRead } from "../../server/adapters/storage/storage-port";
import type { SessionUser } from "../../server/users/session-user";
import { createLogger } from "../../server/logger";

let world: E2eApp;
let alice: SessionUser;
let bob: SessionUser;
let aliceCookie: string;
const files = new Map<string, Buffer>();

/** A finished picture of `user` with a real file (of `ext`) in the app's storage. */
async function picture(user: SessionUser, prompt: string, ext: "png" | "webp" | "jpg" = "png", color = "#3366cc") {
  const { original, thumbnail } = newStorageKeys(ext === "jpg" ? "jpeg" : ext);
  const bytes = await (
    await import("sharp")
  )
    .default(await testPng(40, 30, color))
    .toFormat(ext === "jpg" ? "jpeg" : ext)
    .toBuffer();
  await world.services.storage.put(original, bytes, `image/${ext === "jpg" ? "jpeg" : ext}`);
  await world.services.storage.put(thumbnail, await testPng(8, 6), "image/webp");
  const id = await insertPicture(world.services.db, user.id, {
    originalPrompt: prompt,
    isPublic: false,
    storageKey: original,
    thumbnailKey: thumbnail,
    width: 40,
    height: 30,
    createdAt: new Date("2026-03-04T05:06:08Z"),
  });
  files.set(id, bytes);
  return id;
}

const download = (ids: string[], cookie?: string) =>
  fetch(`${world.app.url}/history/download?${ids.map((id) => `id=${encodeURIComponent(id)}`).join("&")}`, {
    headers: cookie ? { cookie } : {},
  });

beforeAll(async () => {
  world = await startE2eApp({ RATE_LIMITS: "download:1000" });
  alice = await world.createUser("alice");
  bob = await world.createUser("bob");
  if (world.services.auth.kind !== "local") throw new Error("needs local auth");
  aliceCookie = (await world.services.auth.local.signIn(new Request(world.app.url), alice.id)).split(";")[0]!;
});
afterAll(() => world?.dispose());

describe("GET /history/download", () => {
  it("streams the caller's own pictures as a ZIP, byte for byte, skipping anyone else's", async () => {
    const mine = [
      await picture(alice, "A red fox in the snow!", "png"),
      await picture(alice, "Café au lait, très chaud", "webp", "#aa3322"),
      await picture(alice, "", "jpg", "#22aa33"),
    ];
    const theirs = await picture(bob, "bob's own fox", "png", "#ff00ff");
    const res = await download([mine[0]!, theirs, mine[1]!, "nonexistent", mine[2]!, mine[0]!], aliceCookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="image-studio-3-pictures.zip"');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-pictures-skipped")).toBe("2");
    const zip = await readZip(Buffer.from(await res.arrayBuffer()));
    expect([...zip.keys()]).toEqual([
      `a-red-fox-in-the-snow-${mine[0]}.png`,
      `cafe-au-lait-tres-chaud-${mine[1]}.webp`,
      `picture-${mine[2]}.jpg`,
    ]);
    for (const [i, id] of mine.entries()) {
      const entry = [...zip.values()][i]!;
      expect(entry.bytes.equals(files.get(id)!)).toBe(true);
      expect(entry.compressionMethod).toBe(0); // stored: pictures are compressed already
      expect(entry.modifiedAt.toISOString()).toBe("2026-03-04T05:06:08.000Z");
    }
    // Bob's picture is in no entry.
    for (const entry of zip.values()) expect(entry.bytes.equals(files.get(theirs)!)).toBe(false);
  });

  it("refuses anonymous callers, no ids, more than 100, and a list with none of the caller's pictures", async () => {
    const mine = await picture(alice, "mine");
    const theirs = await picture(bob, "theirs");
    const anon = await download([mine]);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await anon.text()).not.toContain("PK");
    expect((await download([], aliceCookie)).status).toBe(400);
    const tooMany = await download([mine, ...Array.from({ length: 100 }, (_, i) => `x${i}`)], aliceCookie);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toMatch(/At most 100 pictures/);
    const notMine = await download([theirs, "nonexistent"], aliceCookie);
    expect(notMine.status).toBe(404);
    expect(notMine.headers.get("content-disposition")).toBeNull();
    // Bob can download his own, and only his.
    if (world.services.auth.kind !== "local") throw new Error("needs local auth");
    const bobCookie = (await world.services.auth.local.signIn(new Request(world.app.url), bob.id)).split(";")[0]!;
    const his = await download([theirs, mine], bobCookie);
    expect(his.status).toBe(200);
    expect([...(await readZip(Buffer.from(await his.arrayBuffer()))).keys()]).toEqual([`theirs-${theirs}.png`]);
  });
});

describe("the ZIP stream", () => {
  const logger = createLogger({ level: "silent" });

  it("sends its first bytes before the last picture is read, with one file open at a time", async () => {
    const ids = [await picture(alice, "s1"), await picture(alice, "s2"), await picture(alice, "s3")];
    const { entries } = await picturesForZip(world.services.db, alice.id, ids);
    let open = 0;
    let maxOpen = 0;
    const events: string[] = [];
    let release!: () => void;
    const firstBytesSeen = new Promise<void>((r) => (release = r));
    const storage: Pick<StoragePort, "read"> = {
      async read(key) {
        const i = entries.findIndex((e) => e.key === key);
        // The last picture is read only once the reader has had data: a ZIP built whole
        // before sending would wait here for ever (the test's timeout fails it).
        if (i === entries.length - 1) await firstBytesSeen;
        events.push(`read ${i}`);
        const read = (await world.services.storage.read(key)) as StoredRead;
        open++;
        maxOpen = Math.max(maxOpen, open);
        read.body.once("close", () => open--);
        return read;
      },
    };
    const stream = streamPictureZip(storage, entries, logger);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      if (!chunks.length) {
        events.push("first bytes");
        release();
      }
      chunks.push(chunk as Buffer);
    }
    expect(events.indexOf("first bytes")).toBeLessThan(events.indexOf(`read ${entries.length - 1}`));
    expect(maxOpen).toBe(1);
    const zip = await readZip(Buffer.concat(chunks));
    expect([...zip.values()].map((e, i) => e.bytes.equals(files.get(entries[i]!.id)!))).toEqual([true, true, true]);
  });

  it("fails the stream when a picture's file is missing, and stops reading when the reader goes away", async () => {
    const ids = [await picture(alice, "m1"), await picture(alice, "m2")];
    const { entries } = await picturesForZip(world.services.db, alice.id, ids);
    await world.services.storage.remove([entries[1]!.key]);
    const failing = streamPictureZip(world.services.storage, entries, logger);
    await expect(
      (async () => {
        for await (const _ of failing);
      })(),
    ).rejects.toThrow(/missing from storage/);

    // A reader that stops after the first chunk: the file being read is closed.
    const big: ZipEntry[] = [{ ...entries[0]!, name: "big.png" }];
    const body = new PassThrough();
    let closed = false;
    body.on("close", () => (closed = true));
    const storage: Pick<StoragePort, "read"> = {
      async read() {
        body.write(Buffer.alloc(64 * 1024, 1));
        return { body, size: null };
      },
    };
    const stream = streamPictureZip(storage, big, logger);
    for await (const _ of stream) break;
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(true);
  });
});
