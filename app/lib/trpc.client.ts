// The browser's tRPC client: mutations and queries over batched HTTP, the progress
// subscription over Server-Sent Events. Imports only the router's *type* and the
// browser-safe server/contract, so no server code reaches the browser bundle. Cookies
// carry the session (same origin).
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "../../server/trpc/root";
import { MAX_BATCH_CALLS } from "../../server/http/request-limits";
import type { LimitDetails } from "../../server/limits/limit-error";
import { TRPC_PATH } from "../../server/contract";

export type { LimitDetails };

let client: TRPCClient<AppRouter> | undefined;

/** One client per page load, made lazily so nothing runs during server rendering. */
export function trpc(): TRPCClient<AppRouter> {
  client ??= createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: TRPC_PATH, transformer: superjson }),
        false: httpBatchLink({ url: TRPC_PATH, transformer: superjson, maxItems: MAX_BATCH_CALLS }),
      }),
    ],
  });
  return client;
}

export type ClientError = TRPCClientError<AppRouter>;

export function isClientError(e: unknown): e is ClientError {
  return e instanceof TRPCClientError;
}

/** Which limit a 429 was about, as the server puts it in `error.data.details`. */
export function limitDetails(e: unknown): LimitDetails | null {
  if (!isClientError(e) || e.data?.code !== "TOO_MANY_REQUESTS") return null;
  const d = (e.data as { details?: unknown }).details as Partial<LimitDetails> | null | undefined;
  if (!d || (d.limit !== "rate" && d.limit !== "daily" && d.limit !== "queue")) {
    // A limit this page does not know by name is treated as a short pause.
    return { limit: "rate", max: d?.max ?? 0, remaining: 0, resetAt: d?.resetAt ?? new Date(Date.now() + 60_000).toISOString() };
  }
  return {
    limit: d.limit,
    max: d.max ?? 0,
    remaining: d.remaining ?? 0,
    resetAt: String(d.resetAt ?? new Date(Date.now() + 60_000).toISOString()),
  };
}

/** A message fit to show a person, never a stack or an internal code. */
export function friendlyMessage(e: unknown): string {
  if (isClientError(e)) {
    switch (e.data?.code) {
      case "UNAUTHORIZED":
        return "Please sign in first.";
      case "UNPROCESSABLE_CONTENT":
        return e.message || "That prompt can't be used here. Try rephrasing it.";
      case "BAD_REQUEST":
        return e.message.startsWith("[") ? "Some of the settings aren't valid. Check the form and try again." : e.message;
      case "BAD_GATEWAY":
      case "GATEWAY_TIMEOUT":
      case "SERVICE_UNAVAILABLE":
        // The server names what did not answer (the image or language model, the limits
        // store, live progress) in words meant for people; a blanket "the image model" was
        // wrong when it was the limits store that was down.
        return e.message || "A service this studio needs didn't answer. Try again in a moment.";
      case "INTERNAL_SERVER_ERROR":
        return "Something went wrong on our side. Try again in a moment.";
      default:
        return e.message || "That didn't work. Try again.";
    }
  }
  return "We couldn't reach the server. Check your connection and try again.";
}

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** A v4 uuid; crypto.randomUUID exists only in secure contexts (https, localhost). */
export function newProgressId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
