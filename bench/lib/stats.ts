export type Summary = { n: number; median: number; p99: number; mean: number; min: number; max: number };

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, median: at(0.5), p99: at(0.99), mean, min: s[0], max: s[s.length - 1] };
}

/** Times `fn` `n` times after `warmup` untimed calls; milliseconds per call. */
export async function timeMany(n: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(20, n)): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/**
 * Alternates two workloads sample by sample so drift in machine load hits both alike
 * (the machines are noisy; ratios from interleaved runs are steadier than back-to-back).
 */
export async function timeInterleaved(
  n: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
  warmup = 20,
): Promise<[Summary, Summary]> {
  for (let i = 0; i < warmup; i++) {
    await a(-1 - i);
    await b(-1 - i);
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await a(i);
    sa.push(performance.now() - t);
    t = performance.now();
    await b(i);
    sb.push(performance.now() - t);
  }
  return [summarize(sa), summarize(sb)];
}

/** timeInterleaved for any number of workloads, taken in turn sample by sample. */
export async function timeInterleavedAll(n: number, fns: Array<(i: number) => Promise<unknown>>, warmup = 20): Promise<Summary[]> {
  for (let i = 0; i < warmup; i++) for (const f of fns) await f(-1 - i);
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, f] of fns.entries()) {
      const t = performance.now();
      await f(i);
      samples[k]!.push(performance.now() - t);
    }
  }
  return samples.map(summarize);
}

export const ms = (v: number) => `${v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "n/a");
