// Local disk storage under $DATA_DIR/images, served by app/routes/images.$.ts, which
// checks the picture's row: public pictures to anyone, private ones to their owner only.
import fs from "node:fs/promises";
import path from "node:path";
import { assertStorageKey, STORAGE_KEY_PATTERN, type StoragePort, type StoredObject } from "./storage-port";

/** A write's temporary file (`<key>.<pid>.tmp`): listed too, so one a crash left behind is swept. */
const TEMP_PATTERN = /^(.+)\.\d+\.tmp$/;
const isKeyOrTemp = (key: string) => STORAGE_KEY_PATTERN.test(key) || STORAGE_KEY_PATTERN.test(TEMP_PATTERN.exec(key)?.[1] ?? "");

export function createDiskStorage(root: string, urlPrefix = "/images"): StoragePort & { root: string; pathOf(key: string): string | null } {
  const base = path.resolve(root);
  const removablePath = (key: string): string | null => {
    if (!isKeyOrTemp(key)) return null;
    const full = path.resolve(base, key);
    return full.startsWith(base + path.sep) ? full : null;
  };
  const pathOf = (key: string): string | null => {
    if (!STORAGE_KEY_PATTERN.test(key)) return null;
    const full = path.resolve(base, key);
    return full.startsWith(base + path.sep) ? full : null;
  };
  return {
    kind: "disk",
    root: base,
    pathOf,
    async put(key, bytes) {
      assertStorageKey(key);
      const full = pathOf(key)!;
      await fs.mkdir(path.dirname(full), { recursive: true });
      // Write then rename, so a reader never sees half a file; "wx" refuses to overwrite.
      const tmp = `${full}.${process.pid}.tmp`;
      await fs.writeFile(tmp, bytes, { flag: "wx" });
      await fs.rename(tmp, full);
    },
    async remove(keys) {
      // Sixteen at a time: a bulk delete hands over up to 200 files and waits for all of
      // them inside its transaction.
      const paths = keys.map(removablePath).filter((p): p is string => p !== null);
      for (let i = 0; i < paths.length; i += 16) {
        await Promise.all(paths.slice(i, i + 16).map((full) => fs.rm(full, { force: true })));
      }
    },
    async *list(): AsyncIterable<StoredObject> {
      for (const shard of await fs.readdir(base, { withFileTypes: true }).catch(() => [])) {
        if (!shard.isDirectory() || !/^[a-z0-9]{2}$/.test(shard.name)) continue;
        for (const file of await fs.readdir(path.join(base, shard.name)).catch(() => [] as string[])) {
          const key = `${shard.name}/${file}`;
          if (!isKeyOrTemp(key)) continue;
          const st = await fs.stat(path.join(base, key)).catch(() => null);
          if (st?.isFile()) yield { key, modifiedAt: st.mtime };
        }
      }
    },
    async move(from, to) {
      assertStorageKey(from);
      assertStorageKey(to);
      const target = pathOf(to)!;
      await fs.mkdir(path.dirname(target), { recursive: true });
      // A hard link refuses to replace an existing file (rename would not); then drop the old name.
      await fs.link(pathOf(from)!, target);
      // A new name is a new write to the reconciler: its grace period starts now, not when
      // the picture was first stored (the row pointing at it commits just after).
      const now = new Date();
      await fs.utimes(target, now, now);
      await fs.rm(pathOf(from)!, { force: true });
    },
    // The image route (app/routes/images.$.ts) decides per request who may load a file.
    viewUrls: async (objects) => objects.map((o) => `${urlPrefix}/${o.key}`),
    publicUrl: (key) => `${urlPrefix}/${key}`,
    async read(key) {
      const full = pathOf(key);
      if (!full) return null;
      // Opened now, so a missing file is null here rather than an error mid-stream.
      const handle = await fs.open(full, "r").catch((e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT" || e.code === "EISDIR") return null;
        throw e;
      });
      if (!handle) return null;
      try {
        const st = await handle.stat();
        if (!st.isFile()) {
          await handle.close();
          return null;
        }
        return { body: handle.createReadStream({ autoClose: true }), size: st.size };
      } catch (e) {
        await handle.close().catch(() => {});
        throw e;
      }
    },
    async exists(key) {
      const full = pathOf(key);
      if (!full) return false;
      return fs.access(full).then(
        () => true,
        () => false,
      );
    },
  };
}
