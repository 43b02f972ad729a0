// Values that live exactly as long as one HTTP request. A page request runs several
// loaders (root + route), each asking e.g. who is calling; the app server opens a scope
// per request so such answers are computed once. Outside a request (tests, CLIs) there
// is no scope and nothing is remembered.
import { AsyncLocalStorage } from "node:async_hooks";

const storage = new AsyncLocalStorage<Map<string, unknown>>();

export function runInRequestScope<T>(fn: () => T): T {
  return storage.run(new Map(), fn);
}

/** `compute()` once per request scope and key; every call when there is no scope. */
export function oncePerRequest<T>(key: string, compute: () => T): T {
  const scope = storage.getStore();
  if (!scope) return compute();
  if (!scope.has(key)) scope.set(key, compute());
  return scope.get(key) as T;
}
