import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { serverCaller } from "~/lib/trpc.server";
import { cursorParam, orHttpError, signInRedirect } from "~/lib/loader-errors.server";
import { handleOwnerAction } from "~/lib/owner-actions.server";
import { handleBulkAction, isBulkIntent, type BulkAnswer } from "~/lib/bulk-actions.server";
import { InfiniteFeed } from "~/components/infinite-feed";
import { EmptyFeed } from "~/components/empty-feed";
import { OwnerControls } from "~/components/owner-controls";
import { buttonPrimary } from "~/components/ui";
import { FeedFilters } from "~/components/feed-filters";
import { BulkBar, BulkNotice, DeleteConfirm } from "~/components/bulk-bar";
import { SaveToCollectionMenu } from "~/components/save-to-collection";
import { feedHref, feedInputOf, readFeedParams } from "~/lib/feed-params";
import { isPending, promptTitle, type GenerationCardData } from "~/lib/generation-view";
import { emptySelection, keepShown, orderedIds, selectionOf, tick, type Selection } from "~/lib/selection";
import { usePendingGenerations } from "~/lib/use-pending";
import { MAX_BULK_PICTURES } from "../../server/contract";
import { readForm } from "~/lib/form.server";

export const meta: MetaFunction = pageMeta(() => [{ title: "Your history | Image Studio" }, { name: "robots", content: "noindex" }]);

const BULK_FORM = "history-bulk";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context);
  if (!(await orHttpError(request, caller.me()))) throw signInRedirect(request);
  const cursor = cursorParam(request);
  const url = new URL(request.url);
  const params = readFeedParams(url);
  const [page, collections] = await Promise.all([
    orHttpError(request, caller.history({ cursor, limit: 24, ...feedInputOf(params, "history") })),
    orHttpError(request, caller.collection.mine()),
  ]);
  // "Select all on page" without JavaScript: the same page with every finished picture ticked.
  const preselected = url.searchParams.get("select") === "all" ? page.items.filter((g) => !isPending(g)).map((g) => g.id) : [];
  return { ...page, cursor: cursor ?? null, params, collections: collections.map((c) => ({ id: c.id, name: c.name })), preselected };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The bulk bar's intents are bulk-…; a card's own controls post visibility / delete.
  const form = await readForm(request);
  if (isBulkIntent(form.get("intent"))) return handleBulkAction(request, context, form);
  return handleOwnerAction(request, context, { form });
}

const finishedIds = (items: GenerationCardData[]) => items.filter((g) => !isPending(g)).map((g) => g.id);

export default function History() {
  const page = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const answer = posted && "kind" in posted ? (posted as BulkAnswer) : null;
  const location = useLocation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") || null : null;
  // Pictures still queued or rendering are placeholders that follow their jobs.
  const pending = usePendingGenerations(page.items.filter(isPending).map((g) => g.id));

  // The selection: ticked boxes in feed order (every picture loaded so far, not only the first page).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [order, setOrder] = useState<string[]>(() => finishedIds(page.items));
  const [sel, setSel] = useState<Selection>(() => selectionOf(page.preselected, MAX_BULK_PICTURES));
  const onItemsChange = useCallback((items: GenerationCardData[]) => setOrder(finishedIds(items)), []);
  useEffect(() => setSel((s) => keepShown(s, order)), [order]);
  // A new ?select=all page (not a revalidation of the same one) ticks its pictures.
  const preselectedKey = page.preselected.join(",");
  useEffect(() => {
    if (preselectedKey) setSel(selectionOf(preselectedKey.split(","), MAX_BULK_PICTURES));
  }, [preselectedKey]);
  // Done: the selection has been acted on.
  useEffect(() => {
    if (answer?.kind === "done") setSel(emptySelection);
  }, [answer]);

  const selected = useMemo(() => orderedIds(sel, order), [sel, order]);
  const here = `${location.pathname}${location.search}`;
  const listHref = feedHref("/history", page.params, page.cursor);
  const select = useCallback(
    (g: GenerationCardData) =>
      isPending(g)
        ? undefined
        : {
            formId: BULK_FORM,
            checked: sel.ids.has(g.id),
            onChange: (checked: boolean, range: boolean) => setSel((s) => tick(s, g.id, checked, { range, order, max: MAX_BULK_PICTURES })),
          },
    [sel, order],
  );

  return (
    <div className="py-10">
      <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Your history</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">Every picture you've made, newest first. Only you see the private ones.</p>
        </div>
        <Link to="/create" className={buttonPrimary}>
          New picture
        </Link>
      </header>
      <FeedFilters path="/history" params={page.params} feed="history" />
      {answer?.kind === "done" ? <BulkNotice tone="ok" message={answer.message} /> : null}
      {answer?.kind === "error" ? <BulkNotice tone="error" message={answer.message} /> : null}
      {answer?.kind === "confirm-delete" ? (
        <DeleteConfirm ids={answer.ids} action={here} cancelHref={listHref} busy={busy === "bulk-delete"} />
      ) : null}
      {page.items.length ? (
        <>
          {order.length ? (
            <BulkBar
              formId={BULK_FORM}
              action={here}
              count={hydrated ? selected.length : null}
              max={MAX_BULK_PICTURES}
              capped={sel.capped}
              collections={page.collections}
              busy={busy}
              selectAllHref={`${listHref}${listHref.includes("?") ? "&" : "?"}select=all`}
              clearHref={listHref}
              onSelectAll={hydrated ? () => setSel(selectionOf(order, MAX_BULK_PICTURES)) : undefined}
              onClear={hydrated ? () => setSel(emptySelection) : undefined}
              zipHref={
                hydrated && selected.length ? `/history/download?${selected.map((id) => `id=${encodeURIComponent(id)}`).join("&")}` : null
              }
            />
          ) : null}
          <InfiniteFeed
            first={page}
            path={feedHref("/history", page.params)}
            showVisibility
            pending={pending}
            select={select}
            onItemsChange={onItemsChange}
            renderExtra={(g) =>
              isPending(g) ? null : (
                <div className="flex flex-wrap items-start gap-2">
                  <OwnerControls id={g.id} isPublic={g.isPublic} action="/history" compact />
                  <SaveToCollectionMenu id={g.id} collections={page.collections} label={`"${promptTitle(g.originalPrompt, 40, "...")}"`} />
                </div>
              )
            }
          />
        </>
      ) : Object.keys(page.params).length && !page.cursor ? (
        <EmptyFeed title="Nothing matches" body="Try fewer words or filters." to="/history" action="Clear the search" />
      ) : (
        <EmptyFeed
          title={page.cursor ? "No older pictures" : "No pictures yet"}
          body={page.cursor ? "That's everything." : "Your pictures will be kept here, with their prompts and settings."}
          to={page.cursor ? "/history" : "/create"}
          action={page.cursor ? "Back to newest" : "Make your first picture"}
        />
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
