import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ClerkProvider } from "@clerk/remix";
import { rootLoader, type RootAuthData } from "~/lib/auth.server";
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

/**
 * `{ user: { id, name, email, imageUrl } | null, authMode: "local" | "clerk" }` for every
 * page (read it with `useRouteLoaderData("root")`); in Clerk mode Clerk adds its state.
 */
export const loader = (args: LoaderFunctionArgs) => rootLoader(args);

export type RootLoaderData = RootAuthData & { clerkState?: React.ComponentProps<typeof ClerkProvider>["clerkState"] };

export default function App() {
  const data = useLoaderData<typeof loader>() as unknown as RootLoaderData;
  const page = (
    <SiteLayout>
      <Outlet />
    </SiteLayout>
  );
  // Clerk's components (<SignIn/>, <UserButton/>) need its provider; local mode has none.
  return data?.clerkState ? <ClerkProvider clerkState={data.clerkState}>{page}</ClerkProvider> : page;
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
