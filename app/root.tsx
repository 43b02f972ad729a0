import { useEffect } from "react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { loadClerkComponents, loadedClerkComponents } from "~/lib/clerk-provider";
import { authMode, rootLoader, type RootAuthData } from "~/lib/auth.server";
import stylesheet from "~/tailwind.css";
import { SiteLayout } from "~/components/site-layout";
import { ErrorPage, errorMessage, errorRequestId } from "~/components/error-page";
import { pageMeta } from "~/lib/page-meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  {
    rel: "icon",
    href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Cdefs%3E%3ClinearGradient id='g' x1='0' y1='0' x2='1' y2='1'%3E%3Cstop offset='0' stop-color='%238b5cf6'/%3E%3Cstop offset='.5' stop-color='%23d946ef'/%3E%3Cstop offset='1' stop-color='%23fbbf24'/%3E%3C/linearGradient%3E%3C/defs%3E%3Crect width='32' height='32' rx='8' fill='url(%23g)'/%3E%3C/svg%3E",
  },
];

/** Pages set their own title; this one is for the 404/500 pages the root boundary draws. */
export const meta: MetaFunction = pageMeta(() => [{ title: "Image Studio" }]);

export function Layout({ children }: { children: React.ReactNode }) {
  // Marks the document once React has hydrated it: browser tests wait for this before
  // typing, since input typed into server HTML is reset when React takes over.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * `{ user: { id, name, email, imageUrl } | null, authMode: "local" | "clerk" }` for every
 * page (read it with `useRouteLoaderData("root")`); in Clerk mode Clerk adds its state.
 */
export const loader = async (args: LoaderFunctionArgs) => {
  // Clerk mode renders inside Clerk's provider: have it loaded before rendering.
  if (authMode() === "clerk") await loadClerkComponents();
  return rootLoader(args);
};

export type RootLoaderData = RootAuthData & { clerkState?: unknown };

/** Clerk mode: the account menu signs out and manages the account through Clerk. */
function ClerkSiteLayout({ user, children }: { user: RootLoaderData["user"]; children: React.ReactNode }) {
  const clerk = loadedClerkComponents()!.useClerk();
  return (
    <SiteLayout
      user={user}
      accountActions={{ signOut: () => void clerk.signOut({ redirectUrl: "/" }), manageAccount: () => clerk.openUserProfile() }}
    >
      {children}
    </SiteLayout>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>() as unknown as RootLoaderData;
  // Clerk's components (<SignIn/>, the account menu's sign-out) need its provider; local mode has none.
  const clerk = data?.clerkState ? loadedClerkComponents() : null;
  if (!clerk) {
    return (
      <SiteLayout user={data?.user ?? null}>
        <Outlet />
      </SiteLayout>
    );
  }
  return (
    <clerk.ClerkProvider clerkState={data.clerkState} afterSignOutUrl="/">
      <ClerkSiteLayout user={data.user ?? null}>
        <Outlet />
      </ClerkSiteLayout>
    </clerk.ClerkProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // The root loader may have succeeded (e.g. an unknown URL): keep the signed-in header.
  const data = useRouteLoaderData("root") as RootLoaderData | undefined;
  return (
    <SiteLayout user={data?.user ?? null}>
      <ErrorPage
        status={isRouteErrorResponse(error) ? error.status : 500}
        requestId={errorRequestId(error)}
        message={errorMessage(error)}
      />
    </SiteLayout>
  );
}
