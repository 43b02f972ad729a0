// The typed client for other TypeScript programs:
//   import { createClient } from "image-studio/client";
//   const studio = createClient({ url: "http://127.0.0.1:3000", token: process.env.STUDIO_TOKEN });
//   const health = await studio.health.query();
// Queries and mutations go over batched HTTP; subscriptions (generationProgress) over
// SSE, with the `eventsource` package because Node 20 has no global EventSource.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "../server/trpc/root";
import { MAX_BATCH_CALLS } from "../server/http/request-limits";
import { TRPC_PATH } from "../server/contract";

export type { AppRouter };

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
