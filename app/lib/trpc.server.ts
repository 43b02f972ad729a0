// The bridge between Remix and the server: loaders call procedures in-process
// (no HTTP hop), and the resource route hands HTTP requests to tRPC.
import { createContext } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import { handleTrpcRequest as handle } from "../../server/trpc/http-handler";
import { checkHealth } from "../../server/system/health";
import { getServices } from "../../server/services";

export async function serverCaller(request: Request) {
  return createCaller(await createContext({ req: request, page: true }));
}

export function handleTrpcRequest(request: Request) {
  return handle(request);
}

export function healthCheck() {
  return checkHealth(getServices().db);
}
