// The bridge between Remix and the server: loaders call procedures in-process
// (no HTTP hop), and the resource route hands HTTP requests to tRPC.
import { createContext } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import { handleTrpcRequest as handle } from "../../server/trpc/http-handler";
import { checkHealth } from "../../server/system/health";
import { getServices } from "../../server/services";
import type { AppLoadContext } from "@remix-run/node";
import "./load-context";

/** Procedures for a loader or action: `context` is its load context (the request's scope, shared by the page's loaders). */
export async function serverCaller(request: Request, context: AppLoadContext | undefined) {
  return createCaller(await createContext({ req: request, page: context?.scope }));
}

export function handleTrpcRequest(request: Request) {
  return handle(request);
}

export function healthCheck() {
  return checkHealth(getServices());
}
