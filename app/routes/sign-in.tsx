import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { loadedClerkComponents } from "~/lib/clerk-provider";
import { DISPLAY_NAME_MAX_CHARS } from "../../server/contract";
import { authMode, currentUser, localSignIn, safeRedirectTo } from "~/lib/auth.server";
import { readForm } from "~/lib/form.server";

export const meta: MetaFunction = pageMeta(() => [{ title: "Sign in | Image Studio" }]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get("redirectTo"));
  if (await currentUser(request, context)) throw redirect(redirectTo);
  return json({ authMode: authMode(), redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  return localSignIn(request, await readForm(request));
}

export default function SignInPage() {
  const { authMode, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string } | undefined;
  const busy = useNavigation().state !== "idle";

  if (authMode === "clerk") {
    // Loaded before rendering in Clerk mode (root loader, entry.client); never imported here.
    const clerk = loadedClerkComponents();
    return (
      <section className="flex justify-center py-16" data-testid="clerk-sign-in">
        {clerk ? <clerk.SignIn routing="hash" forceRedirectUrl={redirectTo} /> : null}
      </section>
    );
  }

  const input =
    "mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-zinc-900 shadow-sm focus:border-violet-500 focus:outline-none focus:ring-2 focus:ring-violet-500/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
  return (
    <section className="mx-auto max-w-sm py-16">
      <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Local account on this machine. Pick a display name; add a password if others use this computer.
      </p>
      <Form method="post" className="mt-8 space-y-5">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label className="block text-sm font-medium">
          Display name
          <input name="name" required maxLength={DISPLAY_NAME_MAX_CHARS} autoComplete="username" autoFocus className={input} />
        </label>
        <label className="block text-sm font-medium">
          Password <span className="font-normal text-zinc-500">(optional)</span>
          <input name="password" type="password" autoComplete="current-password" className={input} />
        </label>
        {actionData?.error ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
            {actionData.error}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={busy}
          className="w-full rounded-lg bg-violet-600 px-4 py-2 font-medium text-white hover:bg-violet-700 disabled:opacity-60"
        >
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
    </section>
  );
}
