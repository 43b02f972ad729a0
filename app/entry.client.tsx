import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadClerkComponents } from "~/lib/clerk-provider";

type RemixContext = { state?: { loaderData?: { root?: { clerkState?: unknown } } } };

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// In Clerk mode the server rendered the page inside Clerk's provider: load it first so
// the first client render matches. Local mode skips the download entirely.
if ((window as unknown as { __remixContext?: RemixContext }).__remixContext?.state?.loaderData?.root?.clerkState) {
  loadClerkComponents().then(hydrate, hydrate);
} else {
  hydrate();
}
