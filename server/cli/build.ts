// `npm run build`: the Remix build, then every client asset precompressed beside itself
// (brotli quality 11 and gzip level 9; server/http/static-assets.ts serves them), so the
// server never compresses the same file twice. npm start, the tests and the bench build
// through buildApp() too.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { precompressAssets } from "../http/static-assets";
import { getLogger } from "../logger";

const require = createRequire(import.meta.url);
/** remix.config.js's assetsBuildDirectory (the default). */
export const ASSETS_DIR = path.join("public", "build");

export type BuildResult = { ok: boolean; output: string; ms: number; precompressed?: Awaited<ReturnType<typeof precompressAssets>> };

export async function buildApp(): Promise<BuildResult> {
  const started = performance.now();
  const remix = require.resolve("@remix-run/dev/dist/cli.js");
  const child = spawn(process.execPath, [remix, "build"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code: number = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  if (code !== 0) return { ok: false, output, ms: performance.now() - started };
  const precompressed = await precompressAssets(ASSETS_DIR);
  return { ok: true, output, ms: performance.now() - started, precompressed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const logger = getLogger();
  const r = await buildApp();
  if (!r.ok) {
    // The compiler's own output is the answer on failure.
    process.stderr.write(r.output);
    logger.fatal("remix build failed");
    process.exit(1);
  }
  const p = r.precompressed!;
  logger.info(
    {
      ms: Math.round(r.ms),
      assets: p.files,
      kib: Math.round(p.bytes / 1024),
      brotliKib: Math.round(p.brBytes / 1024),
      gzipKib: Math.round(p.gzipBytes / 1024),
    },
    "built; assets precompressed",
  );
}
