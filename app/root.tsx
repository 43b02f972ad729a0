import type { LinksFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import stylesheet from "~/tailwind.css";
import { SiteLayout } from "~/components/site-layout";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
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
    <SiteLayout>
      <Outlet />
    </SiteLayout>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <SiteLayout>
      <section className="mx-auto max-w-xl py-24 text-center">
        <p className="text-sm font-semibold uppercase tracking-wider text-violet-600 dark:text-violet-400">
          {notFound ? "404" : "Something went wrong"}
        </p>
        <h1 className="mt-2 text-3xl font-bold">{notFound ? "We couldn't find that page" : "That didn't work"}</h1>
        <p className="mt-4 text-zinc-600 dark:text-zinc-400">
          {notFound
            ? "It may have been deleted, made private, or never existed."
            : "An unexpected error happened on our side. Try again in a moment."}
        </p>
        <a href="/" className="mt-8 inline-block rounded-lg bg-violet-600 px-4 py-2 font-medium text-white hover:bg-violet-500">
          Back to the start
        </a>
      </section>
    </SiteLayout>
  );
}
