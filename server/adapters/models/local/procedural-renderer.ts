// The offline preview renderer: turns (prompt, seed, style, size) into a picture that
// follows the prompt — a subject from a small vocabulary (animals, dishes, a person, a
// building) in a setting (mountains, fields, desert, snow, forest, sea, city, space,
// abstract), at the time of day and in the colours the prompt names, drawn in a look
// per style. SVG rasterised by sharp, plus a little post-processing per style. It is not
// an AI model; the catalogue and the UI label it as an offline preview.
// Same inputs → byte-identical PNG.
import sharp, { type Sharp } from "sharp";
import type { Style } from "../../../models/catalogue";
import { hashString, seededRandom } from "./seeded-random";
import { readPrompt, type SceneSpec } from "./scene/read-prompt";
import { createContext, type Ctx } from "./scene/context";
import { backdrop, weather } from "./scene/backdrops";
import { drawSubject } from "./scene/subjects";
import { f1, hsl, INK } from "./scene/paint";

export type ProceduralInput = { prompt: string; seed: number; style?: Style; width: number; height: number };

type Scene = { ctx: Ctx; spec: SceneSpec; back: string[]; front: string[]; overlay: string[] };

function composeScene(input: ProceduralInput): Scene {
  const spec = readPrompt(input.prompt);
  const rand = seededRandom(hashString(`${input.prompt.toLowerCase().trim()}|${input.style ?? ""}`) ^ Math.imul(input.seed, 0x9e3779b1));
  const ctx = createContext(spec, input.style, input.width, input.height, rand);
  const back = backdrop(ctx);
  const front = [...drawSubject(ctx, spec.subject), ...weather(ctx)];
  return { ctx, spec, back, front, overlay: overlay(ctx, input.style) };
}

/** What sits on top of everything in some styles: a vignette, sparkles, film bars, canvas weave. */
function overlay(ctx: Ctx, style: Style | undefined): string[] {
  const { w, h, p, u } = ctx;
  const out: string[] = [];
  if (p.look === "plain" || p.look === "modelled") {
    out.push(
      `<rect width="${w}" height="${h}" fill="${p.radial(
        [
          [0.6, "#000", 0],
          [1, "#000", style === "photographic" || style === "cinematic" ? 0.45 : 0.3],
        ],
        { r: 0.75 },
      )}"/>`,
    );
  }
  if (style === "fantasy") {
    for (let i = 0; i < 40; i++) {
      const x = ctx.rand() * w;
      const y = ctx.rand() * h;
      const r = u * (0.004 + ctx.rand() * 0.01);
      const c = i % 2 ? hsl(45, 100, 75) : hsl(285, 90, 80);
      out.push(
        `<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r * 4)}" fill="${p.radial([
          [0, c, 0.5],
          [1, c, 0],
        ])}"/><circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r * 0.6)}" fill="#fff"/>`,
      );
    }
  }
  if (style === "oil-painting") {
    const weave = p.define(
      "canvas-weave",
      (id) =>
        `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0,0 L6,6 M6,0 L0,6" stroke="#000" stroke-width="0.6" opacity="0.18"/></pattern>`,
    );
    out.push(`<rect width="${w}" height="${h}" fill="${weave}"/>`);
  }
  if (style === "cinematic") {
    // Film bars, but never more than a tenth of the frame each.
    const bar = Math.min(h * 0.1, Math.max(0, (h - w / 2.39) / 2));
    if (bar > 0)
      out.push(
        `<rect width="${w}" height="${f1(bar)}" fill="#000"/><rect y="${f1(h - bar)}" width="${w}" height="${f1(bar + 1)}" fill="#000"/>`,
      );
  }
  if (p.look === "ink")
    out.push(
      `<rect x="${f1(u * 0.02)}" y="${f1(u * 0.02)}" width="${f1(w - u * 0.04)}" height="${f1(h - u * 0.04)}" fill="none" stroke="${INK}" stroke-width="1.5"/>`,
    );
  return out;
}

/**
 * librsvg paints an element with `opacity` through an offscreen layer of its own (measured:
 * 160 translucent snowflakes cost ~100 ms at 1024²); fill-/stroke-opacity are free. For a
 * single shape they look the same, so single shapes get those instead.
 */
function cheapOpacity(element: string): string {
  return element.replace(
    /<(circle|ellipse|rect|path|line|polygon)\b([^>]*?) opacity="([\d.]+)"([^>]*?)\/>/g,
    (_m, tag: string, a: string, v: string, b: string) => {
      const attrs = a + b;
      const stroked = /\bstroke="(?!none)/.test(attrs);
      const filled = !/\bfill="none"/.test(attrs);
      return `<${tag}${a}${filled ? ` fill-opacity="${v}"` : ""}${stroked ? ` stroke-opacity="${v}"` : ""}${b}/>`;
    },
  );
}

