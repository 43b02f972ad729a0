// Where a picture takes place: the sky and its light, then one of the settings (mountains,
// fields, desert, snow, forest, sea, city, space, an abstract ground, a table, a studio).
import type { Ctx } from "./context";
import { darken, f1, hsl, INK, lighten, mix, PAPER, smoothPath } from "./paint";

// ---------------------------------------------------------------- sky

export function sky(ctx: Ctx): string[] {
  const { w, h, p, pal, time } = ctx;
  if (p.look === "ink") return [`<rect width="${w}" height="${h}" fill="${PAPER}"/>`];
  const out = [
    `<rect width="${w}" height="${h}" fill="${p.linear([
      [0, pal.sky[0]],
      [0.55, pal.sky[1]],
      [1, pal.sky[2]],
    ])}"/>`,
  ];
  if (time === "night" || time === "dusk") out.push(...stars(ctx, time === "night" ? 140 : 50, ctx.horizon));
  if (ctx.spec.extras.has("aurora")) out.push(...aurora(ctx));
  return out;
}

export function stars(ctx: Ctx, count: number, bottom: number): string[] {
  const out: string[] = [];
  const r0 = ctx.u * 0.0012;
  for (let i = 0; i < count; i++) {
    const x = ctx.rand() * ctx.w;
    const y = ctx.rand() * ctx.rand() * bottom;
    const r = r0 * (0.6 + ctx.rand() * 1.6);
    if (ctx.p.look === "ink") out.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r)}" fill="${INK}"/>`);
    else out.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r)}" fill="#fff" opacity="${(0.35 + ctx.rand() * 0.65).toFixed(2)}"/>`);
  }
  return out;
}

function aurora(ctx: Ctx): string[] {
  const { w, h, p } = ctx;
  const out: string[] = [];
  for (let band = 0; band < 3; band++) {
    const c = band === 1 ? hsl(170, 80, 60) : band === 2 ? hsl(290, 60, 65) : hsl(135, 85, 55);
    const top = h * (0.08 + band * 0.07);
    const pts: Array<[number, number]> = [];
    for (let i = 0; i <= 6; i++) pts.push([(w * i) / 6, top + Math.sin(i * 1.3 + band + ctx.rand()) * h * 0.06]);
    const back = pts.map(([x, y]) => [x, y + h * (0.16 + ctx.rand() * 0.06)] as [number, number]).reverse();
    const fill = p.linear([
      [0, c, 0],
      [0.35, c, 0.55],
      [1, c, 0],
    ]);
    out.push(
      `<path d="${smoothPath([...pts, ...back])}" fill="${p.look === "ink" ? "none" : fill}"${p.look === "ink" ? ` stroke="${INK}" stroke-width="1"` : ""}/>`,
    );
  }
  return out;
}

/** The sun (or the moon at night) with its glow, and a few soft clouds. */
export function sunAndClouds(ctx: Ctx, { clouds = true } = {}): string[] {
  const { p, pal, sun, time, u, w } = ctx;
  const out: string[] = [];
  if (p.look === "ink") {
    out.push(`<circle cx="${f1(sun.x)}" cy="${f1(sun.y)}" r="${f1(sun.r)}" fill="none" stroke="${INK}" stroke-width="2"/>`);
  } else {
    const glowR = sun.r * (time === "night" ? 4 : 7);
    out.push(
      `<circle cx="${f1(sun.x)}" cy="${f1(sun.y)}" r="${f1(glowR)}" fill="${p.radial([
        [0, pal.glow, 0.8],
        [0.3, pal.glow, 0.28],
        [1, pal.glow, 0],
      ])}"/>`,
    );
    if (time === "night" && ctx.rand() < 0.6) {
      // A crescent moon: the outer arc of the disc, then an inner arc back to the tips.
      const tx = sun.x + sun.r * 0.5;
      const ty = sun.r * 0.866;
      out.push(
        `<path d="M${f1(tx)},${f1(sun.y - ty)} A${f1(sun.r)},${f1(sun.r)} 0 1 0 ${f1(tx)},${f1(sun.y + ty)} A${f1(sun.r * 1.05)},${f1(sun.r * 1.05)} 0 0 1 ${f1(tx)},${f1(sun.y - ty)} Z" fill="${pal.sun}"/>`,
      );
    } else out.push(`<circle cx="${f1(sun.x)}" cy="${f1(sun.y)}" r="${f1(sun.r)}" fill="${pal.sun}"/>`);
  }
  if (!clouds || time === "night") return out;
  const n = 2 + Math.floor(ctx.rand() * 3);
  const lit = mix(pal.sky[2], "#ffffff", time === "day" ? 0.75 : 0.45);
  for (let c = 0; c < n; c++) {
    const cx = ctx.rand() * w;
    const cy = ctx.horizon * (0.18 + ctx.rand() * 0.45);
    const span = u * (0.18 + ctx.rand() * 0.2);
    for (let k = 0; k < 5; k++) {
      const ex = cx + (ctx.rand() - 0.5) * span;
      const ey = cy + (ctx.rand() - 0.5) * span * 0.12;
      const rx = span * (0.22 + ctx.rand() * 0.25);
      const ry = span * (0.07 + ctx.rand() * 0.06);
      if (p.look === "ink")
        out.push(
          `<ellipse cx="${f1(ex)}" cy="${f1(ey)}" rx="${f1(rx)}" ry="${f1(ry)}" fill="${PAPER}" stroke="${INK}" stroke-width="1.2"/>`,
        );
      else if (p.look === "cel" || p.look === "flat")
        out.push(`<ellipse cx="${f1(ex)}" cy="${f1(ey)}" rx="${f1(rx)}" ry="${f1(ry)}" fill="${lit}"/>`);
      else
        out.push(
          `<ellipse cx="${f1(ex)}" cy="${f1(ey)}" rx="${f1(rx)}" ry="${f1(ry)}" fill="${p.radial([
            [0, lit, 0.85],
            [0.6, lit, 0.5],
            [1, lit, 0],
          ])}"/>`,
        );
    }
  }
  return out;
}

