// Clerk's browser code is ~50 KiB of gzipped JavaScript. Local-accounts mode never needs
// it, so it is loaded on demand: by the root loader on the server, and before hydration
// in the browser (app/entry.client.tsx), only when Clerk is configured. No route imports
// @clerk/remix itself (its module prints a deprecation notice when it loads): they take
// Clerk's components from here. Loading before rendering (not React.lazy) keeps server
// HTML complete, so no-JS pages still work.
import type { ComponentType, ReactNode } from "react";

type ClerkApi = { signOut: (options?: { redirectUrl?: string }) => Promise<unknown>; openUserProfile: () => void };

export type ClerkComponents = {
  ClerkProvider: ComponentType<{ clerkState: unknown; children: ReactNode; afterSignOutUrl?: string }>;
  /** Clerk's sign-in form (renders nothing until clerk-js loads). */
  SignIn: ComponentType<{ routing: "hash"; forceRedirectUrl?: string }>;
  /** Sign-out and account management for the account menu. */
  useClerk: () => ClerkApi;
};

let loaded: ClerkComponents | null = null;

export async function loadClerkComponents(): Promise<ClerkComponents> {
  if (!loaded) {
    const clerk = await import("@clerk/remix");
    loaded = {
      ClerkProvider: clerk.ClerkProvider as unknown as ClerkComponents["ClerkProvider"],
      SignIn: clerk.SignIn as unknown as ClerkComponents["SignIn"],
      useClerk: clerk.useClerk as unknown as ClerkComponents["useClerk"],
    };
  }
  return loaded;
}

/** Clerk's components if they have been loaded (they always have in Clerk mode, see above). */
export function loadedClerkComponents(): ClerkComponents | null {
  return loaded;
}
