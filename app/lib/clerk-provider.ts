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

type ClerkModule = typeof import("@clerk/remix");

let loaded: ClerkComponents | null = null;

export async function loadClerkComponents(): Promise<ClerkComponents> {
  if (!loaded) {
    const loadedModule: ClerkModule & { default?: ClerkModule } = await import("@clerk/remix");
    // This package is CommonJS: its `module.exports` is the namespace's `default`, in Node
    // and in the browser bundle alike. Only Node also sees its named exports; esbuild cannot
    // (they are re-exported at run time), so names read off the namespace were undefined in
    // the browser and Clerk mode failed to hydrate (tests/e2e/clerk-mode.test.ts).
    const clerk = loadedModule.default ?? loadedModule;
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
