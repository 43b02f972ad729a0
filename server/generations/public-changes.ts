// "What anonymous visitors see may have changed": raised after every successful mutation
// (server/trpc/init.ts), so a shared cache of public pages in this process
// (server/http/public-cache.ts) drops its copies at once rather than within its TTL.
// In-process only: other instances' caches expire within their TTL (1 s).
type Listener = () => void;
const listeners = new Set<Listener>();

export function onPublicContentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publicContentChanged(): void {
  for (const l of listeners) l();
}
