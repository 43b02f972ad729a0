// How long the offline preview renderer takes for one 1024² picture, per style, next to
// the floor of any PNG picture: encoding a flat 1024² image with the same PNG settings.
//   npx tsx bench/offline-renderer.ts [rounds]
import sharp from "sharp";
import { renderProcedural } from "../server/adapters/models/local/procedural-renderer";
import { STYLES } from "../server/models/catalogue";

const rounds = Number(process.argv[2] ?? 3);
const prompts = [
  "a red fox in the snow",
  "a bowl of ramen, top view",
  "a neon city at night",
  "lavender fields at sunset",
  "portrait of a woman",
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const flat = sharp({ create: { width: 1024, height: 1024, channels: 3, background: "#88aacc" } });
await renderProcedural({ prompt: "warm-up", seed: 0, width: 256, height: 256 });
const rows: Array<[string, number, number]> = [];
for (const style of [undefined, ...STYLES]) {
  const times: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const prompt of prompts) {
      // Interleaved with the baseline, so both see the same load.
      floor.push(await time(() => flat.clone().png({ compressionLevel: 6 }).toBuffer()));
      times.push(await time(() => renderProcedural({ prompt, seed: r, style, width: 1024, height: 1024 })));
    }
  }
  rows.push([style ?? "(none)", median(times), median(floor)]);
}
process.stdout.write(`offline renderer, 1024², median of ${rounds * prompts.length} pictures per style\n`);
for (const [style, ms, base] of rows)
  process.stdout.write(
    `${style.padEnd(14)} ${ms.toFixed(0).padStart(5)} ms   (flat PNG encode ${base.toFixed(1)} ms; ${(ms / base).toFixed(0)}×)\n`,
  );
