// The typed client for other TypeScript programs:
//   import { createClient } from "image-studio/client";
//   const studio = createClient({ url: "http://127.0.0.1:3000", token: process.env.STUDIO_TOKEN });
//   const health = await studio.health.query();
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../server/trpc/root";

export type { AppRouter };

export type CreateClientOptions = {
  /** The app's origin, e.g. http://127.0.0.1:3000 (the /api/trpc path is added). */
  url: string;
  /** A personal API token or a Clerk session token, sent as a Bearer token. */
  token?: string;
  fetch?: typeof globalThis.fetch;
};

export function trpcEndpoint(url: string): string {
  const base = url.replace(/\/+$/, "");
  return base.endsWith("/api/trpc") ? base : `${base}/api/trpc`;
}

export function createClient(options: CreateClientOptions): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: trpcEndpoint(options.url),
        transformer: superjson,
        fetch: options.fetch,
        headers: () => (options.token ? { authorization: `Bearer ${options.token}` } : {}),
      }),
    ],
  });
}
