import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { TRPCError } from "@trpc/server";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError, signInRedirect } from "~/lib/loader-errors.server";
import { CopyButton } from "~/components/copy-button";
import { ConfirmDisclosure } from "~/components/confirm-disclosure";
import { buttonDanger } from "~/components/ui";
import { readForm } from "~/lib/form.server";

export const meta: MetaFunction = pageMeta(() => [{ title: "API tokens | Image Studio" }]);

async function callerOrSignIn(request: Request, context: AppLoadContext | undefined) {
  const caller = await serverCaller(request, context);
  // A revoked or unknown token reads as signed out here too (orHttpError: UNAUTHORIZED → sign-in).
  if (!(await orHttpError(request, caller.me()))) throw signInRedirect(request);
  return caller;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await callerOrSignIn(request, context);
  const tokens = await caller.apiTokens.list();
  return json({
    tokens: tokens.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  });
}

type ActionData = { created?: { name: string; token: string }; error?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await callerOrSignIn(request, context);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "create") {
      const created = await caller.apiTokens.create({ name: String(form.get("name") ?? "") });
      // Shown once, in this response only; never stored in clear or shown again.
      return json<ActionData>({ created: { name: created.name, token: created.token } }, { headers: { "Cache-Control": "no-store" } });
    }
    if (form.get("intent") === "revoke") {
      await caller.apiTokens.revoke({ id: String(form.get("id") ?? "") });
      return json<ActionData>({});
    }
    return json<ActionData>({ error: "Unknown action." }, { status: 400 });
  } catch (e) {
    if (e instanceof TRPCError && e.code !== "INTERNAL_SERVER_ERROR") {
      const zodMessage = (e.cause as { issues?: { message: string }[] } | undefined)?.issues?.[0]?.message;
      return json<ActionData>({ error: zodMessage ?? e.message }, { status: 400 });
    }
    throw e;
  }
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export default function TokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state !== "idle";
  const form = useRef<HTMLFormElement>(null);
  // A created token clears the name field, ready for the next one.
  useEffect(() => {
    if (data?.created) form.current?.reset();
  }, [data?.created]);
  return (
    <section className="mx-auto max-w-3xl py-12">
      <p className="text-sm">
        <Link to="/settings" className="font-medium text-violet-700 hover:underline dark:text-violet-300">
          ← Settings
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">API tokens</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Personal tokens let your own programs call the studio as you:{" "}
        <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">Authorization: Bearer sk_studio_…</code>. Treat them like passwords.
      </p>

      <Form ref={form} method="post" className="mt-8 flex gap-3">
        <input type="hidden" name="intent" value="create" />
        <label className="sr-only" htmlFor="token-name">
          Token name
        </label>
        <input
          id="token-name"
          name="name"
          required
          maxLength={64}
          placeholder="What is it for? e.g. batch script"
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-zinc-900 shadow-sm focus:border-violet-500 focus:outline-none focus:ring-2 focus:ring-violet-500/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        />
        <button
          type="submit"
          disabled={busy}
          className="shrink-0 rounded-lg bg-violet-600 px-4 py-2 font-medium text-white hover:bg-violet-700 disabled:opacity-60"
        >
          Create token
        </button>
      </Form>

      {data?.error ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
          {data.error}
        </p>
      ) : null}
      {data?.created ? (
        <div
          role="status"
          className="mt-6 rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950/40"
        >
          <p className="text-sm font-medium">Token “{data.created.name}” created. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="new-token"
              className="block min-w-0 flex-1 select-all break-all rounded bg-white px-3 py-2 font-mono text-sm dark:bg-zinc-900"
            >
              {data.created.token}
            </code>
            <CopyButton text={data.created.token} label="Copy token" />
          </div>
        </div>
      ) : null}

      <table className="mt-10 w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Token</th>
            <th className="py-2 font-medium">Created</th>
            <th className="py-2 font-medium">Last used</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody>
          {tokens.length === 0 ? (
            <tr>
              <td colSpan={5} className="py-6 text-center text-zinc-600 dark:text-zinc-400">
                No tokens yet.
              </td>
            </tr>
          ) : null}
          {tokens.map((t) => (
            <tr key={t.id} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-2">{t.name}</td>
              <td className="py-2 font-mono text-xs">{t.prefix}…</td>
              <td className="py-2">{when(t.createdAt)}</td>
              <td className="py-2">{when(t.lastUsedAt)}</td>
              <td className="py-2 text-right">
                {t.revokedAt ? (
                  <span className="text-zinc-600 dark:text-zinc-400">revoked</span>
                ) : (
                  <ConfirmDisclosure
                    summary="Revoke"
                    summaryClassName="inline-block rounded-md px-2 py-1 font-medium text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950/40"
                    label={`Confirm revoking ${t.name}`}
                    title={`Revoke “${t.name}”?`}
                    body="Programs using it stop working at once. This can't be undone."
                    align="right"
                  >
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" className={`${buttonDanger} px-3 py-1.5`}>
                        Yes, revoke
                      </button>
                    </Form>
                  </ConfirmDisclosure>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
