// Downloads a provider's temporary image URL, trusting nothing about it: only from
// the provider's hosts (also across redirects), only image content types, and never
// more than maxBytes.
import { ProviderError } from "../adapters/models/model-port";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  // Plain http only to loopback (self-hosted servers on the same machine, tests).
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(host))) return false;
  return allowed.some((a) => (a.startsWith("*.") ? host.endsWith(a.slice(1)) && host.length > a.length - 1 : host === a));
}

export type FetchImageOptions = { allowedHosts: readonly string[]; maxBytes: number; signal: AbortSignal; fetch?: typeof globalThis.fetch };

export async function fetchProviderImage(url: string, opts: FetchImageOptions): Promise<Buffer> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new ProviderError("bad_response", "The image service returned an invalid image URL.", false);
  }
  for (let hop = 0; hop < 4; hop++) {
    if (!hostAllowed(current, opts.allowedHosts)) {
      throw new ProviderError(
        "bad_response",
        `Refused to download the image from ${current.hostname}: not one of the provider's hosts.`,
        false,
      );
    }
    let res: Response;
    try {
      res = await doFetch(current, { redirect: "manual", signal: opts.signal });
    } catch (e) {
      if (opts.signal.aborted) throw new ProviderError("timeout", "Downloading the image timed out.", true, undefined, { cause: e });
      throw new ProviderError("upstream", "Could not download the image.", true, undefined, { cause: e });
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      await res.body?.cancel();
      current = new URL(res.headers.get("location")!, current);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ProviderError("upstream", `Downloading the image failed (HTTP ${res.status}).`, res.status >= 500, res.status);
    }
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!/^image\/(png|jpeg|webp)$/.test(type)) {
      await res.body?.cancel();
      throw new ProviderError("bad_response", `The image service sent ${type || "no content type"}, not an image.`, false);
    }
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > opts.maxBytes) {
      await res.body?.cancel();
      throw new ProviderError("bad_response", "The image is larger than allowed.", false);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > opts.maxBytes) {
        await reader.cancel();
        throw new ProviderError("bad_response", "The image is larger than allowed.", false);
      }
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks);
  }
  throw new ProviderError("bad_response", "Too many redirects while downloading the image.", false);
}