// ---------------------------------------------------------------- land

/** A ridge line as a closed shape down to `bottom`: a sum of sines plus seeded jitter. */
export function ridge(ctx: Ctx, baseY: number, amplitude: number, roughness: number, bottom = ctx.h): string {
  const waves = Array.from({ length: 4 }, (_, i) => ({
    freq: (0.6 + ctx.rand() * 1.4) * (i + 1) * roughness,
    phase: ctx.rand() * Math.PI * 2,
    amp: amplitude / (i + 1.3),
  }));
  const steps = 64;
  const pts: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = (i / steps) * ctx.w;
    const t = (i / steps) * Math.PI * 2;
    let y = baseY;
    for (const wv of waves) y -= Math.sin(t * wv.freq + wv.phase) * wv.amp;
    y += (ctx.rand() - 0.5) * amplitude * 0.06;
    pts.push(`${f1(x)},${f1(y)}`);
  }
  return `M0,${f1(bottom)} L${pts.join(" L")} L${ctx.w},${f1(bottom)} Z`;
}

/** Gentle hills through a few points (fields, snow, dunes). */
function hill(ctx: Ctx, y: number, amp: number, bottom = ctx.h): string {
  const pts: Array<[number, number]> = [[-ctx.w * 0.1, y + (ctx.rand() - 0.5) * amp]];
  for (let i = 1; i <= 4; i++) pts.push([(ctx.w * i) / 4 + (ctx.rand() - 0.5) * ctx.w * 0.1, y + (ctx.rand() - 0.5) * amp * 2]);
  pts.push([ctx.w * 1.1, y + (ctx.rand() - 0.5) * amp]);
  return `${smoothPath(pts, false)} L${f1(ctx.w * 1.1)},${f1(bottom)} L${f1(-ctx.w * 0.1)},${f1(bottom)} Z`;
}

function mountains(ctx: Ctx): string[] {
  const { h, pal, p, horizon } = ctx;
  const out: string[] = [];
  const layers = 4;
  for (let i = 0; i < layers; i++) {
    const t = i / (layers - 1);
    const baseY = horizon - h * (0.2 - t * 0.2);
    const colour = mix(mix(pal.far, pal.sky[2], 0.3 * (1 - t)), pal.near, t);
    out.push(
      p.path(
        ridge(ctx, baseY, h * (0.13 - t * 0.06) * (0.7 + ctx.rand() * 0.6), 0.8 + t * 1.2),
        ctx.spec.snow && i < 2 ? lighten(colour, 0.55) : colour,
        { weight: 0.6 + t },
      ),
    );
  }
  return out;
}

