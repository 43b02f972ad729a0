// `npm run build`: the Remix build, then every client script minified again by Terser
// (esbuild's minifier leaves ~4 % more after brotli), then every client asset precompressed
// beside itself (brotli quality 11 and gzip level 9; server/http/static-assets.ts serves
// them), so the server never compresses the same file twice. npm start, the tests and the
// bench build through buildApp() too.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { minify } from "terser";
import { precompressAssets } from "../http/static-assets";
import { getLogger } from "../logger";

const require = createRequire(import.meta.url);
/** remix.config.js's assetsBuildDirectory (the default). */
export const ASSETS_DIR = path.join("public", "build");

export type BuildResult = {
  ok: boolean;
  output: string;
  ms: number;
  minified?: Awaited<ReturnType<typeof minifyClientScripts>>;
  precompressed?: Awaited<ReturnType<typeof precompressAssets>>;
};

/**
 * Terser over every `.js` under `dir`, in place. The files are ES modules (chunks import
 * each other by file name, which stays as it is); export names are kept, license comments
 * too. Same input, same output, so a file's content-hashed name still names one content.
 */
export async function minifyClientScripts(dir: string): Promise<{ files: number; before: number; after: number }> {
  const totals = { files: 0, before: 0, after: 0 };
  const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
  for (const rel of files) {
    const file = path.join(dir, rel);
    const code = fs.readFileSync(file, "utf8");
    const out = await minify(code, {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: "some" },
    });
    if (out.code === undefined) throw new Error(`terser gave no output for ${rel}`);
    fs.writeFileSync(file, out.code);
    totals.files += 1;
    totals.before += code.length;
    totals.after += out.code.length;
  }
  return totals;
}

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
  const minified = await minifyClientScripts(ASSETS_DIR);
  const precompressed = await precompressAssets(ASSETS_DIR);
  return { ok: true, output, ms: performance.now() - started, minified, precompressed };
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
      minifiedKib: `${Math.round(r.minified!.before / 1024)} -> ${Math.round(r.minified!.after / 1024)}`,
      assets: p.files,
      kib: Math.round(p.bytes / 1024),
      brotliKib: Math.round(p.brBytes / 1024),
      gzipKib: Math.round(p.gzipBytes / 1024),
    },
    "built; assets precompressed",
  );
}
