// Values that live exactly as long as one HTTP request. A page request runs several
// loaders (root + route, and the action first on a form post), each asking e.g. who is
// calling; the app server gives every request that goes to Remix a scope, passed to the
// loaders and actions as their load context, so such answers are computed once per page.
// A tRPC request over HTTP has one context for the whole request, and tests and CLIs have
// no scope: nothing is remembered there.
//
// An explicit value rather than AsyncLocalStorage: on Node 20 and 22, AsyncLocalStorage
// runs a hook on every promise of the process (~2 % of a server-rendered page's CPU).
export type RequestScope = Map<string, unknown>;

export function newRequestScope(): RequestScope {
  return new Map();
}

/** `compute()` once per request scope and key; every call when there is no scope. */
export function oncePerRequest<T>(scope: RequestScope | null | undefined, key: string, compute: () => T): T {
  if (!scope) return compute();
  if (!scope.has(key)) scope.set(key, compute());
  return scope.get(key) as T;
}