function field(ctx: Ctx): string[] {
  const { w, h, pal, p, horizon } = ctx;
  const out = [p.path(ridge(ctx, horizon - h * 0.05, h * 0.05, 0.7), mix(pal.far, pal.sky[2], 0.25))];
  const green = ctx.spec.snow ? "#e9eef5" : pal.mid;
  out.push(p.path(hill(ctx, horizon, h * 0.015), green));
  // Rows of flowers (lavender, tulips...) that run towards the horizon.
  const flowers = ctx.spec.extras.has("flowers") || ctx.spec.colours.length > 0;
  if (flowers && !ctx.spec.snow) {
    // Between the rows: the flowers' own colour in shadow, not green grass.
    out.push(p.path(hill(ctx, horizon + h * 0.005, h * 0.01), darken(mix(pal.accent, pal.mid, 0.3), 0.45), { bare: true }));
    const rows = 9;
    const vx = w * (0.3 + ctx.rand() * 0.4);
    for (let i = -rows; i <= rows; i++) {
      const x0 = vx + (i * w) / 5;
      const d = `M${f1(vx + i * w * 0.012)},${f1(horizon + h * 0.01)} L${f1(x0 - w * 0.075)},${f1(h)} L${f1(x0 + w * 0.075)},${f1(h)} Z`;
      out.push(p.path(d, i % 2 ? pal.accent : darken(pal.accent, 0.25), { weight: 0.5 }));
    }
    // Blossom dots in the near rows.
    if (p.look !== "ink") {
      for (let k = 0; k < 140; k++) {
        const y = horizon + (h - horizon) * Math.sqrt(ctx.rand());
        const depth = (y - horizon) / (h - horizon);
        out.push(
          `<circle cx="${f1(ctx.rand() * w)}" cy="${f1(y)}" r="${f1(ctx.u * 0.006 * depth + 0.5)}" fill="${lighten(pal.accent, 0.25)}" opacity="0.8"/>`,
        );
      }
    }
  } else {
    out.push(p.path(hill(ctx, horizon + (h - horizon) * 0.35, h * 0.02), darken(green, 0.18)));
  }
  return out;
}

function desert(ctx: Ctx): string[] {
  const { h, p, horizon, pal } = ctx;
  const sand = mix(hsl(34, 70, 62), pal.light, 0.2);
  const out = [p.path(ridge(ctx, horizon - h * 0.06, h * 0.08, 0.4), mix(hsl(20, 45, 52), pal.sky[2], 0.35))];
  for (let i = 0; i < 3; i++) {
    const y = horizon + (ctx.h - horizon) * (i * 0.3);
    out.push(p.path(hill(ctx, y, h * 0.03), darken(sand, 0.12 * (2 - i))));
  }
  return out;
}

function snowfield(ctx: Ctx): string[] {
  const { h, p, horizon, pal } = ctx;
  const snow = ctx.p.look === "ink" ? PAPER : mix("#f4f7fb", pal.light, 0.15);
  const out = [p.path(ridge(ctx, horizon - h * 0.08, h * 0.1, 0.9), mix(lighten(pal.far, 0.5), pal.sky[2], 0.3))];
  out.push(...treeLine(ctx, horizon + h * 0.01, h * 0.08, darken(pal.near, 0.1), 0.35));
  out.push(p.path(hill(ctx, horizon + h * 0.02, h * 0.015), snow));
  out.push(p.path(hill(ctx, horizon + (h - horizon) * 0.45, h * 0.02), mix(snow, "#b8c8e0", 0.25)));
  return out;
}

/** A row of pine silhouettes along `base`. */
export function treeLine(ctx: Ctx, base: number, height: number, colour: string, density = 1): string[] {
  const out: string[] = [];
  const n = Math.round(26 * density);
  for (let i = 0; i < n; i++) {
    const x = (i / n) * ctx.w + ctx.rand() * (ctx.w / n);
    const th = height * (0.6 + ctx.rand() * 0.8);
    out.push(...pine(ctx, x, base + ctx.rand() * height * 0.15, th, colour));
  }
  return out;
}

export function pine(ctx: Ctx, x: number, base: number, height: number, colour: string): string[] {
  const wdt = height * 0.42;
  const tiers = 3;
  const out: string[] = [];
  for (let t = 0; t < tiers; t++) {
    const top = base - height + (t * height) / (tiers + 0.6);
    const bottom = base - ((tiers - 1 - t) * height) / (tiers * 2.4);
    const half = (wdt / 2) * (0.55 + (t / tiers) * 0.6);
    out.push(
      ctx.p.polygon(
        [
          [x, top],
          [x + half, bottom],
          [x - half, bottom],
        ],
        colour,
        { weight: 0.5 },
      ),
    );
  }
  if (ctx.spec.snow && ctx.p.look !== "ink")
    out.push(
      ctx.p.polygon(
        [
          [x, base - height],
          [x + wdt * 0.12, base - height * 0.78],
          [x - wdt * 0.12, base - height * 0.78],
        ],
        "#f4f7fb",
        { bare: true },
      ),
    );
  return out;
}

