// Which browser chunks a server-rendered page makes the browser load, and what source
// went into them, read from the classic compiler's esbuild metafile
// (build/metafile.js.json: output chunk -> inputs and imports).
import { readFileSync } from "node:fs";
import path from "node:path";

type MetaOutput = { inputs: Record<string, unknown>; imports?: { path: string; kind: string }[] };
export type BrowserMetafile = { outputs: Record<string, MetaOutput> };

export function readBrowserMetafile(file = path.resolve("build/metafile.js.json")): BrowserMetafile {
  return JSON.parse(readFileSync(file, "utf8")) as BrowserMetafile;
}

/** `/build/x.js` (publicPath) -> `public/build/x.js` (assetsBuildDirectory), as the metafile names outputs. */
export function outputForUrl(url: string): string {
  if (!url.startsWith("/build/")) throw new Error(`not a build asset: ${url}`);
  return `public${url}`;
}

/**
 * The script URLs a page loads without running any of its code: modulepreload links,
 * `<script src>`, and the imports of its inline module scripts (Remix imports the
 * matched routes there). The route manifest's JSON is data, not a load, so it is left out.
 */
export function scriptUrlsLoadedBy(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = m[0].match(/\bhref="([^"]+)"/)?.[1];
    if (href) urls.add(href);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const imp of m[1].matchAll(/\bimport\s*(?:[^"'()]*?\sfrom\s*)?["']([^"']+)["']/g)) urls.add(imp[1]);
  }
  return [...urls];
}

/** Every output reachable from `roots` through static imports only (what the browser must fetch). */
export function staticClosure(meta: BrowserMetafile, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const out = todo.pop()!;
    if (seen.has(out)) continue;
    const entry = meta.outputs[out];
    if (!entry) throw new Error(`${out} is not in the metafile: is the build stale?`);
    seen.add(out);
    for (const imp of entry.imports ?? []) if (imp.kind === "import-statement") todo.push(imp.path);
  }
  return seen;
}

/** Outputs reached from `from` by a dynamic `import()` (loaded only when that code runs). */
export function dynamicImportsOf(meta: BrowserMetafile, from: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const o of from) for (const imp of meta.outputs[o]?.imports ?? []) if (imp.kind === "dynamic-import") out.add(imp.path);
  return out;
}

export function inputsOf(meta: BrowserMetafile, outputs: Iterable<string>): string[] {
  return [...outputs].flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {}));
}

/** The output chunk that holds `input` (a source path as the metafile spells it). */
export function outputContaining(meta: BrowserMetafile, input: string): string {
  const found = Object.entries(meta.outputs).filter(([o, e]) => !o.endsWith(".map") && input in e.inputs);
  if (found.length !== 1) throw new Error(`expected one output with ${input}, found ${found.length}`);
  return found[0][0];
}
