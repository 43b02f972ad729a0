import sharp from "sharp";
const n = Number(process.argv[2] ?? 5);
const files = Array.from({ length: n }, (_, i) => `/tmp/render-${i}.png`);
const tiles = await Promise.all(files.map((f) => sharp(f).resize(400, 400).toBuffer()));
await sharp({ create: { width: 400 * n, height: 400, channels: 3, background: "#000" } })
  .composite(tiles.map((t, i) => ({ input: t, left: i * 400, top: 0 })))
  .png()
  .toFile("/tmp/montage.png");