function forest(ctx: Ctx): string[] {
  const { h, p, pal, horizon } = ctx;
  const out = [p.path(ridge(ctx, horizon - h * 0.1, h * 0.08, 0.6), mix(pal.far, pal.sky[2], 0.3))];
  const rows = 3;
  for (let r = 0; r < rows; r++) {
    const t = r / (rows - 1);
    const colour = mix(mix(pal.mid, pal.sky[2], 0.45 * (1 - t)), pal.near, t);
    out.push(...treeLine(ctx, horizon + h * 0.04 * r, h * (0.14 + t * 0.1), colour, 1 - t * 0.3));
  }
  const floor = ctx.spec.snow ? "#eef2f8" : darken(pal.near, 0.1);
  out.push(p.path(hill(ctx, horizon + h * 0.1, h * 0.01), floor));
  // Shafts of light between the trees by day.
  if (!pal.night && p.look !== "ink" && p.look !== "flat") {
    for (let i = 0; i < 4; i++) {
      const x = ctx.w * (0.15 + ctx.rand() * 0.7);
      out.push(
        `<polygon points="${f1(x)},0 ${f1(x + ctx.w * 0.05)},0 ${f1(x + ctx.w * 0.22)},${f1(ctx.h)} ${f1(x + ctx.w * 0.1)},${f1(ctx.h)}" fill="${pal.light}" opacity="0.09"/>`,
      );
    }
  }
  return out;
}

function sea(ctx: Ctx): string[] {
  const { w, h, p, pal, horizon, sun } = ctx;
  const out: string[] = [];
  // A distant coast on one side.
  if (ctx.rand() < 0.7) {
    const left = ctx.rand() < 0.5;
    const x0 = left ? -w * 0.05 : w * 0.55;
    const x1 = left ? w * 0.45 : w * 1.05;
    out.push(
      p.path(
        smoothPath(
          [
            [x0, horizon + 1],
            [x0 + (x1 - x0) * 0.2, horizon - h * 0.06],
            [x0 + (x1 - x0) * 0.55, horizon - h * 0.04],
            [x1, horizon + 1],
          ],
          false,
        ) + " Z",
        mix(pal.far, pal.sky[2], 0.35),
      ),
    );
  }
  if (p.look === "ink") {
    out.push(`<line x1="0" y1="${f1(horizon)}" x2="${w}" y2="${f1(horizon)}" stroke="${INK}" stroke-width="2"/>`);
    for (let i = 0; i < 16; i++) {
      const y = horizon + ((h - horizon) * (i + 1)) / 17;
      const x = ctx.rand() * w * 0.7;
      out.push(
        `<path d="M${f1(x)},${f1(y)} q${f1(w * 0.03)},${f1(-h * 0.008)} ${f1(w * 0.06)},0 t${f1(w * 0.06)},0" fill="none" stroke="${INK}" stroke-width="1.2"/>`,
      );
    }
    return out;
  }
  out.push(
    `<rect x="0" y="${f1(horizon)}" width="${w}" height="${f1(h - horizon)}" fill="${p.linear([
      [0, mix(pal.water, pal.sky[2], 0.45)],
      [1, pal.water],
    ])}"/>`,
  );
  // The sun's (or moon's) path on the water.
  for (let i = 0; i < 22; i++) {
    const y = horizon + (h - horizon) * (0.02 + i / 23);
    const half = sun.r * (0.5 + ctx.rand() * 1.6) * (1 + i / 14);
    out.push(
      `<rect x="${f1(sun.x - half + (ctx.rand() - 0.5) * sun.r)}" y="${f1(y)}" width="${f1(half * 2)}" height="${f1(Math.max(1.5, h * 0.004))}" rx="1" fill="${pal.sun}" opacity="${(0.5 - i * 0.018).toFixed(2)}"/>`,
    );
  }
  // Wave crests, larger towards the viewer.
  const crest = lighten(pal.water, 0.45);
  const big = ctx.spec.extras.has("waves");
  for (let i = 0; i < (big ? 26 : 16); i++) {
    const depth = ctx.rand();
    const y = horizon + (h - horizon) * (0.08 + depth * 0.9);
    const len = w * (0.03 + depth * (big ? 0.16 : 0.08));
    const x = ctx.rand() * w;
    out.push(
      `<path d="M${f1(x)},${f1(y)} q${f1(len / 2)},${f1(-len * (big ? 0.25 : 0.1))} ${f1(len)},0" ${p.line(crest, 1 + depth * (big ? 4 : 2))} opacity="0.7"/>`,
    );
  }
  if (ctx.spec.extras.has("boat")) out.push(...boat(ctx, w * (0.2 + ctx.rand() * 0.6), horizon + (h - horizon) * 0.25, ctx.u * 0.12));
  // Something that stands (a dog, a cabin, a person) stands on the beach, not in the water.
  const kind = ctx.spec.subject?.kind;
  const swims = ctx.spec.subject?.kind === "animal" && (ctx.spec.subject.animal === "whale" || ctx.spec.subject.animal === "fish");
  const lighthouse = ctx.spec.subject?.kind === "building" && ctx.spec.subject.building === "lighthouse";
  if ((kind === "animal" && !swims) || (kind === "building" && !lighthouse)) {
    const shore = h * 0.78;
    const sand = mix(hsl(38, 55, 70), pal.light, 0.15);
    out.push(p.path(hill(ctx, shore, h * 0.012), mix(sand, pal.water, 0.35)));
    out.push(p.path(hill(ctx, shore + h * 0.015, h * 0.01), pal.night ? darken(sand, 0.55) : sand));
    ctx.ground = h * 0.9;
  }
  return out;
}

