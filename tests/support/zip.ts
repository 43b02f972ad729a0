// Reads a ZIP the way an unzip program does (yauzl: the central directory, CRCs checked),
// for tests of history's ZIP download.
import yauzl from "yauzl";

export type ZipContents = Map<string, { bytes: Buffer; modifiedAt: Date; compressionMethod: number }>;

export async function readZip(buffer: Buffer): Promise<ZipContents> {
  const zip = await yauzl.fromBufferPromise(buffer, { strictFileNames: true, validateEntrySizes: true });
  const out: ZipContents = new Map();
  try {
    for await (const entry of zip.eachEntry()) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      out.set(entry.fileName, {
        bytes: Buffer.concat(chunks),
        modifiedAt: entry.getLastModDate({ timezone: "UTC" }),
        compressionMethod: entry.compressionMethod,
      });
    }
  } finally {
    zip.close();
  }
  return out;
}