function svg(scene: Scene, parts: Array<"back" | "front" | "overlay">): string {
  const { w, h, p } = scene.ctx;
  const body = parts.flatMap((k) => scene[k].map(cheapOpacity)).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${p.definitions()}\n${body}\n</svg>`;
}

export function buildSceneSvg(input: ProceduralInput): string {
  return svg(composeScene(input), ["back", "front", "overlay"]);
}

/** What the renderer understood from a prompt (tests and the README's examples use it). */
export function describeScene(prompt: string): SceneSpec {
  return readPrompt(prompt);
}

/** Low-frequency blotches of a paper's grain, near white: multiplied into watercolours. */
async function paperTexture(w: number, h: number, rand: () => number): Promise<RawImage> {
  const n = 48;
  const raw = Buffer.alloc(n * n * 3);
  for (let i = 0; i < n * n; i++) {
    const v = 228 + Math.floor(rand() * 27);
    raw[i * 3] = v;
    raw[i * 3 + 1] = v - 2;
    raw[i * 3 + 2] = v - 7;
  }
  return toRaw(
    sharp(raw, { raw: { width: n, height: n, channels: 3 } })
      .resize(w, h, { kernel: "cubic", fit: "fill" })
      .blur(Math.max(1, w / 160)),
  );
}

type RawImage = { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };

/** Intermediate pictures stay raw pixels: no PNG encode and decode between steps. */
async function toRaw(img: Sharp): Promise<RawImage> {
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, info: { width: info.width, height: info.height, channels: info.channels } };
}

const fromRaw = (r: RawImage) => sharp(r.data, { raw: r.info });

const png = (img: Sharp) => img.png({ compressionLevel: 6 }).toBuffer();

/** Renders the scene to PNG bytes. */
export async function renderProcedural(input: ProceduralInput): Promise<Buffer> {
  const scene = composeScene(input);
  const { w, h, u } = scene.ctx;
  const all = () => Buffer.from(svg(scene, ["back", "front", "overlay"]));
  switch (input.style) {
    case "pixel-art": {
      // Drawn small, cut to 16 colours, then every small pixel becomes a hard-edged block
      // (by hand: libvips blends a non-integer nearest-neighbour enlargement).
      const k = Math.max(4, u / 96);
      const sw = Math.max(8, Math.round(w / k));
      const sh = Math.max(8, Math.round(h / k));
      const quantised = await sharp(all(), { density: 72 / k })
        .resize(sw, sh, { fit: "fill" })
        .removeAlpha()
        .png({ palette: true, colours: 16, dither: 0 })
        .toBuffer();
      const small = await toRaw(sharp(quantised).removeAlpha());
      const big = Buffer.alloc(w * h * 3);
      const line = Buffer.alloc(w * 3);
      let built = -1;
      for (let y = 0; y < h; y++) {
        const sy = Math.min(sh - 1, Math.floor((y * sh) / h));
        if (sy !== built) {
          for (let x = 0; x < w; x++) {
            const from = (sy * sw + Math.min(sw - 1, Math.floor((x * sw) / w))) * 3;
            line[x * 3] = small.data[from]!;
            line[x * 3 + 1] = small.data[from + 1]!;
            line[x * 3 + 2] = small.data[from + 2]!;
          }
          built = sy;
        }
        line.copy(big, y * w * 3);
      }
      return sharp(big, { raw: { width: w, height: h, channels: 3 } })
        .png({ palette: true, colours: 16, dither: 0 })
        .toBuffer();
    }
    case "watercolor": {
      // Soft, bled edges on textured paper, a little paler than life.
      const [paper, soft] = await Promise.all([
        paperTexture(w, h, scene.ctx.rand),
        toRaw(
          sharp(all())
            .removeAlpha()
            .blur(Math.max(0.6, u * 0.0014))
            .modulate({ saturation: 0.86, brightness: 1.04 }),
        ),
      ]);
      return png(fromRaw(soft).composite([{ input: paper.data, raw: paper.info, blend: "multiply" }]));
    }
    case "photographic":
    case "cinematic": {
      // A shallow depth of field: the setting behind the subject is out of focus.
      const back = sharp(Buffer.from(svg(scene, ["back"])));
      const blurred = await toRaw(scene.spec.subject ? back.blur(Math.max(0.6, u * 0.0045)) : back);
      const composed = await toRaw(fromRaw(blurred).composite([{ input: Buffer.from(svg(scene, ["front", "overlay"])) }]));
      const img = fromRaw(composed);
      return png(
        input.style === "cinematic"
          ? img.modulate({ saturation: 1.1 }).linear([1.06, 1.0, 0.92], [-6, 2, 10])
          : img.modulate({ saturation: 0.92 }),
      );
    }
    case "oil-painting": {
      // Brushy: detail smeared by a median at half size, then the canvas weave on top.
      const half = await toRaw(
        sharp(Buffer.from(svg(scene, ["back", "front"])))
          .resize(Math.round(w / 2), Math.round(h / 2))
          .median(3)
          .modulate({ saturation: 1.1 }),
      );
      const up = await toRaw(fromRaw(half).resize(w, h, { kernel: "cubic" }));
      return png(fromRaw(up).composite([{ input: Buffer.from(svg(scene, ["overlay"])) }]));
    }
    case "anime":
    case "digital-art":
    case "fantasy":
      return png(sharp(all()).modulate({ saturation: input.style === "anime" ? 1.2 : 1.12 }));
    default:
      return png(sharp(all()));
  }
}
