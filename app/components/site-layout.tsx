import { Form, Link, NavLink, useLocation } from "@remix-run/react";

const nav = [
  { to: "/create", label: "Create" },
  { to: "/discover", label: "Discover" },
  { to: "/history", label: "History" },
];

export type HeaderUser = { id: string; name: string | null; email: string | null; imageUrl: string | null };

function initials(user: HeaderUser): string {
  const source = user.name?.trim() || user.email?.trim() || "?";
  return source
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

function UserMenu({ user, accountMenu }: { user: HeaderUser; accountMenu?: React.ReactNode }) {
  return (
    <div className="flex items-center gap-2">
      <span className="flex items-center gap-2" data-testid="current-user">
        {user.imageUrl ? (
          <img src={user.imageUrl} alt="" width={28} height={28} className="h-7 w-7 rounded-full object-cover" />
        ) : (
          <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-gradient-to-br from-violet-500 to-fuchsia-500 text-[11px] font-bold text-white">
            {initials(user)}
          </span>
        )}
        <span className="hidden max-w-[10rem] truncate text-sm font-medium sm:inline">{user.name || user.email}</span>
      </span>
      {accountMenu ?? (
        <Form method="post" action="/sign-out">
          <button type="submit" className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium sm:px-2.5 text-zinc-700 hover:bg-zinc-200/70 dark:text-zinc-300 dark:hover:bg-zinc-800">
            Sign out
          </button>
        </Form>
      )}
    </div>
  );
}

/**
 * `accountMenu` replaces the local "Sign out" button (Clerk mode passes its <UserButton/>,
 * which holds account settings and a sign-out that ends the Clerk session too).
 */
export function SiteLayout({
  children,
  user = null,
  accountMenu,
}: {
  children: React.ReactNode;
  user?: HeaderUser | null;
  accountMenu?: React.ReactNode;
}) {
  const location = useLocation();
  const here = location.pathname + location.search;
  const signInHref = location.pathname.startsWith("/sign-in") ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(here)}`;
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-zinc-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-zinc-200/70 bg-zinc-50/85 backdrop-blur dark:border-zinc-800/70 dark:bg-zinc-950/85">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-3 sm:gap-6 sm:px-4">
          <Link to="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-gradient-to-br from-violet-500 via-fuchsia-500 to-amber-400" />
            <span className="hidden sm:inline">Image Studio</span>
            <span className="sr-only sm:hidden">Image Studio</span>
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1 text-sm">
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                prefetch="intent"
                className={({ isActive }) =>
                  `rounded-md px-2.5 py-1.5 font-medium transition-colors sm:px-3 ${
                    isActive
                      ? "bg-zinc-200 text-zinc-900 dark:bg-zinc-800 dark:text-white"
                      : "text-zinc-700 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white"
                  }`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto">
            {user ? (
              <UserMenu user={user} accountMenu={accountMenu} />
            ) : (
              <Link to={signInHref} className="rounded-lg bg-zinc-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200">
                Sign in
              </Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4">
        {children}
      </main>
      <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        Image Studio — open source. Pictures made with the offline preview renderer are labelled as such.
      </footer>
    </div>
  );
}
