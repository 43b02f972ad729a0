// The subject of a picture, drawn in front of its setting: an animal, a dish, a person's
// bust, a building. Each is a handful of smooth shapes, simple enough to read at a glance.
import type { Ctx } from "./context";
import { darken, f1, hsl, INK, lighten, mix, smoothPath } from "./paint";
import type { Animal, Building, Dish, Subject } from "./read-prompt";
import { pine } from "./backdrops";

type Pt = [number, number];

/** A soft contact shadow under whatever stands at (x, y). */
function shadow(ctx: Ctx, x: number, y: number, rx: number, ry: number): string {
  if (ctx.p.look === "ink")
    return `<ellipse cx="${f1(x)}" cy="${f1(y)}" rx="${f1(rx)}" ry="${f1(ry)}" fill="none" stroke="${INK}" stroke-width="1" stroke-dasharray="3 5"/>`;
  return `<ellipse cx="${f1(x)}" cy="${f1(y)}" rx="${f1(rx)}" ry="${f1(ry)}" fill="${ctx.p.radial([
    [0, "#000", 0.35],
    [1, "#000", 0],
  ])}"/>`;
}

/** The subject's own colour: said in the prompt ("a red fox"), else its natural one. */
function subjectColour(ctx: Ctx, natural: string): string {
  const c = ctx.spec.subjectColour;
  return ctx.tone(c ? hsl(c.hue, c.sat, c.light) : natural);
}

/** How light falls on the subject at this time of day. */
function lit(ctx: Ctx, c: string): string {
  return ctx.pal.night ? mix(darken(c, 0.35), ctx.pal.light, 0.12) : mix(c, ctx.pal.light, 0.08);
}

// ---------------------------------------------------------------- animals

type Quad = {
  colour: string;
  /** Sizes in body lengths. */
  size: number;
  leg: number;
  legW: number;
  bodyRy: number;
  neckRise: number;
  head: number;
  snout: "long" | "medium" | "blunt" | "muzzle";
  ears: "pointed" | "floppy" | "round" | "none";
  tail: "bushy" | "thin" | "long" | "stub" | "none";
  bib?: string;
  socks?: string;
  antlers?: boolean;
  mane?: string;
};

const QUADS: Partial<Record<Animal, (ctx: Ctx) => Quad>> = {
  fox: (ctx) => ({
    colour: subjectColour(ctx, hsl(22, 82, 48)),
    size: 0.36,
    leg: 0.36,
    legW: 0.038,
    bodyRy: 0.15,
    neckRise: 0.1,
    head: 0.12,
    snout: "long",
    ears: "pointed",
    tail: "bushy",
    bib: "#f6f1ea",
    socks: hsl(15, 30, 14),
  }),
  wolf: (ctx) => ({
    colour: subjectColour(ctx, hsl(220, 8, 52)),
    size: 0.38,
    leg: 0.44,
    legW: 0.045,
    bodyRy: 0.17,
    neckRise: 0.08,
    head: 0.13,
    snout: "long",
    ears: "pointed",
    tail: "bushy",
    bib: "#dcdcd8",
  }),
  dog: (ctx) => ({
    colour: subjectColour(ctx, hsl(30, 48, 45)),
    size: 0.36,
    leg: 0.42,
    legW: 0.05,
    bodyRy: 0.17,
    neckRise: 0.16,
    head: 0.14,
    snout: "medium",
    ears: "floppy",
    tail: "thin",
  }),
  horse: (ctx) => ({
    colour: subjectColour(ctx, hsl(20, 50, 32)),
    size: 0.36,
    leg: 0.7,
    legW: 0.042,
    bodyRy: 0.2,
    neckRise: 0.42,
    head: 0.12,
    snout: "muzzle",
    ears: "pointed",
    tail: "long",
    mane: hsl(20, 30, 14),
  }),
  deer: (ctx) => ({
    colour: subjectColour(ctx, hsl(28, 45, 52)),
    size: 0.34,
    leg: 0.66,
    legW: 0.032,
    bodyRy: 0.16,
    neckRise: 0.4,
    head: 0.1,
    snout: "medium",
    ears: "pointed",
    tail: "stub",
    bib: "#f2ece2",
    antlers: true,
  }),
  bear: (ctx) => ({
    colour: subjectColour(ctx, hsl(25, 42, 22)),
    size: 0.42,
    leg: 0.32,
    legW: 0.075,
    bodyRy: 0.27,
    neckRise: 0.02,
    head: 0.17,
    snout: "blunt",
    ears: "round",
    tail: "none",
  }),
};

