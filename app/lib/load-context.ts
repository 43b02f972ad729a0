// What the app server hands every Remix loader and action of one request as `context`
// (server/http/app-server.ts): the request's scope, where the caller and each per-minute
// limit decision are kept once for the whole page (server/request-scope.ts).
import type { RequestScope } from "../../server/request-scope";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    scope?: RequestScope;
  }
}

export {};
