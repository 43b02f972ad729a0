// The tRPC fetch handler, shared by the Remix resource route and tests. Limits come
// first (server/http/request-limits.ts): a body over MAX_TRPC_BODY_BYTES is a 413 read no
// further than the limit, and a batch of more than MAX_BATCH_CALLS calls is a 400 before
// any of them runs.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError } from "../errors";
import { readBodyWithin } from "../http/body-limit";
import { MAX_BATCH_CALLS, MAX_TRPC_BODY_BYTES } from "../http/request-limits";
import { getServices, type Services } from "../services";
import { toTRPCError } from "./app-error";
import { createContext } from "./context";
import { appRouter } from "./root";
import { TRPC_PATH } from "../contract";

export const TRPC_ENDPOINT = TRPC_PATH;

export async function handleTrpcRequest(req: Request, services?: Services): Promise<Response> {
  if (req.method === "POST") {
    const body = await readBodyWithin(req, MAX_TRPC_BODY_BYTES);
    if (!body.ok) return tooLarge(req, services);
    req = new Request(req.url, { method: req.method, headers: req.headers, body: body.bytes as unknown as BodyInit, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: ({ resHeaders }) => createContext({ req, resHeaders, services }),
    onError({ error, ctx, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR" && !ctx) {
        // Failed before a context existed (e.g. context creation itself).
        (services ?? getServices()).logger.error({ err: error, path }, "tRPC request failed");
      }
    },
  });
}

/**
 * The 413 in tRPC's own error shape (one error per call of a batch, so the typed client
 * reads it like any other): the calls are resolved against a body-less copy of the
 * request, and context creation refuses them before anything runs.
 */
async function tooLarge(req: Request, services?: Services): Promise<Response> {
  const refusal = toTRPCError(
    new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than the ${MAX_TRPC_BODY_BYTES / 1024} KiB a tRPC request may carry.`, {
      limitBytes: MAX_TRPC_BODY_BYTES,
    }),
  );
  const res = await fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: new Request(req.url, { method: req.method, headers: withoutBodyHeaders(req.headers) }),
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: () => {
      throw refusal;
    },
  });
  (services ?? getServices()).logger.info({ path: new URL(req.url).pathname }, "tRPC request body over the limit");
  return res;
}

function withoutBodyHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete("content-length");
  copy.delete("transfer-encoding");
  return copy;
}