function quadruped(ctx: Ctx, q: Quad, x: number, ground: number, s: number, facing: 1 | -1): string[] {
  const { p } = ctx;
  const body = lit(ctx, q.colour);
  const far = darken(body, 0.28);
  const legLen = q.leg * s;
  const ry = q.bodyRy * s;
  const by = ground - legLen - ry * 0.55;
  const hx = 0.6 * s;
  const hy = by - ry - q.neckRise * s;
  const hr = q.head * s;
  const out: string[] = [shadow(ctx, x, ground, s * 0.7, s * 0.05)];
  const parts: string[] = [];
  const leg = (lx: number, colour: string, lean: number, thigh: number) => {
    const w = s * q.legW;
    const knee = ground - legLen * 0.45;
    parts.push(
      p.path(
        smoothPath([
          [lx - w * thigh, by],
          [lx + w * thigh, by],
          [lx + lean + w * 0.75, knee],
          [lx + lean + w * 0.6, ground - w * 0.4],
          [lx + lean + w * 1.1, ground],
          [lx + lean - w * 0.6, ground],
          [lx + lean - w * 0.75, knee],
        ]),
        colour,
        { weight: 0.8 },
      ),
    );
    if (q.socks && p.look !== "ink") {
      parts.push(
        p.path(
          smoothPath([
            [lx + lean - w * 0.72, ground - legLen * 0.4],
            [lx + lean + w * 0.72, ground - legLen * 0.4],
            [lx + lean + w * 0.6, ground - w * 0.4],
            [lx + lean + w * 1.1, ground],
            [lx + lean - w * 0.6, ground],
          ]),
          q.socks,
          { bare: true },
        ),
      );
    }
  };
  // Far legs first, in shadow.
  leg(0.27 * s, far, s * 0.04, 1.6);
  leg(-0.3 * s, far, -s * 0.05, 2.2);
  // The tail, behind the body.
  const tx = -0.46 * s;
  if (q.tail === "bushy") {
    const tail = smoothPath([
      [tx + s * 0.04, by - ry * 0.7],
      [tx - s * 0.25, by - ry * 0.4],
      [tx - s * 0.5, by + ry * 0.4],
      [tx - s * 0.62, by + ry * 1.5],
      [tx - s * 0.5, by + ry * 1.7],
      [tx - s * 0.36, by + ry * 0.9],
      [tx - s * 0.12, by + ry * 0.2],
    ]);
    parts.push(p.path(tail, body));
    // A fox's tail ends in white; a wolf's in darker fur.
    parts.push(
      p.path(
        smoothPath([
          [tx - s * 0.57, by + ry * 1.15],
          [tx - s * 0.63, by + ry * 1.5],
          [tx - s * 0.52, by + ry * 1.72],
          [tx - s * 0.47, by + ry * 1.35],
        ]),
        q.socks ? (q.bib ?? lighten(body, 0.5)) : darken(body, 0.35),
        { weight: 0.6 },
      ),
    );
  } else if (q.tail === "thin") {
    parts.push(
      `<path d="M${f1(tx)},${f1(by - ry * 0.3)} q${f1(-s * 0.18)},${f1(-s * 0.05)} ${f1(-s * 0.22)},${f1(-s * 0.26)}" ${p.line(body, s * 0.04)}/>`,
    );
  } else if (q.tail === "long") {
    for (let i = 0; i < 5; i++)
      parts.push(
        `<path d="M${f1(tx)},${f1(by - ry * 0.5)} q${f1(-s * 0.2)},${f1(s * 0.05)} ${f1(-s * (0.16 + i * 0.02))},${f1(s * (0.55 + i * 0.03))}" ${p.line(q.mane ?? darken(body, 0.4), s * 0.025)}/>`,
      );
  } else if (q.tail === "stub") {
    parts.push(p.ellipse(tx - s * 0.02, by - ry * 0.5, s * 0.05, s * 0.07, q.bib ?? lighten(body, 0.4)));
  }
  // Body: deep chest, tucked belly, round rump.
  parts.push(
    p.path(
      smoothPath([
        [0.5 * s, by - ry * 0.2],
        [0.32 * s, by - ry * 1.05],
        [-0.05 * s, by - ry * 0.92],
        [-0.4 * s, by - ry * 1.02],
        [-0.54 * s, by - ry * 0.1],
        [-0.42 * s, by + ry * 0.85],
        [-0.08 * s, by + ry * 0.62],
        [0.3 * s, by + ry * 1.02],
        [0.47 * s, by + ry * 0.55],
      ]),
      body,
    ),
  );
  // Neck and head.
  const neck = smoothPath([
    [0.24 * s, by - ry * 0.8],
    [hx - hr * 0.7, hy - hr * 0.35],
    [hx + hr * 0.25, hy + hr * 0.5],
    [0.48 * s, by + ry * 0.3],
  ]);
  parts.push(p.path(neck, body));
  if (q.mane)
    parts.push(
      p.path(
        smoothPath([
          [0.22 * s, by - ry * 0.9],
          [hx - hr * 0.9, hy - hr * 0.6],
          [hx - hr * 0.5, hy - hr * 0.1],
          [0.3 * s, by - ry * 0.5],
        ]),
        q.mane,
      ),
    );
  if (q.bib)
    parts.push(
      p.path(
        smoothPath([
          [hx - hr * 0.55, hy + hr * 0.55],
          [hx + hr * 0.35, hy + hr * 0.75],
          [0.5 * s, by + ry * 0.1],
          [0.4 * s, by + ry * 0.2],
        ]),
        q.bib,
        { weight: 0.5 },
      ),
    );
  if (q.ears === "pointed") {
    parts.push(
      p.polygon(
        [
          [hx - hr * 0.7, hy - hr * 0.45],
          [hx - hr * 0.5, hy - hr * 1.65],
          [hx - hr * 0.05, hy - hr * 0.6],
        ],
        darken(body, 0.15),
      ),
    );
    parts.push(
      p.polygon(
        [
          [hx - hr * 0.25, hy - hr * 0.6],
          [hx + hr * 0.05, hy - hr * 1.75],
          [hx + hr * 0.45, hy - hr * 0.45],
        ],
        body,
      ),
    );
    if (p.look !== "ink")
      parts.push(
        p.polygon(
          [
            [hx - hr * 0.08, hy - hr * 0.62],
            [hx + hr * 0.05, hy - hr * 1.4],
            [hx + hr * 0.27, hy - hr * 0.55],
          ],
          darken(body, 0.45),
          { bare: true },
        ),
      );
  } else if (q.ears === "round") {
    parts.push(p.circle(hx - hr * 0.45, hy - hr * 0.8, hr * 0.35, body), p.circle(hx + hr * 0.3, hy - hr * 0.85, hr * 0.35, body));
  }
  if (q.antlers) {
    const ax = hx - hr * 0.1;
    const ay = hy - hr * 0.8;
    const a = (dx: number) =>
      `M${f1(ax)},${f1(ay)} q${f1(dx * hr)},${f1(-hr * 1.2)} ${f1(dx * hr * 1.6)},${f1(-hr * 2.6)} M${f1(ax + dx * hr * 0.7)},${f1(ay - hr * 1.3)} l${f1(dx * hr * 0.9)},${f1(-hr * 0.5)} M${f1(ax + dx * hr * 1.2)},${f1(ay - hr * 2.0)} l${f1(dx * hr * 0.7)},${f1(-hr * 0.1)}`;
    parts.push(`<path d="${a(-1)} ${a(0.8)}" ${p.line(hsl(35, 30, 70), s * 0.022)}/>`);
  }
  parts.push(p.ellipse(hx, hy, hr, hr * 0.85, body));
  const snoutLen = q.snout === "long" ? 1.3 : q.snout === "muzzle" ? 1.25 : q.snout === "medium" ? 0.95 : 0.6;
  if (q.snout === "muzzle") {
    // A horse's long, blunt face.
    parts.push(
      p.path(
        smoothPath([
          [hx + hr * 0.1, hy - hr * 0.6],
          [hx + hr * 1.55, hy + hr * 0.35],
          [hx + hr * 1.75, hy + hr * 0.85],
          [hx + hr * 1.35, hy + hr * 1.1],
          [hx + hr * 0.1, hy + hr * 0.75],
        ]),
        body,
      ),
    );
  } else {
    parts.push(
      p.path(
        smoothPath([
          [hx + hr * 0.3, hy - hr * 0.5],
          [hx + hr * (0.55 + snoutLen), hy + hr * 0.1],
          [hx + hr * (0.5 + snoutLen), hy + hr * 0.32],
          [hx + hr * 0.3, hy + hr * 0.6],
        ]),
        body,
      ),
    );
  }
  // A pale cheek and jaw below the snout (foxes, wolves).
  if (q.bib && q.snout === "long")
    parts.push(
      p.path(
        smoothPath([
          [hx - hr * 0.5, hy + hr * 0.35],
          [hx + hr * (0.35 + snoutLen), hy + hr * 0.3],
          [hx + hr * 0.5, hy + hr * 0.75],
          [hx - hr * 0.25, hy + hr * 0.8],
        ]),
        q.bib,
        { weight: 0.5 },
      ),
    );
  if (q.ears === "floppy")
    parts.push(
      p.ellipse(
        hx - hr * 0.35,
        hy + hr * 0.25,
        hr * 0.32,
        hr * 0.75,
        darken(body, 0.3),
        {},
        `rotate(18 ${f1(hx - hr * 0.35)} ${f1(hy + hr * 0.25)})`,
      ),
    );
  if (q.snout === "muzzle")
    parts.push(`<ellipse cx="${f1(hx + hr * 1.5)}" cy="${f1(hy + hr * 0.7)}" rx="${f1(hr * 0.1)}" ry="${f1(hr * 0.06)}" fill="${INK}"/>`);
  else parts.push(`<circle cx="${f1(hx + hr * (0.52 + snoutLen))}" cy="${f1(hy + hr * 0.16)}" r="${f1(hr * 0.13)}" fill="${INK}"/>`);
  parts.push(
    `<ellipse cx="${f1(hx + hr * 0.45)}" cy="${f1(hy - hr * 0.12)}" rx="${f1(hr * 0.12)}" ry="${f1(hr * 0.08)}" fill="${INK}" transform="rotate(20 ${f1(hx + hr * 0.45)} ${f1(hy - hr * 0.12)})"/>`,
  );
  // Near legs in front.
  leg(0.36 * s, body, 0, 1.8);
  leg(-0.36 * s, body, 0, 2.6);
  out.push(`<g transform="translate(${f1(x)} 0) scale(${facing} 1)">${parts.join("")}</g>`);
  return out;
}

function sittingCat(ctx: Ctx, x: number, ground: number, s: number, colour: string): string[] {
  const { p } = ctx;
  const c = lit(ctx, colour);
  const out = [shadow(ctx, x, ground, s * 0.4, s * 0.04)];
  out.push(
    `<path d="M${f1(x + s * 0.18)},${f1(ground - s * 0.03)} q${f1(s * 0.35)},${f1(s * 0.02)} ${f1(s * 0.32)},${f1(-s * 0.22)}" ${p.line(c, s * 0.06)}/>`,
  );
  out.push(
    p.path(
      smoothPath([
        [x - s * 0.1, ground - s * 0.72],
        [x + s * 0.12, ground - s * 0.7],
        [x + s * 0.24, ground - s * 0.3],
        [x + s * 0.22, ground],
        [x - s * 0.24, ground],
        [x - s * 0.26, ground - s * 0.32],
      ]),
      c,
    ),
  );
  const hx = x;
  const hy = ground - s * 0.8;
  const hr = s * 0.17;
  out.push(
    p.polygon(
      [
        [hx - hr * 0.95, hy - hr * 0.2],
        [hx - hr * 0.8, hy - hr * 1.45],
        [hx - hr * 0.15, hy - hr * 0.75],
      ],
      c,
    ),
  );
  out.push(
    p.polygon(
      [
        [hx + hr * 0.95, hy - hr * 0.2],
        [hx + hr * 0.8, hy - hr * 1.45],
        [hx + hr * 0.15, hy - hr * 0.75],
      ],
      c,
    ),
  );
  out.push(p.ellipse(hx, hy, hr * 1.05, hr * 0.92, c));
  const eye = ctx.pal.night ? hsl(70, 90, 60) : hsl(95, 55, 45);
  for (const dx of [-0.42, 0.42]) {
    out.push(
      `<ellipse cx="${f1(hx + dx * hr)}" cy="${f1(hy - hr * 0.05)}" rx="${f1(hr * 0.2)}" ry="${f1(hr * 0.14)}" fill="${ctx.p.look === "ink" ? "none" : eye}" stroke="${INK}" stroke-width="${f1(Math.max(1, hr * 0.03))}"/>`,
    );
    out.push(`<ellipse cx="${f1(hx + dx * hr)}" cy="${f1(hy - hr * 0.05)}" rx="${f1(hr * 0.05)}" ry="${f1(hr * 0.12)}" fill="${INK}"/>`);
  }
  out.push(
    `<path d="M${f1(hx - hr * 0.08)},${f1(hy + hr * 0.25)} l${f1(hr * 0.08)},${f1(hr * 0.1)} l${f1(hr * 0.08)},${f1(-hr * 0.1)} Z" fill="${hsl(350, 50, 60)}"/>`,
  );
  for (const side of [-1, 1]) {
    for (const k of [-0.08, 0.04])
      out.push(
        `<path d="M${f1(hx + side * hr * 0.3)},${f1(hy + hr * (0.35 + k))} l${f1(side * hr * 0.9)},${f1(hr * k * 2)}" ${p.line(p.look === "ink" ? INK : lighten(c, 0.6), Math.max(1, hr * 0.02))} opacity="0.8"/>`,
      );
  }
  return out;
}

