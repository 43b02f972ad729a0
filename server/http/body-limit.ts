// Reading a request body with a ceiling: a declared Content-Length above it is refused
// without reading a byte, and a chunked body is counted as it streams in and abandoned
// the moment it passes the ceiling, so a 100 MB upload costs at most `max` bytes of
// memory.
//
// Once refused, the rest of the upload is read and thrown away for a short while before
// the connection is cut ("lingering close"): cutting it at once would reset a socket whose
// peer is still writing, and a reset discards the 413 before the client has read it.

export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false };

/** How much of a refused upload is swallowed, and for how long, before the socket is cut. */
const LINGER_BYTES = 16 * 1024 * 1024;
const LINGER_MS = 2000;

export async function readBodyWithin(request: Request, max: number): Promise<LimitedBody> {
  const declaredHeader = request.headers.get("content-length");
  const declared = declaredHeader && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : null;
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  if (declared !== null && declared > max) {
    void discardBriefly(reader);
    return { ok: false };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void discardBriefly(reader);
      return { ok: false };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * Reads and drops what keeps arriving, for a short while: the body ends (the connection can
 * serve the next request), or the time or byte allowance runs out and the body is cancelled
 * (which ends the connection).
 */
export async function discardBriefly(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), LINGER_MS);
  try {
    let swallowed = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      swallowed += value.byteLength;
      if (swallowed > LINGER_BYTES) break;
    }
    await reader.cancel();
  } catch {
    // The peer went away or the timer cancelled the body: nothing left to do.
  } finally {
    clearTimeout(timer);
  }
}

export function payloadTooLarge(max: number): Response {
  return new Response(JSON.stringify({ ok: false, error: `The request body is larger than ${max} bytes.` }), {
    status: 413,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
