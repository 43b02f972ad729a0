import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Avatar } from "./avatar";
import { useClientNavigation } from "~/lib/client-nav";

const nav = [
  { to: "/create", label: "Create" },
  { to: "/discover", label: "Discover" },
  { to: "/history", label: "History" },
];

export type HeaderUser = { id: string; name: string | null; email: string | null; imageUrl: string | null };

/** Clerk mode ends sessions (and manages accounts) through Clerk in the browser. */
export type AccountActions = { signOut: () => void; manageAccount?: () => void };

const menuItem =
  "flex w-full items-center rounded-md px-3 py-2 text-left text-sm font-medium text-zinc-800 hover:bg-zinc-100 dark:text-zinc-100 dark:hover:bg-zinc-800";

/**
 * The account menu: avatar → Settings, API tokens, sign out. A <details> disclosure, so it
 * opens without JavaScript too; with JavaScript it also closes on Escape, an outside click
 * and navigation.
 */
function AccountMenu({ user, actions }: { user: HeaderUser; actions?: AccountActions }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.pathname, location.search]);
  useEffect(() => {
    const close = (e: Event) => {
      const d = ref.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key !== "Escape") return;
        d.open = false;
        d.querySelector("summary")?.focus();
      } else if (!d.contains(e.target as Node)) d.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("pointerdown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("pointerdown", close);
    };
  }, []);
  const label = user.name || user.email || "Your account";
  return (
    <details ref={ref} className="group relative">
      <summary
        data-testid="account-menu-button"
        className="flex cursor-pointer list-none items-center gap-2 rounded-full py-1 pl-1 pr-2 hover:bg-zinc-200/70 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden"
      >
        <span className="flex items-center gap-2" data-testid="current-user">
          <Avatar name={user.name} email={user.email} imageUrl={user.imageUrl} />
          <span className="hidden max-w-[10rem] truncate text-sm font-medium sm:inline">{user.name || user.email}</span>
        </span>
        <span className="sr-only">Account menu</span>
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 text-zinc-500 transition-transform group-open:rotate-180">
          <path d="m5 8 5 5 5-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </summary>
      <div
        className="absolute right-0 z-50 mt-2 w-60 rounded-xl border border-zinc-200 bg-white p-1.5 shadow-xl animate-fade-in dark:border-zinc-700 dark:bg-zinc-900"
        data-testid="account-menu"
      >
        <p className="truncate px-3 pb-2 pt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          Signed in as <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{label}</strong>
        </p>
        <nav aria-label="Account">
          <Link to="/settings" className={menuItem}>
            Settings
          </Link>
          <Link to="/settings/tokens" className={menuItem}>
            API tokens
          </Link>
          {actions?.manageAccount ? (
            <button type="button" className={menuItem} onClick={actions.manageAccount}>
              Manage sign-in account
            </button>
          ) : null}
        </nav>
        <div className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
          {actions ? (
            <button type="button" className={menuItem} onClick={actions.signOut}>
              Sign out
            </button>
          ) : (
            <Form method="post" action="/sign-out">
              <button type="submit" className={menuItem}>
                Sign out
              </button>
            </Form>
          )}
        </div>
      </div>
    </details>
  );
}

/** `accountActions`: Clerk mode's sign-out and account management (local mode posts to /sign-out). */
export function SiteLayout({
  children,
  user = null,
  accountActions,
}: {
  children: React.ReactNode;
  user?: HeaderUser | null;
  accountActions?: AccountActions;
}) {
  useClientNavigation();
  const location = useLocation();
  const here = location.pathname + location.search;
  const signInHref = location.pathname.startsWith("/sign-in") ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(here)}`;
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-zinc-900"
      >
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
              <AccountMenu user={user} actions={accountActions} />
            ) : (
              <Link
                to={signInHref}
                className="rounded-lg bg-zinc-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200"
              >
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
        Image Studio is open source. Pictures made with the offline preview renderer are labelled as such.
      </footer>
    </div>
  );
}