function sittingRabbit(ctx: Ctx, x: number, ground: number, s: number, colour: string): string[] {
  const { p } = ctx;
  const c = lit(ctx, colour);
  const hx = x + s * 0.12;
  const hy = ground - s * 0.55;
  return [
    shadow(ctx, x, ground, s * 0.35, s * 0.035),
    p.ellipse(x - s * 0.22, ground - s * 0.12, s * 0.07, s * 0.07, lighten(c, 0.6)),
    p.ellipse(x - s * 0.05, ground - s * 0.22, s * 0.24, s * 0.22, c),
    p.ellipse(hx - s * 0.06, hy - s * 0.28, s * 0.045, s * 0.2, c, {}, `rotate(-12 ${f1(hx - s * 0.06)} ${f1(hy - s * 0.28)})`),
    p.ellipse(hx + s * 0.04, hy - s * 0.3, s * 0.045, s * 0.2, darken(c, 0.1), {}, `rotate(10 ${f1(hx + s * 0.04)} ${f1(hy - s * 0.3)})`),
    p.ellipse(hx, hy, s * 0.13, s * 0.11, c),
    `<circle cx="${f1(hx + s * 0.06)}" cy="${f1(hy - s * 0.02)}" r="${f1(s * 0.015)}" fill="${INK}"/>`,
    p.ellipse(x + s * 0.1, ground - s * 0.03, s * 0.09, s * 0.03, c),
  ];
}

function perchedBird(ctx: Ctx, x: number, y: number, s: number, colour: string, owl: boolean): string[] {
  const { p } = ctx;
  const c = lit(ctx, colour);
  const out: string[] = [];
  // The branch it sits on.
  const bark = ctx.pal.night ? hsl(25, 20, 12) : hsl(25, 35, 25);
  out.push(
    `<path d="M${f1(x - s * 1.6)},${f1(y + s * 0.08)} C${f1(x - s * 0.6)},${f1(y - s * 0.02)} ${f1(x + s * 0.6)},${f1(y + s * 0.12)} ${f1(x + s * 1.7)},${f1(y + s * 0.02)}" ${p.line(bark, s * 0.07)}/>`,
  );
  for (const dx of [-0.9, 0.9])
    out.push(
      p.ellipse(
        x + dx * s,
        y - s * 0.02,
        s * 0.12,
        s * 0.05,
        ctx.pal.night ? hsl(120, 25, 15) : hsl(110, 45, 35),
        {},
        `rotate(${dx * 20} ${f1(x + dx * s)} ${f1(y)})`,
      ),
    );
  if (owl) {
    out.push(p.ellipse(x, y - s * 0.38, s * 0.28, s * 0.4, c));
    out.push(
      p.polygon(
        [
          [x - s * 0.26, y - s * 0.62],
          [x - s * 0.2, y - s * 0.9],
          [x - s * 0.06, y - s * 0.7],
        ],
        c,
      ),
    );
    out.push(
      p.polygon(
        [
          [x + s * 0.26, y - s * 0.62],
          [x + s * 0.2, y - s * 0.9],
          [x + s * 0.06, y - s * 0.7],
        ],
        c,
      ),
    );
    out.push(p.ellipse(x, y - s * 0.25, s * 0.18, s * 0.22, lighten(c, 0.35), { weight: 0.5 }));
    for (const dx of [-0.12, 0.12]) {
      out.push(p.circle(x + dx * s, y - s * 0.58, s * 0.1, lighten(c, 0.55)));
      out.push(
        `<circle cx="${f1(x + dx * s)}" cy="${f1(y - s * 0.58)}" r="${f1(s * 0.055)}" fill="${ctx.p.look === "ink" ? INK : hsl(45, 95, 55)}"/><circle cx="${f1(x + dx * s)}" cy="${f1(y - s * 0.58)}" r="${f1(s * 0.03)}" fill="${INK}"/>`,
      );
    }
    out.push(
      p.polygon(
        [
          [x - s * 0.03, y - s * 0.5],
          [x + s * 0.03, y - s * 0.5],
          [x, y - s * 0.42],
        ],
        hsl(40, 60, 40),
      ),
    );
    return out;
  }
  out.push(
    p.polygon(
      [
        [x - s * 0.25, y - s * 0.2],
        [x - s * 0.62, y - s * 0.05],
        [x - s * 0.58, y + s * 0.05],
        [x - s * 0.22, y - s * 0.08],
      ],
      darken(c, 0.2),
    ),
  );
  out.push(p.ellipse(x, y - s * 0.2, s * 0.3, s * 0.18, c, {}, `rotate(-15 ${f1(x)} ${f1(y - s * 0.2)})`));
  out.push(p.ellipse(x + s * 0.05, y - s * 0.12, s * 0.16, s * 0.09, lighten(c, 0.4), { weight: 0.5 }));
  out.push(
    p.ellipse(x - s * 0.05, y - s * 0.24, s * 0.2, s * 0.1, darken(c, 0.15), {}, `rotate(-20 ${f1(x - s * 0.05)} ${f1(y - s * 0.24)})`),
  );
  out.push(p.circle(x + s * 0.25, y - s * 0.38, s * 0.12, c));
  out.push(
    p.polygon(
      [
        [x + s * 0.35, y - s * 0.42],
        [x + s * 0.5, y - s * 0.37],
        [x + s * 0.35, y - s * 0.33],
      ],
      hsl(40, 80, 50),
    ),
  );
  out.push(`<circle cx="${f1(x + s * 0.28)}" cy="${f1(y - s * 0.41)}" r="${f1(s * 0.022)}" fill="${INK}"/>`);
  return out;
}

function flock(ctx: Ctx, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = ctx.w * (0.15 + ctx.rand() * 0.7);
    const y = ctx.horizon * (0.15 + ctx.rand() * 0.4);
    const s = ctx.u * (0.012 + ctx.rand() * 0.02);
    out.push(
      `<path d="M${f1(x - s)},${f1(y)} q${f1(s / 2)},${f1(-s / 2)} ${f1(s)},0 q${f1(s / 2)},${f1(-s / 2)} ${f1(s)},0" ${ctx.p.line(ctx.pal.night ? "#cfd6ea" : darken(ctx.pal.near, 0.3), Math.max(1.2, s * 0.15))}/>`,
    );
  }
  return out;
}