function boat(ctx: Ctx, x: number, y: number, size: number): string[] {
  const { p } = ctx;
  const hull = darken(ctx.pal.near, 0.2);
  return [
    p.path(
      `M${f1(x - size * 0.5)},${f1(y)} L${f1(x + size * 0.5)},${f1(y)} L${f1(x + size * 0.35)},${f1(y + size * 0.16)} L${f1(x - size * 0.38)},${f1(y + size * 0.16)} Z`,
      hull,
    ),
    p.rect(x - size * 0.015, y - size * 0.9, size * 0.03, size * 0.9, hull),
    p.polygon(
      [
        [x + size * 0.02, y - size * 0.85],
        [x + size * 0.42, y - size * 0.08],
        [x + size * 0.02, y - size * 0.08],
      ],
      lighten(ctx.pal.light, 0.6),
    ),
    p.polygon(
      [
        [x - size * 0.03, y - size * 0.7],
        [x - size * 0.3, y - size * 0.1],
        [x - size * 0.03, y - size * 0.1],
      ],
      lighten(ctx.pal.light, 0.4),
    ),
  ];
}

function city(ctx: Ctx): string[] {
  const { w, h, p, pal, horizon } = ctx;
  const out: string[] = [];
  const night = pal.night;
  const neon = ctx.spec.neon || (night && ctx.rand() < 0.5);
  const neonColours = [pal.accent, pal.accent2, "#ff3fa4", "#27e1ff", "#ffd23f"];
  // The city lights the low sky.
  if (night && p.look !== "ink")
    out.push(
      `<rect width="${w}" height="${f1(horizon)}" fill="${p.linear([
        [0, neon ? "#ff3fa4" : "#ffb35c", 0],
        [1, neon ? "#b03cff" : "#ffb35c", 0.35],
      ])}"/>`,
    );
  // Two rows of towers: the far row paler, the near row with windows and signs.
  for (let row = 0; row < 2; row++) {
    const base = horizon + row * h * 0.02;
    const colour = row === 0 ? mix(pal.far, pal.sky[1], 0.35) : night ? hsl(240, 25, 10) : darken(pal.far, 0.35);
    let x = -ctx.rand() * w * 0.05;
    while (x < w) {
      const bw = w * (row === 0 ? 0.05 + ctx.rand() * 0.07 : 0.07 + ctx.rand() * 0.08);
      const bh = h * (row === 0 ? 0.2 + ctx.rand() * 0.35 : 0.15 + ctx.rand() * 0.38);
      const top = base - bh;
      out.push(p.rect(x, top, bw - 2, bh + h, colour, { weight: 0.6 }));
      if (row === 0 && ctx.rand() < 0.25) out.push(p.rect(x + bw * 0.45, top - bh * 0.15, 3, bh * 0.15, colour, { bare: true }));
      if (row === 1) {
        // Windows: lit at night (some dark), glassy by day.
        const cols = Math.max(2, Math.floor(bw / (ctx.u * 0.022)));
        const rowsN = Math.floor(bh / (ctx.u * 0.03));
        const cw = (bw - 6) / cols;
        for (let r = 0; r < rowsN; r++) {
          for (let c = 0; c < cols; c++) {
            const lit = night ? ctx.rand() < 0.45 : ctx.rand() < 0.9;
            if (!lit) continue;
            const wc = night
              ? neon && ctx.rand() < 0.25
                ? neonColours[Math.floor(ctx.rand() * neonColours.length)]!
                : hsl(42, 90, 70)
              : mix(pal.sky[1], "#ffffff", 0.3);
            const wx = x + 3 + c * cw + cw * 0.2;
            const wy = top + ctx.u * 0.012 + r * ctx.u * 0.03;
            if (p.look === "ink")
              out.push(
                `<rect x="${f1(wx)}" y="${f1(wy)}" width="${f1(cw * 0.55)}" height="${f1(ctx.u * 0.014)}" fill="none" stroke="${INK}" stroke-width="0.8"/>`,
              );
            else
              out.push(
                `<rect x="${f1(wx)}" y="${f1(wy)}" width="${f1(cw * 0.55)}" height="${f1(ctx.u * 0.014)}" fill="${wc}" opacity="${night ? 0.9 : 0.55}"/>`,
              );
          }
        }
        if (neon && ctx.rand() < 0.45)
          out.push(
            ...neonSign(ctx, x + bw * 0.2, top + bh * 0.2, bw * 0.5, bh * 0.3, neonColours[Math.floor(ctx.rand() * neonColours.length)]!),
          );
      }
      x += bw;
    }
  }
  // The street: wet and reflective at night or in rain.
  const street = night ? hsl(240, 20, 8) : darken(pal.mid, 0.5);
  out.push(p.rect(0, horizon, w, h - horizon, street, { bare: true }));
  if ((night || ctx.spec.rain) && p.look !== "ink") {
    for (let i = 0; i < 40; i++) {
      const x = ctx.rand() * w;
      const c = neon ? neonColours[Math.floor(ctx.rand() * neonColours.length)]! : hsl(42, 90, 70);
      out.push(
        `<rect x="${f1(x)}" y="${f1(horizon + 2)}" width="${f1(ctx.u * (0.004 + ctx.rand() * 0.012))}" height="${f1((h - horizon) * (0.3 + ctx.rand() * 0.7))}" fill="${p.linear(
          [
            [0, c, 0.7],
            [1, c, 0],
          ],
        )}"/>`,
      );
    }
  }
  // Lane lines, in perspective.
  const vx = w * 0.5;
  out.push(
    `<path d="M${f1(vx)},${f1(horizon)} L${f1(vx - w * 0.02)},${f1(h)} M${f1(vx)},${f1(horizon)} L${f1(vx + w * 0.02)},${f1(h)}" ${p.line(night ? hsl(45, 80, 60) : "#e9e5da", ctx.u * 0.004, 'stroke-dasharray="14 18" opacity="0.7"')}/>`,
  );
  return out;
}

