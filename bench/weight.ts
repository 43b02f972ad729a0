// Figure 6: what a browser downloads for /discover and /create (the HTML and the JS and CSS
// it links, as the app sends them to a browser that accepts brotli, and to one that
// accepts only gzip), and the bytes of a gallery thumbnail against its original.
import http from "node:http";
import zlib from "node:zlib";
import { parseEnv } from "../server/env";
import { createLogger } from "../server/logger";
import { createServices } from "../server/services";
import { createContextInner } from "../server/trpc/context";
import { createCaller } from "../server/trpc/root";
import type { SessionUser } from "../server/users/session-user";
import type { Report } from "./lib/report";
import type { Served } from "./throughput";

type Fetched = { status: number; type: string; wireBytes: number; body: Buffer };

type Encoding = "br" | "gzip";

/** GET with `Accept-Encoding` (gzip, or brotli and gzip as browsers send), counting the bytes on the wire (fetch would inflate them). */
function get(url: string, encoding: Encoding = "gzip"): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": encoding === "br" ? "gzip, deflate, br" : "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const wire = Buffer.concat(chunks);
          const enc = res.headers["content-encoding"];
          const body = enc === "gzip" ? zlib.gunzipSync(wire) : enc === "br" ? zlib.brotliDecompressSync(wire) : wire;
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), wireBytes: wire.length, body });
        });
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export type PageWeight = { path: string; html: number; js: number; css: number; files: number };

export async function pageWeight(app: Served, path: string, encoding: Encoding = "gzip"): Promise<PageWeight | null> {
  const page = await get(app.url + path, encoding);
  if (page.status !== 200) return null;
  const html = page.body.toString("utf8");
  // What the document makes the browser load: module scripts, modulepreloads, stylesheets.
  const refs = new Set<string>();
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const isJs = tag.startsWith("<script") || /rel="modulepreload"/.test(tag);
    const isCss = /rel="stylesheet"/.test(tag);
    if ((isJs || isCss) && m[1]!.startsWith("/")) refs.add(m[1]!);
  }
  // Module scripts inline-import the entry and route modules; count those too.
  for (const m of html.matchAll(/import\s*(?:\*\s*as\s*\w+\s*from\s*)?["'](\/[^"']+\.js)["']/g)) refs.add(m[1]!);
  let js = 0;
  let css = 0;
  for (const ref of refs) {
    const f = await get(app.url + ref, encoding);
    if (f.status !== 200) continue;
    if (ref.endsWith(".css") || f.type.includes("css")) css += f.wireBytes;
    else js += f.wireBytes;
  }
  return { path, html: page.wireBytes, js, css, files: refs.size };
}

export async function thumbnailWeight(app: Served, databaseUrl: string, dataDir: string) {
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, DATA_DIR: dataDir, RATE_LIMITS: "generate:1000000" });
  const services = createServices({ env, databaseUrl, logger: createLogger({ level: "silent" }) });
  const userId = `bench-weight-${process.pid}`;
  try {
    await services.db.user.create({ data: { id: userId, name: "bench weight", dailyGenLimit: 1000 } });
    const user: SessionUser = { id: userId, name: "bench weight", email: null, imageUrl: null, dailyGenLimit: 1000, via: "test" };
    const caller = createCaller(createContextInner({ services, user }));
    const sizes: Array<{ style: string; original: number; thumbnail: number }> = [];
    // Pictures from the embedded default model (the offline renderer), in four styles.
    for (const style of ["photographic", "watercolor", "digital-art", "oil-painting"] as const) {
      // Rendered by the served app's own workers; the caller waits for the picture.
      const { generations } = await caller.generate({
        prompt: "a lighthouse on a rocky island at sunset, crashing waves",
        style,
        seed: 11,
        // Public, so the app serves its files to this anonymous GET (private ones go to their owner only).
        isPublic: true,
        wait: true,
      });
      const g = generations[0]!.picture;
      if (!g) throw new Error(`the picture did not finish: ${generations[0]!.status}`);
      const [o, t] = await Promise.all([get(app.url + g.imageUrl!), get(app.url + g.thumbnailUrl!)]);
      if (o.status !== 200 || t.status !== 200) throw new Error(`the app did not serve the stored picture (${o.status}, ${t.status})`);
      sizes.push({ style, original: o.wireBytes, thumbnail: t.wireBytes });
    }
    return sizes;
  } finally {
    await services.close();
  }
}

export async function runWeight(app: Served, databaseUrl: string, dataDir: string, report: Report) {
  const pages: Record<string, PageWeight | null> = {};
  for (const path of ["/discover", "/create"]) {
    for (const encoding of ["br", "gzip"] as const) {
      const w = await pageWeight(app, path, encoding);
      pages[`${path} ${encoding}`] = w;
      report.add(
        "weight",
        `${path}: JS / CSS / HTML (${encoding === "br" ? "brotli" : "gzip"})`,
        w ? `${kb(w.js)} / ${kb(w.css)} / ${kb(w.html)}` : `n/a (${path} did not answer 200)`,
        w ? `${w.files} files` : undefined,
      );
    }
  }
  const sizes = await thumbnailWeight(app, databaseUrl, dataDir);
  const sum = (k: "original" | "thumbnail") => sizes.reduce((a, s) => a + s[k], 0);
  report.add(
    "weight",
    "gallery thumbnail vs original (mean of 4)",
    `${kb(sum("thumbnail") / sizes.length)} vs ${kb(sum("original") / sizes.length)}`,
    `thumbnail = ${((100 * sum("thumbnail")) / sum("original")).toFixed(1)}% of the original; local renderer, 1024² PNG → 512² WebP`,
  );
  report.record("weight", { pages, pictures: sizes });
}