function whale(ctx: Ctx, x: number, y: number, s: number, colour: string, fish: boolean): string[] {
  const { p } = ctx;
  const c = lit(ctx, colour);
  if (fish) {
    return [
      p.polygon(
        [
          [x - s * 0.35, y],
          [x - s * 0.6, y - s * 0.18],
          [x - s * 0.58, y + s * 0.18],
        ],
        darken(c, 0.15),
      ),
      p.ellipse(x, y, s * 0.4, s * 0.2, c),
      p.polygon(
        [
          [x - s * 0.05, y - s * 0.18],
          [x + s * 0.12, y - s * 0.32],
          [x + s * 0.15, y - s * 0.16],
        ],
        darken(c, 0.1),
      ),
      `<circle cx="${f1(x + s * 0.24)}" cy="${f1(y - s * 0.04)}" r="${f1(s * 0.03)}" fill="${INK}"/>`,
    ];
  }
  // Breaching: an arched back and a raised fluke above the water line.
  return [
    p.path(
      smoothPath([
        [x - s * 0.7, y + s * 0.05],
        [x - s * 0.3, y - s * 0.28],
        [x + s * 0.3, y - s * 0.3],
        [x + s * 0.7, y + s * 0.02],
        [x + s * 0.3, y + s * 0.08],
        [x - s * 0.3, y + s * 0.1],
      ]),
      c,
    ),
    p.path(
      `M${f1(x - s * 0.72)},${f1(y + s * 0.02)} l${f1(-s * 0.22)},${f1(-s * 0.32)} l${f1(s * 0.12)},${f1(s * 0.06)} l${f1(s * 0.06)},${f1(-s * 0.02)} l${f1(s * 0.12)},${f1(s * 0.12)} Z`,
      darken(c, 0.1),
    ),
    `<path d="M${f1(x - s * 1.1)},${f1(y + s * 0.08)} q${f1(s * 1.1)},${f1(-s * 0.05)} ${f1(s * 2.2)},0" ${p.line(lighten(ctx.pal.water, 0.6), s * 0.03)}/>`,
  ];
}