function neonSign(ctx: Ctx, x: number, y: number, w: number, h: number, colour: string): string[] {
  const { p } = ctx;
  if (p.look === "ink")
    return [`<rect x="${f1(x)}" y="${f1(y)}" width="${f1(w)}" height="${f1(h)}" rx="4" fill="none" stroke="${INK}" stroke-width="1.5"/>`];
  const vertical = h > w;
  const [sw, sh] = vertical ? [Math.min(w, ctx.u * 0.04), h] : [w, Math.min(h, ctx.u * 0.04)];
  return [
    `<rect x="${f1(x - sw * 0.6)}" y="${f1(y - sh * 0.3)}" width="${f1(sw * 2.2)}" height="${f1(sh * 1.6)}" rx="${f1(sw)}" fill="${p.radial(
      [
        [0, colour, 0.45],
        [1, colour, 0],
      ],
    )}"/>`,
    `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(sw)}" height="${f1(sh)}" rx="${f1(Math.min(sw, sh) * 0.3)}" fill="none" stroke="${colour}" stroke-width="${f1(ctx.u * 0.005)}"/>`,
    `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(sw)}" height="${f1(sh)}" rx="${f1(Math.min(sw, sh) * 0.3)}" fill="none" stroke="#ffffff" stroke-width="${f1(ctx.u * 0.0015)}" opacity="0.8"/>`,
  ];
}

