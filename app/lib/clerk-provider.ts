// Clerk's provider is ~50 KiB of gzipped JavaScript. Local-accounts mode never needs it,
// so it is loaded on demand: by the root loader on the server, and before hydration in
// the browser (app/entry.client.tsx), only when Clerk is configured. Loading it before
// rendering (not React.lazy) keeps server HTML complete, so no-JS pages still work.
import type { ComponentType, ReactNode } from "react";

type ClerkProviderComponent = ComponentType<{ clerkState: unknown; children: ReactNode }>;

let provider: ClerkProviderComponent | null = null;

export async function loadClerkProvider(): Promise<ClerkProviderComponent> {
  provider ??= (await import("@clerk/remix")).ClerkProvider as unknown as ClerkProviderComponent;
  return provider;
}

/** The provider if it has been loaded (it always has in Clerk mode, see above). */
export function loadedClerkProvider(): ClerkProviderComponent | null {
  return provider;
}