function animal(ctx: Ctx, a: Animal): string[] {
  const { w, u, rand } = ctx;
  const facing: 1 | -1 = rand() < 0.5 ? 1 : -1;
  const x = w * (0.42 + rand() * 0.16);
  const ground = ctx.spec.setting === "sea" ? ctx.ground : Math.max(ctx.horizon + (ctx.h - ctx.horizon) * 0.55, ctx.h * 0.8);
  const out: string[] = [];
  const quad = QUADS[a];
  if (quad) {
    const q = quad(ctx);
    const s = u * q.size;
    out.push(...quadruped(ctx, q, x - facing * s * 0.05, ground, s, facing));
  } else if (a === "cat")
    out.push(...sittingCat(ctx, x, ground, u * 0.5, subjectColour(ctx, ctx.rand() < 0.5 ? hsl(28, 70, 52) : hsl(220, 6, 42))));
  else if (a === "rabbit") out.push(...sittingRabbit(ctx, x, ground, u * 0.55, subjectColour(ctx, hsl(30, 30, 62))));
  else if (a === "bird" || a === "owl") {
    if (a === "bird") out.push(...flock(ctx, 5));
    out.push(
      ...perchedBird(
        ctx,
        x,
        ctx.h * 0.66,
        u * (a === "owl" ? 0.42 : 0.32),
        subjectColour(ctx, a === "owl" ? hsl(30, 40, 40) : hsl(205, 60, 45)),
        a === "owl",
      ),
    );
  } else if (a === "whale" || a === "fish") {
    out.push(
      ...whale(
        ctx,
        x,
        ctx.horizon + (ctx.h - ctx.horizon) * 0.45,
        u * (a === "fish" ? 0.4 : 0.5),
        subjectColour(ctx, a === "fish" ? hsl(24, 90, 55) : hsl(215, 20, 35)),
        a === "fish",
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------- food

function bowlTop(ctx: Ctx, cx: number, cy: number, r: number, noodles: boolean): string[] {
  const { p, rand } = ctx;
  const ceramic = ctx.spec.subjectColour ? subjectColour(ctx, "#fff") : rand() < 0.5 ? hsl(220, 35, 22) : hsl(10, 55, 40);
  const broth = noodles ? hsl(35, 65, 58) : mix(ctx.pal.accent, hsl(30, 60, 45), 0.6);
  const out = [shadow(ctx, cx + r * 0.06, cy + r * 0.08, r * 1.12, r * 1.1)];
  out.push(p.circle(cx, cy, r, ceramic));
  out.push(p.circle(cx, cy, r * 0.86, lighten(ceramic, 0.15), { weight: 0.6 }));
  out.push(p.circle(cx, cy, r * 0.8, broth));
  if (noodles) {
    // Noodles: wavy strands piled in the middle.
    for (let i = 0; i < 26; i++) {
      const a = rand() * Math.PI * 2;
      const d = r * 0.5 * Math.sqrt(rand());
      const x0 = cx + Math.cos(a) * d - r * 0.3;
      const y0 = cy + Math.sin(a) * d;
      out.push(
        `<path d="M${f1(x0)},${f1(y0)} q${f1(r * 0.08)},${f1(-r * 0.07)} ${f1(r * 0.16)},0 t${f1(r * 0.16)},0 t${f1(r * 0.16)},0" ${p.line(hsl(48, 75, 78), r * 0.028)}/>`,
      );
    }
    // Nori sheets leaning on the rim.
    out.push(
      p.rect(cx + r * 0.35, cy - r * 0.78, r * 0.28, r * 0.4, hsl(140, 30, 14), { rx: 2 }),
      p.rect(cx + r * 0.55, cy - r * 0.62, r * 0.26, r * 0.38, hsl(140, 30, 18), { rx: 2 }),
    );
    // Soft-boiled egg halves.
    for (const [ex, ey] of [
      [-0.45, -0.3],
      [-0.2, -0.52],
    ] as Pt[]) {
      out.push(p.ellipse(cx + ex * r, cy + ey * r, r * 0.17, r * 0.13, "#fbf7ee"));
      out.push(p.circle(cx + ex * r + r * 0.02, cy + ey * r, r * 0.08, hsl(32, 95, 52)));
    }
    // Chashu slices.
    for (const [ex, ey] of [
      [0.3, 0.25],
      [0.05, 0.45],
    ] as Pt[]) {
      out.push(p.circle(cx + ex * r, cy + ey * r, r * 0.17, hsl(20, 45, 62)));
      out.push(`<circle cx="${f1(cx + ex * r)}" cy="${f1(cy + ey * r)}" r="${f1(r * 0.11)}" ${p.line(hsl(15, 35, 40), r * 0.018)}/>`);
    }
    // Sliced spring onion.
    for (let i = 0; i < 16; i++) {
      const a = rand() * Math.PI * 2;
      const d = r * (0.2 + rand() * 0.5);
      out.push(
        `<circle cx="${f1(cx + Math.cos(a) * d)}" cy="${f1(cy + Math.sin(a) * d)}" r="${f1(r * 0.035)}" ${p.line(hsl(110, 60, 40), r * 0.015)}/>`,
      );
    }
  } else {
    for (let i = 0; i < 18; i++) {
      const a = rand() * Math.PI * 2;
      const d = r * 0.6 * Math.sqrt(rand());
      out.push(
        p.circle(
          cx + Math.cos(a) * d,
          cy + Math.sin(a) * d,
          r * (0.05 + rand() * 0.07),
          [hsl(110, 55, 40), hsl(30, 70, 55), hsl(5, 70, 50), hsl(50, 80, 60)][i % 4]!,
        ),
      );
    }
  }
  // Chopsticks across the bowl's edge.
  const stick = hsl(30, 40, 60);
  out.push(`<path d="M${f1(cx - r * 1.5)},${f1(cy + r * 1.05)} L${f1(cx + r * 0.2)},${f1(cy - r * 0.15)}" ${p.line(stick, r * 0.05)}/>`);
  out.push(`<path d="M${f1(cx - r * 1.45)},${f1(cy + r * 1.2)} L${f1(cx + r * 0.35)},${f1(cy)}" ${p.line(darken(stick, 0.1), r * 0.05)}/>`);
  return out;
}

function steam(ctx: Ctx, x: number, top: number, spread: number): string[] {
  if (ctx.p.look === "flat") return [];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const sx = x + (i - 1) * spread;
    out.push(
      `<path d="M${f1(sx)},${f1(top)} c${f1(-spread * 0.5)},${f1(-spread * 0.6)} ${f1(spread * 0.5)},${f1(-spread)} 0,${f1(-spread * 1.6)} s${f1(spread * 0.4)},${f1(-spread)} 0,${f1(-spread * 1.4)}" ${ctx.p.line(ctx.p.look === "ink" ? INK : "#ffffff", ctx.u * 0.008)} opacity="${ctx.p.look === "ink" ? 0.8 : 0.45}"/>`,
    );
  }
  return out;
}

function bowlSide(ctx: Ctx, cx: number, rim: number, r: number, noodles: boolean): string[] {
  const { p } = ctx;
  const ceramic = ctx.spec.subjectColour ? subjectColour(ctx, "#fff") : hsl(220, 35, 24);
  const out = [shadow(ctx, cx, rim + r * 0.95, r * 1.15, r * 0.12)];
  const foot = p.polygon(
    [
      [cx - r * 0.32, rim + r * 0.6],
      [cx + r * 0.32, rim + r * 0.6],
      [cx + r * 0.36, rim + r * 0.82],
      [cx - r * 0.36, rim + r * 0.82],
    ],
    darken(ceramic, 0.2),
  );
  out.push(
    foot,
    p.path(
      `M${f1(cx - r)},${f1(rim)} C${f1(cx - r)},${f1(rim + r * 0.9)} ${f1(cx + r)},${f1(rim + r * 0.9)} ${f1(cx + r)},${f1(rim)} Z`,
      ceramic,
    ),
  );
  out.push(p.ellipse(cx, rim, r, r * 0.22, lighten(ceramic, 0.2)));
  out.push(p.ellipse(cx, rim + r * 0.02, r * 0.9, r * 0.17, noodles ? hsl(35, 65, 58) : mix(ctx.pal.accent, hsl(30, 60, 45), 0.6)));
  if (noodles)
    for (let i = 0; i < 8; i++)
      out.push(
        `<path d="M${f1(cx - r * 0.6 + i * r * 0.15)},${f1(rim)} q${f1(r * 0.06)},${f1(-r * 0.12)} ${f1(r * 0.12)},0" ${p.line(hsl(48, 75, 78), r * 0.03)}/>`,
      );
  out.push(...steam(ctx, cx, rim - r * 0.2, r * 0.25));
  return out;
}

function pizza(ctx: Ctx, cx: number, cy: number, r: number, squash: number): string[] {
  const { p, rand } = ctx;
  const out = [shadow(ctx, cx, cy + r * 0.1 * squash, r * 1.1, r * 1.05 * squash)];
  out.push(p.ellipse(cx, cy, r * 1.08, r * 1.08 * squash, hsl(30, 40, 55)));
  out.push(p.ellipse(cx, cy, r, r * squash, hsl(36, 70, 62)));
  out.push(p.ellipse(cx, cy, r * 0.86, r * 0.86 * squash, hsl(8, 75, 45)));
  for (let i = 0; i < 14; i++) {
    const a = rand() * Math.PI * 2;
    const d = r * 0.7 * Math.sqrt(rand());
    out.push(p.ellipse(cx + Math.cos(a) * d, cy + Math.sin(a) * d * squash, r * 0.14, r * 0.1 * squash, hsl(48, 85, 80), { opacity: 0.9 }));
  }
  for (let i = 0; i < 9; i++) {
    const a = rand() * Math.PI * 2;
    const d = r * 0.65 * Math.sqrt(rand());
    out.push(p.ellipse(cx + Math.cos(a) * d, cy + Math.sin(a) * d * squash, r * 0.1, r * 0.1 * squash, hsl(0, 65, 35)));
  }
  for (let i = 0; i < 6; i++) {
    const a = rand() * Math.PI * 2;
    const d = r * 0.6 * Math.sqrt(rand());
    out.push(p.ellipse(cx + Math.cos(a) * d, cy + Math.sin(a) * d * squash, r * 0.06, r * 0.035, hsl(120, 55, 30)));
  }
  for (let k = 0; k < 4; k++) {
    const a = (k * Math.PI) / 4;
    out.push(
      `<path d="M${f1(cx - Math.cos(a) * r * 0.98)},${f1(cy - Math.sin(a) * r * 0.98 * squash)} L${f1(cx + Math.cos(a) * r * 0.98)},${f1(cy + Math.sin(a) * r * 0.98 * squash)}" ${p.line(hsl(20, 40, 30), 1.5)} opacity="0.5"/>`,
    );
  }
  return out;
}

function cake(ctx: Ctx, cx: number, base: number, r: number): string[] {
  const { p } = ctx;
  const sponge = hsl(38, 60, 70);
  const frosting = ctx.spec.subjectColour ? subjectColour(ctx, "#fff") : ctx.spec.colours[0] ? ctx.pal.accent : hsl(340, 60, 82);
  const hgt = r * 0.9;
  const out = [shadow(ctx, cx, base + r * 0.05, r * 1.35, r * 0.2), p.ellipse(cx, base, r * 1.3, r * 0.28, "#f4f4f2")];
  out.push(p.rect(cx - r, base - hgt - r * 0.05, r * 2, hgt, sponge, { bare: ctx.p.look !== "ink" }));
  out.push(p.ellipse(cx, base - r * 0.05, r, r * 0.22, sponge));
  out.push(p.rect(cx - r, base - hgt * 0.55, r * 2, hgt * 0.08, hsl(350, 65, 55), { bare: true }));
  out.push(p.ellipse(cx, base - hgt - r * 0.05, r, r * 0.22, frosting));
  // Drips of frosting down the side.
  let d = `M${f1(cx - r)},${f1(base - hgt - r * 0.05)}`;
  for (let i = 0; i <= 8; i++) d += ` L${f1(cx - r + (i * r * 2) / 8)},${f1(base - hgt + r * (i % 2 ? 0.22 : 0.08))}`;
  out.push(p.path(`${d} L${f1(cx + r)},${f1(base - hgt - r * 0.05)} Z`, frosting, { weight: 0.6 }));
  for (const dx of [-0.5, 0, 0.5]) out.push(p.circle(cx + dx * r, base - hgt - r * 0.12, r * 0.1, hsl(355, 75, 45)));
  out.push(p.rect(cx - r * 0.03, base - hgt - r * 0.55, r * 0.06, r * 0.4, hsl(200, 60, 70)));
  if (ctx.p.look !== "ink")
    out.push(
      `<ellipse cx="${f1(cx)}" cy="${f1(base - hgt - r * 0.62)}" rx="${f1(r * 0.05)}" ry="${f1(r * 0.09)}" fill="${hsl(42, 100, 62)}"/>`,
    );
  return out;
}

function cup(ctx: Ctx, cx: number, base: number, r: number, top: boolean): string[] {
  const { p } = ctx;
  const ceramic = ctx.spec.subjectColour ? subjectColour(ctx, "#fff") : hsl(195, 25, 88);
  const coffee = hsl(28, 55, 28);
  if (top) {
    return [
      shadow(ctx, cx + r * 0.1, base + r * 0.1, r * 1.5, r * 1.45),
      p.circle(cx, base, r * 1.45, lighten(ceramic, 0.1)),
      p.rect(cx + r * 0.9, base - r * 0.12, r * 0.6, r * 0.24, ceramic, { rx: r * 0.1 }),
      p.circle(cx, base, r, ceramic),
      p.circle(cx, base, r * 0.86, coffee),
      // Latte art: a heart.
      p.path(
        `M${f1(cx)},${f1(base + r * 0.45)} C${f1(cx - r * 0.7)},${f1(base)} ${f1(cx - r * 0.35)},${f1(base - r * 0.5)} ${f1(cx)},${f1(base - r * 0.18)} C${f1(cx + r * 0.35)},${f1(base - r * 0.5)} ${f1(cx + r * 0.7)},${f1(base)} ${f1(cx)},${f1(base + r * 0.45)} Z`,
        hsl(35, 45, 86),
      ),
    ];
  }
  return [
    shadow(ctx, cx, base, r * 1.6, r * 0.2),
    p.ellipse(cx, base, r * 1.5, r * 0.25, lighten(ceramic, 0.1)),
    `<path d="M${f1(cx + r * 0.85)},${f1(base - r * 1.1)} c${f1(r * 0.7)},0 ${f1(r * 0.7)},${f1(r * 0.7)} 0,${f1(r * 0.75)}" ${p.line(ceramic, r * 0.15)}/>`,
    p.path(
      `M${f1(cx - r)},${f1(base - r * 1.4)} L${f1(cx + r)},${f1(base - r * 1.4)} L${f1(cx + r * 0.8)},${f1(base - r * 0.05)} Q${f1(cx)},${f1(base + r * 0.08)} ${f1(cx - r * 0.8)},${f1(base - r * 0.05)} Z`,
      ceramic,
    ),
    p.ellipse(cx, base - r * 1.4, r, r * 0.2, coffee),
    ...steam(ctx, cx, base - r * 1.55, r * 0.3),
  ];
}

function fruit(ctx: Ctx, cx: number, base: number, r: number, top: boolean): string[] {
  const { p, rand } = ctx;
  const out: string[] = [];
  const kinds = [hsl(2, 75, 45), hsl(28, 90, 52), hsl(75, 60, 48), hsl(48, 90, 55), hsl(285, 40, 35)];
  if (!top) {
    out.push(shadow(ctx, cx, base, r * 1.6, r * 0.18));
    out.push(
      p.path(
        `M${f1(cx - r * 1.3)},${f1(base - r * 0.45)} Q${f1(cx)},${f1(base + r * 0.35)} ${f1(cx + r * 1.3)},${f1(base - r * 0.45)} Z`,
        ctx.spec.subjectColour ? subjectColour(ctx, "#fff") : hsl(30, 20, 85),
      ),
    );
    const fr = r * 0.38;
    const spots: Pt[] = [
      [-0.75, -0.7],
      [-0.1, -0.82],
      [0.6, -0.72],
      [-0.42, -1.25],
      [0.25, -1.3],
    ];
    spots.forEach(([dx, dy], i) => {
      const c = ctx.tone(kinds[(i + Math.floor(rand() * 5)) % kinds.length]!);
      out.push(p.circle(cx + dx * r, base + dy * r, fr, lit(ctx, c)));
      if (p.look !== "ink")
        out.push(
          `<circle cx="${f1(cx + dx * r - fr * 0.35)}" cy="${f1(base + dy * r - fr * 0.35)}" r="${f1(fr * 0.25)}" fill="#fff" opacity="0.35"/>`,
        );
      out.push(
        `<path d="M${f1(cx + dx * r)},${f1(base + dy * r - fr)} l${f1(fr * 0.1)},${f1(-fr * 0.3)}" ${p.line(hsl(30, 40, 25), fr * 0.08)}/>`,
      );
    });
    // The rim of the bowl in front of the fruit.
    out.push(
      p.path(
        `M${f1(cx - r * 1.3)},${f1(base - r * 0.45)} Q${f1(cx)},${f1(base + r * 0.35)} ${f1(cx + r * 1.3)},${f1(base - r * 0.45)} Q${f1(cx)},${f1(base - r * 0.2)} ${f1(cx - r * 1.3)},${f1(base - r * 0.45)} Z`,
        ctx.spec.subjectColour ? subjectColour(ctx, "#fff") : hsl(30, 20, 80),
      ),
    );
    return out;
  }
  for (let i = 0; i < 9; i++) {
    const a = rand() * Math.PI * 2;
    const d = r * 1.1 * Math.sqrt(rand());
    const c = ctx.tone(kinds[i % kinds.length]!);
    out.push(shadow(ctx, cx + Math.cos(a) * d + r * 0.05, base + Math.sin(a) * d + r * 0.05, r * 0.3, r * 0.3));
    out.push(p.circle(cx + Math.cos(a) * d, base + Math.sin(a) * d, r * 0.26, c));
  }
  return out;
}

function sushi(ctx: Ctx, cx: number, cy: number, r: number, squash: number): string[] {
  const { p } = ctx;
  const out = [
    shadow(ctx, cx, cy + r * 0.1, r * 1.5, r * 0.8 * squash),
    p.rect(cx - r * 1.4, cy - r * 0.7 * squash, r * 2.8, r * 1.4 * squash, hsl(20, 15, 18), { rx: r * 0.15 }),
  ];
  const fillings = [hsl(10, 80, 60), hsl(140, 50, 45), hsl(45, 90, 60)];
  for (let i = 0; i < 4; i++) {
    const x = cx - r * 1.0 + i * r * 0.66;
    out.push(p.ellipse(x, cy - r * 0.18 * squash, r * 0.27, r * 0.27 * squash, hsl(140, 30, 12)));
    out.push(p.ellipse(x, cy - r * 0.18 * squash, r * 0.21, r * 0.21 * squash, "#f6f3ea", { weight: 0.5 }));
    out.push(p.ellipse(x, cy - r * 0.18 * squash, r * 0.08, r * 0.08 * squash, fillings[i % 3]!, { weight: 0.5 }));
  }
  for (let i = 0; i < 2; i++) {
    const x = cx - r * 0.5 + i * r * 0.95;
    out.push(p.ellipse(x, cy + r * 0.35 * squash, r * 0.38, r * 0.16 * squash, "#f6f3ea"));
    out.push(p.ellipse(x, cy + r * 0.3 * squash, r * 0.4, r * 0.14 * squash, hsl(14, 85, 62)));
    for (let k = 0; k < 3; k++)
      out.push(
        `<path d="M${f1(x - r * 0.25 + k * r * 0.2)},${f1(cy + r * 0.2 * squash)} l${f1(r * 0.08)},${f1(r * 0.2 * squash)}" ${p.line("#ffffff", 1.5)} opacity="0.6"/>`,
      );
  }
  return out;
}

function burger(ctx: Ctx, cx: number, base: number, r: number): string[] {
  const { p } = ctx;
  const bun = hsl(32, 70, 55);
  const out = [shadow(ctx, cx, base, r * 1.4, r * 0.18), p.ellipse(cx, base, r * 1.35, r * 0.22, "#f4f4f2")];
  out.push(p.rect(cx - r, base - r * 0.32, r * 2, r * 0.3, bun, { rx: r * 0.14 }));
  out.push(p.rect(cx - r * 1.05, base - r * 0.62, r * 2.1, r * 0.32, hsl(15, 45, 22), { rx: r * 0.12 }));
  out.push(
    p.polygon(
      [
        [cx - r * 1.05, base - r * 0.66],
        [cx + r * 1.05, base - r * 0.66],
        [cx + r * 0.7, base - r * 0.45],
        [cx, base - r * 0.62],
        [cx - r * 0.6, base - r * 0.42],
      ],
      hsl(45, 95, 55),
    ),
  );
  let lettuce = `M${f1(cx - r * 1.12)},${f1(base - r * 0.7)}`;
  for (let i = 0; i <= 10; i++) lettuce += ` L${f1(cx - r * 1.12 + (i * r * 2.24) / 10)},${f1(base - r * (i % 2 ? 0.62 : 0.74))}`;
  out.push(
    p.path(`${lettuce} L${f1(cx + r * 1.05)},${f1(base - r * 0.8)} L${f1(cx - r * 1.05)},${f1(base - r * 0.8)} Z`, hsl(100, 60, 42)),
  );
  out.push(p.rect(cx - r * 0.95, base - r * 0.92, r * 1.9, r * 0.14, hsl(4, 70, 50), { rx: r * 0.05 }));
  out.push(
    p.path(
      `M${f1(cx - r)},${f1(base - r * 0.9)} C${f1(cx - r)},${f1(base - r * 1.75)} ${f1(cx + r)},${f1(base - r * 1.75)} ${f1(cx + r)},${f1(base - r * 0.9)} Z`,
      bun,
    ),
  );
  for (let i = 0; i < 10; i++)
    out.push(
      p.ellipse(cx + (ctx.rand() - 0.5) * r * 1.4, base - r * (1.1 + ctx.rand() * 0.4), r * 0.04, r * 0.02, "#fbf5e4", { bare: true }),
    );
  return out;
}

function food(ctx: Ctx, dish: Dish, noodles: boolean): string[] {
  const { w, h, u, spec } = ctx;
  const top = spec.topView || dish === "sushi" || dish === "pizza";
  const cx = w * 0.5 + (ctx.rand() - 0.5) * w * 0.06;
  if (top && spec.topView) {
    const cy = h * 0.5;
    const r = u * 0.34;
    if (dish === "bowl") return bowlTop(ctx, cx, cy, r, noodles);
    if (dish === "pizza") return pizza(ctx, cx, cy, r * 1.05, 1);
    if (dish === "cup") return cup(ctx, cx, cy, r * 0.6, true);
    if (dish === "sushi") return sushi(ctx, cx, cy, r, 1);
    if (dish === "fruit") return fruit(ctx, cx, cy, r, true);
    if (dish === "cake")
      return [
        shadow(ctx, cx, cy, r * 1.05, r * 1.05),
        ctx.p.circle(cx, cy, r, hsl(340, 60, 85)),
        ...Array.from({ length: 8 }, (_, i) =>
          ctx.p.circle(cx + Math.cos((i * Math.PI) / 4) * r * 0.7, cy + Math.sin((i * Math.PI) / 4) * r * 0.7, r * 0.1, hsl(355, 75, 45)),
        ),
      ];
  }
  const base = h * 0.8;
  const r = u * 0.26;
  switch (dish) {
    case "bowl":
      return bowlSide(ctx, cx, base - r * 0.85, r * 1.25, noodles);
    case "pizza":
      return pizza(ctx, cx, base - r * 0.4, r * 1.3, 0.45);
    case "cake":
      return cake(ctx, cx, base, r);
    case "cup":
      return cup(ctx, cx, base, r * 0.7, false);
    case "sushi":
      return sushi(ctx, cx, base - r * 0.3, r, 0.5);
    case "burger":
      return burger(ctx, cx, base, r);
    default:
      return fruit(ctx, cx, base, r, false);
  }
}

// ---------------------------------------------------------------- people

/** A head-and-shoulders bust in profile, lit from the front with a rim of light behind. */
function portrait(ctx: Ctx): string[] {
  const { w, h, p, rand } = ctx;
  const s = Math.min(w, h * 0.95);
  const ox = (w - s) / 2 + (rand() - 0.5) * s * 0.08;
  const oy = h - s;
  const facing = rand() < 0.5 ? 1 : -1;
  const P = (x: number, y: number): Pt => [ox + (facing === 1 ? x : 1 - x) * s, oy + y * s];
  const skins = [hsl(28, 45, 78), hsl(25, 40, 62), hsl(22, 35, 45), hsl(20, 35, 30)];
  const skin = lit(ctx, skins[Math.floor(rand() * skins.length)]!);
  const hairColours = [hsl(25, 35, 15), hsl(30, 45, 30), hsl(40, 55, 60), hsl(10, 60, 35), hsl(0, 0, 82)];
  const hair = hairColours[Math.floor(rand() * hairColours.length)]!;
  const clothes = lit(ctx, ctx.spec.subjectColour ? subjectColour(ctx, "#000") : mix(ctx.pal.accent, "#3a3a44", 0.45));
  const longHair = rand() < 0.5;
  const out: string[] = [];
  // Shoulders and chest.
  out.push(
    p.path(
      smoothPath([P(0.38, 0.78), P(0.22, 0.86), P(0.08, 0.95), P(0.02, 1.05), P(0.98, 1.05), P(0.9, 0.94), P(0.74, 0.86), P(0.58, 0.8)]),
      clothes,
    ),
  );
  if (longHair)
    out.push(p.path(smoothPath([P(0.5, 0.18), P(0.3, 0.2), P(0.2, 0.4), P(0.18, 0.7), P(0.24, 0.88), P(0.4, 0.84), P(0.42, 0.6)]), hair));
  // Face in profile: forehead, nose, lips, chin, throat, neck.
  const face: Pt[] = [
    P(0.36, 0.82),
    P(0.37, 0.66),
    P(0.31, 0.55),
    P(0.3, 0.4),
    P(0.38, 0.25),
    P(0.5, 0.2),
    P(0.6, 0.25),
    P(0.645, 0.36),
    P(0.655, 0.42),
    P(0.715, 0.5),
    P(0.67, 0.53),
    P(0.68, 0.565),
    P(0.665, 0.58),
    P(0.675, 0.605),
    P(0.655, 0.635),
    P(0.66, 0.675),
    P(0.62, 0.71),
    P(0.56, 0.72),
    P(0.57, 0.82),
  ];
  out.push(p.path(smoothPath(face, true, 0.85), skin));
  out.push(p.ellipse(...P(0.45, 0.47), s * 0.035, s * 0.05, darken(skin, 0.12), { weight: 0.5 }));
  out.push(
    `<path d="M${P(0.585, 0.43).map(f1).join(",")} q${f1(facing * s * 0.025)},${f1(-s * 0.012)} ${f1(facing * s * 0.045)},0" ${p.line(darken(skin, 0.6), s * 0.006)}/>`,
  );
  // Hair over the crown.
  out.push(
    p.path(
      smoothPath(
        longHair
          ? [P(0.6, 0.27), P(0.52, 0.15), P(0.36, 0.14), P(0.26, 0.26), P(0.24, 0.45), P(0.34, 0.5), P(0.42, 0.36), P(0.52, 0.29)]
          : [
              P(0.6, 0.27),
              P(0.53, 0.17),
              P(0.38, 0.16),
              P(0.28, 0.26),
              P(0.28, 0.45),
              P(0.34, 0.58),
              P(0.38, 0.5),
              P(0.42, 0.36),
              P(0.52, 0.29),
            ],
      ),
      hair,
    ),
  );
  // Rim light along the back of the head and shoulder.
  if (p.look !== "ink" && p.look !== "flat") {
    out.push(
      `<path d="${smoothPath([P(0.3, 0.4), P(0.38, 0.22), P(0.5, 0.17)], false)}" ${p.line(lighten(ctx.pal.light, 0.3), s * 0.006)} opacity="0.7"/>`,
    );
  }
  return out;
}

// ---------------------------------------------------------------- buildings

function window(ctx: Ctx, x: number, y: number, w: number, h: number): string[] {
  const glow = ctx.pal.night || ctx.time === "sunset";
  const c = glow ? hsl(42, 95, 65) : mix(ctx.pal.sky[1], "#ffffff", 0.25);
  const out: string[] = [];
  if (glow && ctx.p.look !== "ink")
    out.push(
      `<circle cx="${f1(x + w / 2)}" cy="${f1(y + h / 2)}" r="${f1(Math.max(w, h) * 1.6)}" fill="${ctx.p.radial([
        [0, c, 0.5],
        [1, c, 0],
      ])}"/>`,
    );
  out.push(ctx.p.rect(x, y, w, h, c, { weight: 0.6 }));
  out.push(
    `<path d="M${f1(x + w / 2)},${f1(y)} v${f1(h)} M${f1(x)},${f1(y + h / 2)} h${f1(w)}" ${ctx.p.line(darken(c, 0.5), Math.max(1, w * 0.08))}/>`,
  );
  return out;
}

function building(ctx: Ctx, kind: Building): string[] {
  const { w, h, u, p, pal, rand } = ctx;
  const x = w * (0.38 + rand() * 0.24);
  const ground =
    ctx.spec.setting === "sea" && kind !== "lighthouse" ? ctx.ground : Math.max(ctx.horizon + (h - ctx.horizon) * 0.45, h * 0.78);
  const wall = (c: string) => lit(ctx, subjectColour(ctx, c));
  const roofSnow = ctx.spec.snow && p.look !== "ink";
  const out: string[] = [shadow(ctx, x, ground, u * 0.3, u * 0.03)];
  switch (kind) {
    case "lighthouse": {
      const bh = u * 0.55;
      const bw = u * 0.12;
      out.push(
        p.path(
          smoothPath(
            [
              [x - u * 0.25, ground + 2],
              [x - u * 0.18, ground - u * 0.06],
              [x + u * 0.15, ground - u * 0.07],
              [x + u * 0.26, ground + 2],
            ],
            false,
          ) + " Z",
          darken(pal.near, 0.1),
        ),
      );
      const stripes = 5;
      for (let i = 0; i < stripes; i++) {
        const y0 = ground - u * 0.04 - (i * bh) / stripes;
        const y1 = y0 - bh / stripes;
        const hw0 = bw * (1 - (i / stripes) * 0.4);
        const hw1 = bw * (1 - ((i + 1) / stripes) * 0.4);
        out.push(
          p.polygon(
            [
              [x - hw0, y0],
              [x + hw0, y0],
              [x + hw1, y1],
              [x - hw1, y1],
            ],
            i % 2 ? wall("#f3efe6") : wall(hsl(4, 70, 45)),
          ),
        );
      }
      const top = ground - u * 0.04 - bh;
      out.push(p.rect(x - bw * 0.8, top - u * 0.015, bw * 1.6, u * 0.02, darken(pal.near, 0.2)));
      const beam = pal.night || ctx.time === "dusk" || ctx.time === "sunset";
      if (beam && p.look !== "ink") {
        const c = hsl(50, 100, 80);
        out.push(
          `<polygon points="${f1(x)},${f1(top - u * 0.05)} ${f1(x - w)},${f1(top - u * 0.2)} ${f1(x - w)},${f1(top + u * 0.1)}" fill="${p.linear(
            [
              [0, c, 0],
              [1, c, 0.55],
            ],
            { x1: 1, y1: 0, x2: 0, y2: 0 },
          )}"/>`,
        );
        out.push(
          `<polygon points="${f1(x)},${f1(top - u * 0.05)} ${f1(x + w)},${f1(top - u * 0.25)} ${f1(x + w)},${f1(top + u * 0.05)}" fill="${p.linear(
            [
              [0, c, 0.45],
              [1, c, 0],
            ],
            { x1: 0, y1: 0, x2: 1, y2: 0 },
          )}"/>`,
        );
      }
      out.push(p.rect(x - bw * 0.45, top - u * 0.09, bw * 0.9, u * 0.075, beam ? hsl(50, 100, 75) : mix(pal.sky[1], "#fff", 0.4)));
      out.push(
        p.polygon(
          [
            [x - bw * 0.6, top - u * 0.09],
            [x + bw * 0.6, top - u * 0.09],
            [x, top - u * 0.16],
          ],
          darken(hsl(4, 70, 40), 0.1),
        ),
      );
      return out;
    }
    case "castle": {
      const c = wall(hsl(35, 12, 62));
      const kw = u * 0.3;
      const kh = u * 0.3;
      const top = ground - kh;
      out.push(p.rect(x - kw / 2, top, kw, kh, c));
      for (let i = 0; i < 6; i++)
        out.push(p.rect(x - kw / 2 + (i * kw) / 5.5, top - u * 0.03, kw / 11, u * 0.03, c, { bare: p.look !== "ink" }));
      for (const side of [-1, 1]) {
        const tx = x + side * kw * 0.62;
        const th = kh * 1.45;
        out.push(p.rect(tx - u * 0.055, ground - th, u * 0.11, th, darken(c, 0.08)));
        out.push(
          p.polygon(
            [
              [tx - u * 0.075, ground - th],
              [tx + u * 0.075, ground - th],
              [tx, ground - th - u * 0.14],
            ],
            wall(hsl(220, 35, 35)),
          ),
        );
        out.push(
          `<path d="M${f1(tx)},${f1(ground - th - u * 0.14)} v${f1(-u * 0.06)}" ${p.line(INK, 1.5)}/><polygon points="${f1(tx)},${f1(ground - th - u * 0.2)} ${f1(tx + side * u * 0.05)},${f1(ground - th - u * 0.185)} ${f1(tx)},${f1(ground - th - u * 0.17)}" fill="${pal.accent}"/>`,
        );
        out.push(...window(ctx, tx - u * 0.015, ground - th * 0.7, u * 0.03, u * 0.05));
      }
      out.push(
        p.path(
          `M${f1(x - u * 0.05)},${f1(ground)} v${f1(-u * 0.08)} a${f1(u * 0.05)},${f1(u * 0.05)} 0 0 1 ${f1(u * 0.1)},0 v${f1(u * 0.08)} Z`,
          darken(c, 0.55),
        ),
      );
      out.push(
        ...window(ctx, x - u * 0.09, top + kh * 0.25, u * 0.035, u * 0.05),
        ...window(ctx, x + u * 0.055, top + kh * 0.25, u * 0.035, u * 0.05),
      );
      return out;
    }
    case "pagoda": {
      const c = wall(hsl(5, 65, 42));
      const roof = darken(hsl(160, 20, 25), 0.1);
      let y = ground;
      let hw = u * 0.16;
      for (let t = 0; t < 4; t++) {
        const th = u * 0.08;
        out.push(p.rect(x - hw * 0.7, y - th, hw * 1.4, th, c));
        out.push(
          p.path(
            `M${f1(x - hw * 1.35)},${f1(y - th + u * 0.005)} Q${f1(x - hw)},${f1(y - th - u * 0.02)} ${f1(x - hw * 0.6)},${f1(y - th - u * 0.045)} L${f1(x + hw * 0.6)},${f1(y - th - u * 0.045)} Q${f1(x + hw)},${f1(y - th - u * 0.02)} ${f1(x + hw * 1.35)},${f1(y - th + u * 0.005)} Z`,
            roofSnow ? "#f1f4f8" : roof,
          ),
        );
        y -= th + u * 0.045;
        hw *= 0.8;
      }
      out.push(`<path d="M${f1(x)},${f1(y)} v${f1(-u * 0.08)}" ${p.line(roof, u * 0.01)}/>`);
      return out;
    }
    case "windmill": {
      const c = wall(hsl(35, 30, 80));
      const th = u * 0.42;
      out.push(
        p.polygon(
          [
            [x - u * 0.09, ground],
            [x + u * 0.09, ground],
            [x + u * 0.055, ground - th],
            [x - u * 0.055, ground - th],
          ],
          c,
        ),
      );
      out.push(
        p.polygon(
          [
            [x - u * 0.07, ground - th],
            [x + u * 0.07, ground - th],
            [x, ground - th - u * 0.08],
          ],
          wall(hsl(10, 45, 35)),
        ),
      );
      const hx = x;
      const hy = ground - th + u * 0.01;
      const angle = rand() * 90;
      for (let k = 0; k < 4; k++) {
        out.push(
          `<g transform="rotate(${f1(angle + k * 90)} ${f1(hx)} ${f1(hy)})">${p.rect(hx - u * 0.02, hy - u * 0.3, u * 0.04, u * 0.28, mix(c, "#ffffff", 0.3), { weight: 0.5 })}<path d="M${f1(hx)},${f1(hy)} v${f1(-u * 0.3)}" ${p.line(darken(c, 0.5), 2)}/></g>`,
        );
      }
      out.push(p.circle(hx, hy, u * 0.018, darken(c, 0.5)));
      out.push(
        p.path(
          `M${f1(x - u * 0.025)},${f1(ground)} v${f1(-u * 0.06)} a${f1(u * 0.025)},${f1(u * 0.025)} 0 0 1 ${f1(u * 0.05)},0 v${f1(u * 0.06)} Z`,
          darken(c, 0.5),
        ),
      );
      return out;
    }
    default: {
      // A log cabin: walls, pitched roof, chimney with smoke, lit windows.
      const c = wall(hsl(24, 45, 32));
      const bw = u * 0.34;
      const bh = u * 0.18;
      const top = ground - bh;
      out.push(p.rect(x - bw / 2, top, bw, bh, c));
      if (p.look !== "ink" && p.look !== "flat")
        for (let i = 1; i < 6; i++)
          out.push(`<path d="M${f1(x - bw / 2)},${f1(top + (i * bh) / 6)} h${f1(bw)}" ${p.line(darken(c, 0.35), 1.5)}/>`);
      out.push(p.rect(x + bw * 0.22, top - u * 0.12, u * 0.04, u * 0.1, darken(c, 0.2)));
      if (p.look !== "flat") {
        for (let i = 0; i < 3; i++)
          out.push(
            `<circle cx="${f1(x + bw * 0.24 + i * u * 0.03)}" cy="${f1(top - u * 0.16 - i * u * 0.05)}" r="${f1(u * (0.02 + i * 0.012))}" fill="${p.look === "ink" ? "none" : "#d8dde6"}"${p.look === "ink" ? ` stroke="${INK}" stroke-width="1"` : ` opacity="${(0.5 - i * 0.12).toFixed(2)}"`}/>`,
          );
      }
      out.push(
        p.polygon(
          [
            [x - bw * 0.62, top + u * 0.01],
            [x + bw * 0.62, top + u * 0.01],
            [x + bw * 0.05, top - u * 0.15],
            [x - bw * 0.05, top - u * 0.15],
          ],
          roofSnow ? "#f2f5f9" : wall(hsl(15, 30, 20)),
        ),
      );
      out.push(p.rect(x - bw * 0.08, ground - bh * 0.62, bw * 0.16, bh * 0.62, darken(c, 0.45)));
      out.push(
        ...window(ctx, x - bw * 0.38, top + bh * 0.28, bw * 0.16, bh * 0.32),
        ...window(ctx, x + bw * 0.22, top + bh * 0.28, bw * 0.16, bh * 0.32),
      );
      if (ctx.spec.setting !== "forest" && ctx.spec.setting !== "city")
        for (const dx of [-0.32, 0.3]) out.push(...pine(ctx, x + dx * u * 1.1, ground + u * 0.01, u * 0.3, darken(pal.near, 0.05)));
      return out;
    }
  }
}

/** The subject in front of its setting (nothing for pure landscapes and abstracts). */
export function drawSubject(ctx: Ctx, subject: Subject | null): string[] {
  if (!subject) return [];
  switch (subject.kind) {
    case "animal":
      return animal(ctx, subject.animal);
    case "food":
      return food(ctx, subject.dish, subject.noodles);
    case "portrait":
      return portrait(ctx);
    case "building":
      return building(ctx, subject.building);
  }
}