function space(ctx: Ctx): string[] {
  const { w, h, p, pal, u } = ctx;
  const out: string[] = [];
  if (p.look === "ink") {
    out.push(`<rect width="${w}" height="${h}" fill="${PAPER}"/>`, ...stars(ctx, 120, h));
  } else {
    out.push(
      `<rect width="${w}" height="${h}" fill="${p.linear([
        [0, hsl(240, 50, 4)],
        [1, hsl(255, 45, 10)],
      ])}"/>`,
    );
    // Nebula: overlapping soft clouds in the prompt's colours.
    for (let i = 0; i < 9; i++) {
      const c = i % 3 === 0 ? pal.accent : i % 3 === 1 ? pal.accent2 : hsl(280, 60, 55);
      out.push(
        `<ellipse cx="${f1(w * (0.2 + ctx.rand() * 0.6))}" cy="${f1(h * (0.2 + ctx.rand() * 0.6))}" rx="${f1(u * (0.2 + ctx.rand() * 0.3))}" ry="${f1(u * (0.1 + ctx.rand() * 0.18))}" fill="${p.radial(
          [
            [0, c, 0.38],
            [1, c, 0],
          ],
        )}" transform="rotate(${f1(ctx.rand() * 180)} ${f1(w / 2)} ${f1(h / 2)})"/>`,
      );
    }
    out.push(...stars(ctx, 260, h));
    for (let i = 0; i < 6; i++) {
      const x = ctx.rand() * w;
      const y = ctx.rand() * h;
      const s = u * (0.01 + ctx.rand() * 0.015);
      out.push(
        `<path d="M${f1(x - s)},${f1(y)} L${f1(x + s)},${f1(y)} M${f1(x)},${f1(y - s)} L${f1(x)},${f1(y + s)}" stroke="#fff" stroke-width="1.2" opacity="0.8"/>`,
      );
    }
  }
  // A planet with a ring.
  const px = w * (0.25 + ctx.rand() * 0.5);
  const py = h * (0.3 + ctx.rand() * 0.4);
  const pr = u * (0.12 + ctx.rand() * 0.1);
  const body = mix(pal.accent2, "#d9a066", 0.4);
  const tilt = -15 - ctx.rand() * 20;
  out.push(
    `<ellipse cx="${f1(px)}" cy="${f1(py)}" rx="${f1(pr * 2)}" ry="${f1(pr * 0.45)}" fill="none" stroke="${p.look === "ink" ? INK : lighten(body, 0.4)}" stroke-width="${f1(pr * 0.08)}" opacity="0.8" transform="rotate(${f1(tilt)} ${f1(px)} ${f1(py)})"/>`,
  );
  out.push(p.circle(px, py, pr, body));
  if (p.look !== "ink") {
    for (let b = 0; b < 4; b++)
      out.push(
        `<ellipse cx="${f1(px)}" cy="${f1(py + pr * (b / 2.5 - 0.6))}" rx="${f1(pr * 0.95)}" ry="${f1(pr * 0.07)}" fill="${darken(body, 0.15)}" opacity="0.35"/>`,
      );
    out.push(
      `<circle cx="${f1(px)}" cy="${f1(py)}" r="${f1(pr)}" fill="${p.radial(
        [
          [0, "#000", 0],
          [0.6, "#000", 0.1],
          [1, "#000", 0.7],
        ],
        { cx: 0.3, cy: 0.3, r: 0.9 },
      )}"/>`,
    );
  }
  // The ring's near half passes in front of the planet.
  out.push(
    `<path d="M${f1(px - pr * 2)},${f1(py)} A${f1(pr * 2)},${f1(pr * 0.45)} 0 0 0 ${f1(px + pr * 2)},${f1(py)}" fill="none" stroke="${p.look === "ink" ? INK : lighten(body, 0.5)}" stroke-width="${f1(pr * 0.08)}" transform="rotate(${f1(tilt)} ${f1(px)} ${f1(py)})"/>`,
  );
  return out;
}

function abstract(ctx: Ctx): string[] {
  const { w, h, p, pal, u } = ctx;
  const colours = [pal.accent, pal.accent2, darken(pal.accent, 0.4), lighten(pal.accent2, 0.35), mix(pal.accent, pal.accent2, 0.5)];
  const out = [`<rect width="${w}" height="${h}" fill="${p.look === "ink" ? PAPER : lighten(pal.sky[2], 0.3)}"/>`];
  for (let i = 0; i < 14; i++) {
    const c = colours[i % colours.length]!;
    const x = ctx.rand() * w;
    const y = ctx.rand() * h;
    const s = u * (0.08 + ctx.rand() * 0.3);
    const kind = Math.floor(ctx.rand() * 4);
    if (kind === 0) out.push(p.circle(x, y, s / 2, c));
    else if (kind === 1) out.push(p.rect(x - s / 2, y - s / 6, s, s / 3, c, { rx: s / 6 }));
    else if (kind === 2)
      out.push(
        p.polygon(
          [
            [x, y - s / 2],
            [x + s / 2, y + s / 2],
            [x - s / 2, y + s / 2],
          ],
          c,
        ),
      );
    else
      out.push(`<path d="M${f1(x - s / 2)},${f1(y)} A${f1(s / 2)},${f1(s / 2)} 0 0 1 ${f1(x + s / 2)},${f1(y)}" ${p.line(c, u * 0.02)}/>`);
  }
  return out;
}

