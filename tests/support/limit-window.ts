// The per-minute limits count in windows aligned to the epoch (both stores: PostgreSQL's
// studio_rate_limit_hit and @upstash/ratelimit's slidingWindow), and a hit weighs the
// previous window's count rounded down: with a limit of 1, a second call just after a
// window edge is let through (floor(1 × 0.99) = 0). A test that needs two calls to meet
// the limit first waits until the window has room for both.
export async function awayFromWindowEdge(windowMs = 60_000, roomMs = 25_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < roomMs) await new Promise((r) => setTimeout(r, left + 100));
}
