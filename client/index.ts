// The typed client for other TypeScript programs:
//   import { createClient } from "image-studio/client";
//   const studio = createClient({ url: "http://127.0.0.1:3000", token: process.env.STUDIO_TOKEN });
//   const health = await studio.health.query();
// Queries and mutations go over batched HTTP; subscriptions (generationProgress) over
// SSE, with the `eventsource` package because Node 20 has no global EventSource.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "../server/trpc/root";
import { MAX_BATCH_CALLS } from "../server/http/request-limits";
import { TRPC_PATH } from "../server/contract";

export type { AppRouter };
export type GenerateInput = inferRouterInputs<AppRouter>["generate"];
export type GenerateResult = inferRouterOutputs<AppRouter>["generate"];

export type CreateClientOptions = {
  /** The app's origin, e.g. http://127.0.0.1:3000 (the tRPC path, /api/trpc, is added). */
  url: string;
  /** A personal API token or a Clerk session token, sent as a Bearer token. */
  token?: string;
  /** Extra headers for every request (queries, mutations and subscriptions). */
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
};

export function trpcEndpoint(url: string): string {
  const base = url.replace(/\/+$/, "");
  return base.endsWith(TRPC_PATH) ? base : `${base}${TRPC_PATH}`;
}

export function createClient(options: CreateClientOptions): TRPCClient<AppRouter> {
  const url = trpcEndpoint(options.url);
  const headers = (): Record<string, string> => ({
    ...options.headers,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  });
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          EventSource,
          // A browser EventSource cannot send headers; this one can, through its fetch.
          eventSourceOptions: () => ({
            fetch: (input, init) => fetchImpl(input, { ...init, headers: { ...init.headers, ...headers() } }),
          }),
        }),
        // The server refuses batches of more than MAX_BATCH_CALLS calls: split before that.
        false: httpBatchLink({ url, transformer: superjson, fetch: options.fetch, headers, maxItems: MAX_BATCH_CALLS }),
      }),
    ],
  });
}

/**
 * `generate`, then the finished pictures in one await: asks with `wait: true` (the server
 * holds the call up to GENERATE_WAIT_MS) and keeps waiting on `generation.batch` until no
 * generation of the batch is queued or running, or `timeoutMs` passes. A batch whose
 * generations all failed rejects with the first one's error, as `generate` does.
 *
 *   const { generations } = await generateAndWait(studio, { prompt: "a red fox", count: 4 });
 *   for (const g of generations) console.log(g.status, g.picture?.imageUrl ?? g.error?.message);
 */
export async function generateAndWait(
  client: TRPCClient<AppRouter>,
  input: Omit<GenerateInput, "wait">,
  opts: { timeoutMs?: number } = {},
): Promise<GenerateResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  let batch = await client.generate.mutate({ ...input, wait: true });
  while (batch.generations.some((g) => g.status === "queued" || g.status === "running")) {
    if (Date.now() > deadline)
      throw new Error(`generateAndWait: batch ${batch.batchId} still unfinished after ${opts.timeoutMs ?? 600_000} ms`);
    batch = await client.generation.batch.query({ batchId: batch.batchId, wait: true });
  }
  return batch;
}
