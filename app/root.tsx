import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import stylesheet from "~/tailwind.css";
import { SiteLayout, type HeaderUser } from "~/components/site-layout";
import { ErrorPage } from "~/components/error-page";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Cdefs%3E%3ClinearGradient id='g' x1='0' y1='0' x2='1' y2='1'%3E%3Cstop offset='0' stop-color='%238b5cf6'/%3E%3Cstop offset='.5' stop-color='%23d946ef'/%3E%3Cstop offset='1' stop-color='%23fbbf24'/%3E%3C/linearGradient%3E%3C/defs%3E%3Crect width='32' height='32' rx='8' fill='url(%23g)'/%3E%3C/svg%3E" },
];

/** Pages set their own title; this one is for the 404/500 pages the root boundary draws. */
export const meta: MetaFunction = ({ error }) => [
  { title: error ? (isRouteErrorResponse(error) && error.status === 404 ? "Not found — Image Studio" : "Something went wrong — Image Studio") : "Image Studio" },
];

/** The signed-in user as the root loader exposes it (identity's loader; absent → signed out). */
function useHeaderUser(): HeaderUser | null {
  const data = useRouteLoaderData("root") as { user?: HeaderUser | null } | undefined;
  return data?.user ?? null;
}

export function Layout({ children }: { children: React.ReactNode }) {
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

export default function App() {
  return (
    <SiteLayout user={useHeaderUser()}>
      <Outlet />
    </SiteLayout>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const user = useHeaderUser();
  return (
    <SiteLayout user={user}>
      <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
    </SiteLayout>
  );
}
