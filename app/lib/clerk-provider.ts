// Clerk's browser code is ~50 KiB of gzipped JavaScript. Local-accounts mode never needs
// it, so it is loaded on demand: by the root loader on the server, and before hydration
// in the browser (app/entry.client.tsx), only when Clerk is configured. Loading it before
// rendering (not React.lazy) keeps server HTML complete, so no-JS pages still work.
import type { ComponentType, ReactNode } from "react";

export type ClerkComponents = {
  ClerkProvider: ComponentType<{ clerkState: unknown; children: ReactNode; afterSignOutUrl?: string }>;
  /** Avatar menu with account settings and sign-out (renders nothing until clerk-js loads). */
  UserButton: ComponentType<Record<string, never>>;
};

let loaded: ClerkComponents | null = null;

export async function loadClerkComponents(): Promise<ClerkComponents> {
  if (!loaded) {
    const clerk = await import("@clerk/remix");
    loaded = {
      ClerkProvider: clerk.ClerkProvider as unknown as ClerkComponents["ClerkProvider"],
      UserButton: clerk.UserButton as unknown as ClerkComponents["UserButton"],
    };
  }
  return loaded;
}

/** Clerk's components if they have been loaded (they always have in Clerk mode, see above). */
export function loadedClerkComponents(): ClerkComponents | null {
  return loaded;
}
