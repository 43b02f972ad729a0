/**
 * V8 flags the server starts with (`npm start`, the tests and the bench spawn it so; the
 * server logs a hint when started without them).
 *
 * - `--no-memory-reducer`: after a few seconds without requests, V8's memory reducer ran
 *   full collections that shrank the heap, and the next requests then cost 1.7× the CPU for
 *   a long while (tRPC `discovery`: 2.5–2.7 ms against 1.5 ms warm, in 4 s rounds after
 *   50 s idle; 1.3–1.6 ms with the flag). The price: the heap keeps its size while idle.
 * - `--heap-growing-percent=150`: after a full collection V8 lets the old space grow to
 *   2.5× what survived it (by default up to 4× on a machine with this much memory). Under
 *   64 connections of server-rendered pages that garbage was most of the peak RSS: 375 →
 *   280 MiB over figure 3, for ~3 % more CPU per page (100 %: 225 MiB for ~6 %).
 *
 * docs/decisions/0017-serving-speed.md has the runs.
 */
export const V8_FLAGS = ["--no-memory-reducer", "--heap-growing-percent=150"] as const;
