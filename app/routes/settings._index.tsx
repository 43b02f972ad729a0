import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link, useLoaderData } from "@remix-run/react";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError, signInRedirect } from "~/lib/loader-errors.server";
import { authMode } from "~/lib/auth.server";
import { Avatar } from "~/components/avatar";
import { CopyButton } from "~/components/copy-button";
import { formatReset } from "~/components/quota-badge";
import { ArrowRightIcon } from "~/components/icons";
import { card } from "~/components/ui";

export const meta: MetaFunction = pageMeta(() => [{ title: "Settings | Image Studio" }, { name: "robots", content: "noindex" }]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context);
  const me = await orHttpError(request, caller.me());
  if (!me) throw signInRedirect(request);
  const quota = await orHttpError(request, caller.quota());
  return { me, authMode: authMode(), quota: { ...quota, resetAt: quota.resetAt.toISOString() } };
}

export default function Settings() {
  const { me, authMode, quota } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-2xl space-y-6 py-12">
      <h1 className="text-2xl font-bold tracking-tight">Settings</h1>

      <section aria-labelledby="account-h" className={`${card} p-5`}>
        <h2 id="account-h" className="sr-only">
          Your account
        </h2>
        <div className="flex items-center gap-4">
          <Avatar name={me.name} email={me.email} imageUrl={me.imageUrl} size="lg" />
          <div className="min-w-0">
            <p className="truncate text-lg font-semibold">{me.name || me.email || "No name yet"}</p>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              {me.email ? `${me.email} · ` : ""}
              {authMode === "clerk" ? "signed in with Clerk" : "a local account on this machine"}
            </p>
          </div>
        </div>
        <dl className="mt-5 divide-y divide-zinc-200 border-t border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
          <div className="flex flex-wrap items-center justify-between gap-2 py-3">
            <dt className="text-zinc-600 dark:text-zinc-400">User id</dt>
            <dd className="flex items-center gap-2">
              <code className="rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800" data-testid="user-id">
                {me.id}
              </code>
              <CopyButton
                text={me.id}
                label="Copy id"
                className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-violet-700 hover:bg-violet-50 dark:text-violet-300 dark:hover:bg-violet-500/10"
              />
            </dd>
          </div>
          <div className="flex flex-wrap items-center justify-between gap-2 py-3">
            <dt className="text-zinc-600 dark:text-zinc-400">Pictures today</dt>
            <dd>
              <strong className="tabular-nums">{quota.remaining}</strong> of {quota.limit} left ·{" "}
              {/* "in N min" is counted from the clock of whoever renders it: server and browser may differ by a minute. */}
              <span suppressHydrationWarning>
                {quota.used > 0 ? `the oldest comes back ${formatReset(quota.resetAt)}` : "none used in the last 24 hours"}
              </span>
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
          Whoever runs this studio can change your daily limit with{" "}
          <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">npm run quota:set -- {me.id} &lt;n&gt;</code>.
        </p>
      </section>

      <Link
        to="/settings/tokens"
        className={`${card} flex items-center justify-between gap-4 p-5 transition-colors hover:border-violet-300 dark:hover:border-violet-500/50`}
      >
        <span>
          <span className="block font-semibold">API tokens</span>
          <span className="block text-sm text-zinc-600 dark:text-zinc-400">Let your own programs call the studio as you.</span>
        </span>
        <ArrowRightIcon className="h-5 w-5 text-violet-700 dark:text-violet-300" />
      </Link>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
