// Colours and the painter: every shape of the offline renderer is drawn through one
// Painter, which gives it the look of the chosen style (flat, outlined ink, cel shading,
// modelled 3D, translucent washes) with no SVG filters, which librsvg rasterises slowly.
import type { Style } from "../../../../models/catalogue";

export function hsl(h: number, s: number, l: number): string {
  h = ((h % 360) + 360) % 360;
  s = Math.max(0, Math.min(100, s)) / 100;
  l = Math.max(0, Math.min(100, l)) / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number) =>
    Math.round(x * 255)
      .toString(16)
      .padStart(2, "0");
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

function rgb(c: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
}

export function mix(a: string, b: string, t: number): string {
  const pa = rgb(a);
  const pb = rgb(b);
  return `#${pa
    .map((v, i) =>
      Math.round(v + (pb[i]! - v) * Math.max(0, Math.min(1, t)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

export const lighten = (c: string, t: number) => mix(c, "#ffffff", t);
export const darken = (c: string, t: number) => mix(c, "#000000", t);

/** Relative luminance, 0..1 (for choosing ink on paper or light on dark). */
export function luminance(c: string): number {
  const [r, g, b] = rgb(c).map((v) => v / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

export type Look = "plain" | "ink" | "cel" | "modelled" | "wash" | "flat";

export function lookOf(style: Style | undefined): Look {
  switch (style) {
    case "line-art":
      return "ink";
    case "anime":
      return "cel";
    case "3d-render":
      return "modelled";
    case "watercolor":
      return "wash";
    case "pixel-art":
      return "flat";
    default:
      return "plain";
  }
}

export const PAPER = "#f7f2e8";
export const INK = "#23211f";

type ShapeOptions = { opacity?: number; weight?: number; /** No outline even in ink or cel looks (skies, glows). */ bare?: boolean };

/** Draws shapes in the style's look and collects the gradients they need. */
export class Painter {
  readonly look: Look;
  private readonly defs = new Map<string, string>();

  constructor(
    readonly style: Style | undefined,
    /** The shorter side of the picture: line widths and details scale with it. */
    readonly unit: number,
  ) {
    this.look = lookOf(style);
  }

  /** A gradient (or other definition), deduplicated by id; returns `url(#id)`. */
  define(id: string, markup: (id: string) => string): string {
    if (!this.defs.has(id)) this.defs.set(id, markup(id));
    return `url(#${id})`;
  }

  linear(stops: Array<[number, string, number?]>, dir: { x1?: number; y1?: number; x2?: number; y2?: number } = {}): string {
    const { x1 = 0, y1 = 0, x2 = 0, y2 = 1 } = dir;
    const key = `lin-${x1}${y1}${x2}${y2}-${stops.map((s) => s.join("_")).join("-")}`.replace(/[^a-z0-9_-]/gi, "");
    return this.define(
      key,
      (id) =>
        `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stops.map(([o, c, a = 1]) => `<stop offset="${o}" stop-color="${c}" stop-opacity="${a}"/>`).join("")}</linearGradient>`,
    );
  }

  radial(stops: Array<[number, string, number?]>, at: { cx?: number; cy?: number; r?: number } = {}): string {
    const { cx = 0.5, cy = 0.5, r = 0.5 } = at;
    const key = `rad-${cx}${cy}${r}-${stops.map((s) => s.join("_")).join("-")}`.replace(/[^a-z0-9_-]/gi, "");
    return this.define(
      key,
      (id) =>
        `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${stops.map(([o, c, a = 1]) => `<stop offset="${o}" stop-color="${c}" stop-opacity="${a}"/>`).join("")}</radialGradient>`,
    );
  }

  /** Fill and stroke attributes for a solid shape of `colour`, in this look. */
  paint(colour: string, o: ShapeOptions = {}): string {
    const op = o.opacity != null && o.opacity < 1 ? ` opacity="${o.opacity.toFixed(2)}"` : "";
    const w = this.unit * 0.0032 * (o.weight ?? 1);
    switch (this.look) {
      case "ink":
        return o.bare
          ? `fill="${PAPER}"${op}`
          : `fill="${PAPER}" stroke="${INK}" stroke-width="${f1(Math.max(1.2, w))}" stroke-linejoin="round" stroke-linecap="round"${op}`;
      case "cel":
        return o.bare
          ? `fill="${colour}"${op}`
          : `fill="${colour}" stroke="${darken(colour, 0.55)}" stroke-width="${f1(Math.max(1.5, w * 1.2))}" stroke-linejoin="round"${op}`;
      case "modelled": {
        if (o.bare) return `fill="${colour}"${op}`;
        // Lit from the upper left: a soft highlight falling off into a darker rim.
        const url = this.radial(
          [
            [0, lighten(colour, 0.38)],
            [0.55, colour],
            [1, darken(colour, 0.42)],
          ],
          { cx: 0.34, cy: 0.28, r: 0.85 },
        );
        return `fill="${url}"${op}`;
      }
      case "wash":
        // Translucent pigment with a darker, pooled edge.
        return `fill="${colour}" fill-opacity="${((o.opacity ?? 1) * 0.78).toFixed(2)}" stroke="${darken(colour, 0.25)}" stroke-opacity="0.4" stroke-width="${f1(Math.max(1, w * 1.4))}" stroke-linejoin="round"`;
      default:
        return `fill="${colour}"${op}`;
    }
  }

  /** A line (hair, whiskers, noodles): ink is black, everything else its own colour. */
  line(colour: string, width: number, extra = ""): string {
    const c = this.look === "ink" ? INK : this.look === "cel" ? darken(colour, 0.2) : colour;
    return `fill="none" stroke="${c}" stroke-width="${f1(width)}" stroke-linecap="round" stroke-linejoin="round"${extra ? ` ${extra}` : ""}`;
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, colour: string, o?: ShapeOptions, transform = ""): string {
    return `<ellipse cx="${f1(cx)}" cy="${f1(cy)}" rx="${f1(Math.max(0.1, rx))}" ry="${f1(Math.max(0.1, ry))}" ${this.paint(colour, o)}${transform ? ` transform="${transform}"` : ""}/>`;
  }

  circle(cx: number, cy: number, r: number, colour: string, o?: ShapeOptions): string {
    return `<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(Math.max(0.1, r))}" ${this.paint(colour, o)}/>`;
  }

  rect(x: number, y: number, w: number, h: number, colour: string, o?: ShapeOptions & { rx?: number }): string {
    return `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(Math.max(0.1, w))}" height="${f1(Math.max(0.1, h))}"${o?.rx ? ` rx="${f1(o.rx)}"` : ""} ${this.paint(colour, o)}/>`;
  }

  path(d: string, colour: string, o?: ShapeOptions): string {
    return `<path d="${d}" ${this.paint(colour, o)}/>`;
  }

  polygon(points: Array<[number, number]>, colour: string, o?: ShapeOptions): string {
    return `<polygon points="${points.map(([x, y]) => `${f1(x)},${f1(y)}`).join(" ")}" ${this.paint(colour, o)}/>`;
  }

  definitions(): string {
    return this.defs.size ? `<defs>${[...this.defs.values()].join("")}</defs>` : "";
  }
}

/** Pushes a colour away from (k > 1) or towards (k < 1) grey of the same lightness. */
export function saturate(c: string, k: number): string {
  const [r, g, b] = rgb(c);
  const grey = 0.299 * r + 0.587 * g + 0.114 * b;
  const ch = (v: number) =>
    Math.round(Math.max(0, Math.min(255, grey + (v - grey) * k)))
      .toString(16)
      .padStart(2, "0");
  return `#${ch(r)}${ch(g)}${ch(b)}`;
}

/**
 * A smooth closed (or open) outline through the points: Catmull-Rom turned into cubic
 * Béziers. Organic shapes (animals, people, clouds, hills) are drawn from a handful of points.
 */
export function smoothPath(points: Array<[number, number]>, closed = true, tension = 1): string {
  const n = points.length;
  if (n < 2) return "";
  const at = (i: number) => (closed ? points[(i + n) % n]! : points[Math.max(0, Math.min(n - 1, i))]!);
  let d = `M${f1(points[0]![0])},${f1(points[0]![1])}`;
  const segments = closed ? n : n - 1;
  for (let i = 0; i < segments; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    const c1: [number, number] = [p1[0] + ((p2[0] - p0[0]) / 6) * tension, p1[1] + ((p2[1] - p0[1]) / 6) * tension];
    const c2: [number, number] = [p2[0] - ((p3[0] - p1[0]) / 6) * tension, p2[1] - ((p3[1] - p1[1]) / 6) * tension];
    d += ` C${f1(c1[0])},${f1(c1[1])} ${f1(c2[0])},${f1(c2[1])} ${f1(p2[0])},${f1(p2[1])}`;
  }
  return closed ? `${d} Z` : d;
}
