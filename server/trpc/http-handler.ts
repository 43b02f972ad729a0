// The tRPC fetch handler, shared by the Remix resource route and tests.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Services } from "../services";
import { createContext } from "./context";
import { appRouter } from "./root";
import { TRPC_PATH } from "../contract";

export const TRPC_ENDPOINT = TRPC_PATH;

export function handleTrpcRequest(req: Request, services?: Services): Promise<Response> {
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createContext({ req, resHeaders, services }),
    onError({ error, ctx, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR" && !ctx) {
        // Failed before a context existed (e.g. context creation itself).
        (services ?? undefined)?.logger.error({ err: error, path }, "tRPC request failed");
      }
    },
  });
}