/** Food's surface: a wooden table or linen, seen from above or across. */
function table(ctx: Ctx): string[] {
  const { w, h, p, pal } = ctx;
  const wood = mix(hsl(28, 45, 42), pal.light, 0.12);
  const out: string[] = [];
  if (ctx.spec.topView) {
    const planks = 6;
    for (let i = 0; i < planks; i++) {
      const c = mix(wood, i % 2 ? darken(wood, 0.15) : lighten(wood, 0.08), 0.5 + ctx.rand() * 0.3);
      out.push(p.rect((i * w) / planks, 0, w / planks + 1, h, c, { weight: 0.6 }));
      if (p.look !== "ink" && p.look !== "flat") {
        for (let g = 0; g < 5; g++) {
          const x = (i * w) / planks + ctx.rand() * (w / planks);
          out.push(
            `<path d="M${f1(x)},0 C${f1(x + 8)},${f1(h * 0.3)} ${f1(x - 8)},${f1(h * 0.6)} ${f1(x + 4)},${f1(h)}" fill="none" stroke="${darken(wood, 0.3)}" stroke-width="1" opacity="0.25"/>`,
          );
        }
      }
    }
    return out;
  }
  const wall = ctx.p.look === "ink" ? PAPER : mix(pal.night ? hsl(230, 20, 16) : hsl(35, 30, 80), pal.accent, 0.12);
  out.push(
    `<rect width="${w}" height="${h}" fill="${
      p.look === "ink"
        ? PAPER
        : p.linear([
            [0, lighten(wall, 0.08)],
            [1, darken(wall, 0.12)],
          ])
    }"/>`,
  );
  // Light from a window on the left.
  if (p.look !== "ink" && p.look !== "flat")
    out.push(
      `<rect width="${w}" height="${h}" fill="${p.linear(
        [
          [0, pal.light, 0.35],
          [0.6, pal.light, 0],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
  ctx.ground = h * 0.72;
  out.push(p.rect(-2, h * 0.62, w + 4, h * 0.4, wood));
  out.push(p.rect(-2, h * 0.62, w + 4, h * 0.025, lighten(wood, 0.15), { bare: true }));
  return out;
}

function studio(ctx: Ctx): string[] {
  const { w, h, p, pal } = ctx;
  if (p.look === "ink") return [`<rect width="${w}" height="${h}" fill="${PAPER}"/>`];
  const back = mix(pal.accent2, pal.night ? "#101020" : "#d8d4cc", 0.6);
  return [
    `<rect width="${w}" height="${h}" fill="${p.radial(
      [
        [0, lighten(back, 0.3)],
        [1, darken(back, 0.35)],
      ],
      { cx: 0.45, cy: 0.4, r: 0.8 },
    )}"/>`,
  ];
}

/** The whole backdrop of a setting, sky included where there is one. */
export function backdrop(ctx: Ctx): string[] {
  const setting = ctx.spec.setting;
  if (setting === "space") return space(ctx);
  if (setting === "abstract") return abstract(ctx);
  if (setting === "table") return table(ctx);
  if (setting === "studio") return studio(ctx);
  const out = [...sky(ctx), ...sunAndClouds(ctx, { clouds: setting !== "city" || !ctx.pal.night })];
  if (setting === "mountains") out.push(...mountains(ctx));
  else if (setting === "field") out.push(...field(ctx));
  else if (setting === "desert") out.push(...desert(ctx));
  else if (setting === "snowfield") out.push(...snowfield(ctx));
  else if (setting === "forest") out.push(...forest(ctx));
  else if (setting === "sea") out.push(...sea(ctx));
  else if (setting === "city") out.push(...city(ctx));
  return out;
}

/** Weather and air in front of everything: falling snow, rain, fog. */
export function weather(ctx: Ctx): string[] {
  const { w, h, p, u } = ctx;
  const out: string[] = [];
  if (ctx.spec.fog && p.look !== "ink")
    out.push(
      `<rect width="${w}" height="${h}" fill="${p.linear([
        [0, "#ffffff", 0],
        [0.55, "#eef1f5", 0.45],
        [1, "#ffffff", 0.1],
      ])}"/>`,
    );
  if (ctx.spec.snow) {
    for (let i = 0; i < 160; i++) {
      const r = u * (0.0015 + ctx.rand() * 0.004);
      out.push(
        `<circle cx="${f1(ctx.rand() * w)}" cy="${f1(ctx.rand() * h)}" r="${f1(r)}" fill="${p.look === "ink" ? PAPER : "#ffffff"}"${p.look === "ink" ? ` stroke="${INK}" stroke-width="0.6"` : ` opacity="${(0.5 + ctx.rand() * 0.5).toFixed(2)}"`}/>`,
      );
    }
  }
  if (ctx.spec.rain) {
    const c = p.look === "ink" ? INK : "#dfe8f5";
    for (let i = 0; i < 140; i++) {
      const x = ctx.rand() * w;
      const y = ctx.rand() * h;
      const len = u * (0.02 + ctx.rand() * 0.03);
      out.push(
        `<line x1="${f1(x)}" y1="${f1(y)}" x2="${f1(x - len * 0.25)}" y2="${f1(y + len)}" stroke="${c}" stroke-width="1" opacity="${p.look === "ink" ? 0.7 : 0.35}"/>`,
      );
    }
  }
  return out;
}
