import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { flushSync } from "react-dom";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError, signInRedirect } from "~/lib/loader-errors.server";
import { ASPECT_RATIOS, DETAIL_LEVELS, isStyle, type AspectRatio, type DetailLevel } from "../../server/contract";
import {
  generateRequest,
  initialStudioForm,
  pickOne,
  prefillFromQuery,
  seedParam,
  skipsOptimizer,
  studioFormReducer,
} from "~/lib/studio-form";
import { splitStudioSearch, takeGenerateIntent, THEN_PARAM, useStudioDraft, withThenGenerate } from "~/lib/studio-draft";
import { useGeneration } from "~/lib/use-generation";
import { QuotaBadge } from "~/components/quota-badge";
import { DailyLimitDialog, RateLimitNote } from "~/components/limit-notice";
import { PromptBar } from "~/components/studio/prompt-bar";
import { SettingsPanel } from "~/components/studio/settings-panel";
import { ResultPanel } from "~/components/studio/result-panel";
import { QueueTray } from "~/components/queue-tray";
import { useQueue } from "~/lib/use-queue";
import { RemixSource } from "~/components/studio/remix-source";
import { buttonPrimary } from "~/components/ui";
import { readForm } from "~/lib/form.server";

export const meta: MetaFunction = pageMeta(() => [
  { title: "Studio | Image Studio" },
  { name: "description", content: "Write a prompt, optimize it, pick a style and render a picture." },
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context);
  const [catalogue, me] = await Promise.all([orHttpError(request, caller.models()), orHttpError(request, caller.me())]);
  const [quota, queue] = me
    ? await Promise.all([orHttpError(request, caller.quota()), orHttpError(request, caller.queue())])
    : [null, null];
  const q = new URL(request.url).searchParams;
  const imageModels = catalogue.models.filter((m) => m.kind === "image" && m.available);
  // "Remix" links and shared studio links prefill the form from the query string.
  const prefill = prefillFromQuery(q, { ids: imageModels.map((m) => m.id), fallback: catalogue.defaults.image });
  // The picture being remixed, if the viewer may see it (a private or deleted one is left out).
  const from = q.get("from");
  const source = from && from.length <= 64 ? await caller.generation.get({ id: from }).catch(() => null) : null;
  prefill.parentId = source?.status === "succeeded" ? source.id : "";
  const withoutSource = new URLSearchParams(q);
  withoutSource.delete("from");
  withoutSource.delete(THEN_PARAM);
  return {
    /** This studio link without the source picture (the remix note's ×, without JavaScript). */
    freshHref: `/create${withoutSource.size ? `?${withoutSource}` : ""}`,
    user: me,
    quota: quota ? { ...quota, resetAt: quota.resetAt.toISOString() } : null,
    // The tray as it is now: a reload mid-render shows every job where it stands.
    queue: queue
      ? { active: queue.active.map(({ createdAt: _c, ...i }) => i), recent: queue.recent.map(({ createdAt: _c, ...i }) => i) }
      : null,
    offlinePreview: catalogue.offlinePreview,
    styles: catalogue.styles,
    imageModels: imageModels.map((m) => ({
      id: m.id,
      label: m.label,
      note: "note" in m ? (m.note ?? null) : null,
      supportsSeed: m.kind === "image" && m.supportsSeed,
      sizes: m.kind === "image" ? Object.keys(m.sizes) : [],
    })),
    prefill,
    source: source
      ? {
          id: source.id,
          originalPrompt: source.originalPrompt,
          thumbnailUrl: source.thumbnailUrl,
          imageUrl: source.imageUrl,
          width: source.width,
          height: source.height,
          authorName: source.author.name,
          seed: source.seed,
        }
      : null,
  };
}

/**
 * Generate without JavaScript: the form posts here, the picture is made in this request,
 * and the browser lands on its page. (With JavaScript the page calls `generate` itself,
 * with live progress.)
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await serverCaller(request, context);
  // Signed out, or a revoked or unknown API token (orHttpError: UNAUTHORIZED): the sign-in page.
  if (!(await orHttpError(request, caller.me()))) throw signInRedirect(request);
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const style = text("style");
  const betterPrompt = text("betterPrompt").trim();
  try {
    const batch = await caller.generate({
      prompt: text("prompt"),
      betterPrompt: betterPrompt && form.get("use") !== "original" ? betterPrompt : undefined,
      skipOptimize: form.get("use") === "original" || form.get("autoOptimize") !== "on",
      negativePrompt: text("negativePrompt").trim() || undefined,
      style: isStyle(style) ? style : undefined,
      aspectRatio: pickOne<AspectRatio>(text("aspectRatio"), ASPECT_RATIOS, "1:1"),
      detailLevel: pickOne<DetailLevel>(text("detailLevel"), DETAIL_LEVELS, "medium"),
      model: text("model") || undefined,
      seed: seedParam(text("seed")) ? Number(text("seed")) : undefined,
      isPublic: form.get("isPublic") === "on",
      count: text("count") === "4" ? 4 : text("count") === "2" ? 2 : 1,
      parentId: text("parentId") || undefined,
      // The picture's page shows it as it renders, so the post need not wait for it.
    });
    return redirect(`/g/${batch.generations[0]!.id}`);
  } catch (e) {
    if (e instanceof TRPCError && e.code !== "INTERNAL_SERVER_ERROR") {
      const details = (e.cause as { data?: { limit?: string; resetAt?: string } } | undefined)?.data;
      const message =
        e.code === "TOO_MANY_REQUESTS"
          ? details?.limit === "daily"
            ? "That's all for today: your daily pictures are used up."
            : "You're going a little fast. Wait a minute and try again."
          : e.code === "BAD_REQUEST"
            ? ((e.cause as { issues?: { message: string }[] } | undefined)?.issues?.[0]?.message ?? e.message)
            : e.message;
      // The caller's mistakes are 4xx; a store or model that did not answer keeps its 5xx.
      return json({ error: message }, { status: e.code === "BAD_REQUEST" ? 400 : getHTTPStatusCodeFromError(e) });
    }
    throw e;
  }
}

export default function Studio() {
  const data = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const location = useLocation();
  const [form, dispatch] = useReducer(studioFormReducer, data.prefill, initialStudioForm);
  // The tray and the run refresh each other: a new run shows in the tray at once, a cancel
  // or retry in the tray moves the quota badge.
  const trayRefresh = useRef<() => void>(() => {});
  const onQueued = useCallback(() => trayRefresh.current(), []);
  const { state: gen, generate, optimize, pausedFor, closeDailyLimit, refreshQuota } = useGeneration({ quota: data.quota, onQueued });
  const tray = useQueue(data.queue, { onChanged: refreshQuota });
  trayRefresh.current = () => void tray.refresh();
  const formRef = useRef<HTMLFormElement>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const optimizedRef = useRef<HTMLTextAreaElement>(null);
  const resultRef = useRef<HTMLElement>(null);
  const signedIn = Boolean(data.user);
  // What was being written comes back after a detour (signing in, a reload) in this tab.
  const modelIds = useMemo(() => data.imageModels.map((m) => m.id), [data.imageModels]);
  // The studio's address without the sign-in redirect's marker (see below).
  const { search: studioSearch, thenGenerate } = splitStudioSearch(location.search);
  const draftReady = useStudioDraft({
    userId: data.user?.id ?? null,
    search: studioSearch,
    form,
    dispatch,
    prefill: data.prefill,
    modelIds,
  });

  // A new prefill (e.g. a Remix link while already in the studio) resets the form.
  const firstPrefill = useRef(data.prefill);
  useEffect(() => {
    if (data.prefill !== firstPrefill.current) dispatch({ type: "reset", prefill: data.prefill });
  }, [data.prefill]);

  // New pictures take focus, so keyboard and screen-reader users land on them.
  useEffect(() => {
    // Without a scroll jump: the tray below the result would otherwise let the page slide under the sticky header.
    if (gen.picturesVersion > 0) requestAnimationFrame(() => resultRef.current?.focus({ preventScroll: true }));
  }, [gen.picturesVersion]);

  const generatePausedFor = pausedFor("generate");
  const runGenerate = useCallback(() => {
    if (!signedIn || gen.generating || generatePausedFor != null) return;
    if (!form.prompt.trim()) {
      formRef.current?.reportValidity();
      return;
    }
    void generate(generateRequest(form), { skipOptimize: skipsOptimizer(form) });
  }, [signedIn, gen.generating, generatePausedFor, form, generate]);

  // Back from "Sign in to generate" with the prompt restored: carry on and generate, once.
  // Both must hold: the sign-in redirect's marker in the address (so a later visit does
  // not), and the press of that button in this tab (so a link carrying the marker cannot
  // spend someone's quota). The marker leaves the address, so a reload does not repeat it.
  const intentChecked = useRef(false);
  useEffect(() => {
    if (!draftReady || intentChecked.current) return;
    intentChecked.current = true;
    if (!thenGenerate) return;
    window.history.replaceState(window.history.state, "", `${location.pathname}${studioSearch}${location.hash}`);
    if (takeGenerateIntent() && signedIn && form.prompt.trim()) runGenerate();
  }, [draftReady, thenGenerate, studioSearch, location.pathname, location.hash, signedIn, form.prompt, runGenerate]);

  async function runOptimize() {
    if (!form.prompt.trim() || gen.optimizing) return;
    const out = await optimize({ prompt: form.prompt, style: form.style || undefined, detailLevel: form.detailLevel });
    if (!out) return;
    // The editor replaces the single prompt field: take focus there, not to <body>. The
    // update is committed first (flushSync), so the editor is there to take it; a focus in
    // the next animation frame could run before React had drawn it, and focus was lost.
    flushSync(() => dispatch({ type: "optimized", text: out.betterPrompt }));
    optimizedRef.current?.focus();
  }

  // Ctrl+Enter / Cmd+Enter generates from anywhere in the form.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && formRef.current?.contains(document.activeElement)) {
        e.preventDefault();
        runGenerate();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runGenerate]);

  const signInHref = `/sign-in?redirectTo=${encodeURIComponent(location.pathname + studioSearch)}`;
  const signInToGenerateHref = `/sign-in?redirectTo=${encodeURIComponent(location.pathname + withThenGenerate(studioSearch))}`;
  const limit = gen.rateLimit;
  const secondsLeft = limit ? pausedFor(limit.from) : null;
  const error = gen.error?.message ?? (posted && "error" in posted ? posted.error : null);
  const notices =
    (limit && secondsLeft != null) || error ? (
      <>
        {limit && secondsLeft != null ? (
          <RateLimitNote details={limit.details} secondsLeft={secondsLeft} action={limit.from === "generate" ? "Generate" : "Optimize"} />
        ) : null}
        {error ? (
          <p
            role="alert"
            className="rounded-xl border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-100"
          >
            {error}
          </p>
        ) : null}
      </>
    ) : null;

  return (
    <div className="py-5">
      <header className="mb-4 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1">
          <h1 className="text-2xl font-bold tracking-tight">Studio</h1>
          {data.offlinePreview ? (
            <p className="text-xs text-amber-900 dark:text-amber-200" data-testid="offline-mode">
              <strong>Offline preview mode:</strong> pictures are drawn on this machine by a procedural renderer, not by an AI model.
            </p>
          ) : null}
        </div>
        <QuotaBadge quota={gen.quota} />
      </header>

      {!signedIn ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-950 dark:border-violet-500/30 dark:bg-violet-500/10 dark:text-violet-100">
          <p>You can look around — sign in to optimize prompts and make pictures.</p>
          <Link to={signInHref} className={buttonPrimary}>
            Sign in to create
          </Link>
        </div>
      ) : null}

      <Form
        ref={formRef}
        method="post"
        aria-label="New picture"
        className="grid gap-4 lg:grid-cols-[17rem_minmax(0,1fr)]"
        onSubmit={(e) => {
          e.preventDefault();
          runGenerate();
        }}
      >
        <div className="lg:col-span-2">
          <PromptBar
            form={form}
            dispatch={dispatch}
            signedIn={signedIn}
            signInHref={form.prompt.trim() ? signInToGenerateHref : signInHref}
            generating={gen.generating}
            optimizing={gen.optimizing}
            generatePausedFor={generatePausedFor}
            optimizePausedFor={pausedFor("optimize")}
            onOptimize={runOptimize}
            promptRef={promptRef}
            optimizedRef={optimizedRef}
            header={
              data.source && form.parentId === data.source.id ? (
                <RemixSource source={data.source} clearHref={data.freshHref} onClear={() => dispatch({ type: "clearRemix" })} />
              ) : null
            }
            notices={notices}
          />
        </div>
        <div className="lg:row-start-2">
          <SettingsPanel form={form} dispatch={dispatch} styles={data.styles} models={data.imageModels} />
        </div>
        <div className="min-w-0 space-y-4 lg:row-start-2">
          <ResultPanel ref={resultRef} run={gen.run} pictures={gen.pictures} />
          {tray.queue ? (
            <QueueTray
              queue={tray.queue}
              busy={tray.busy}
              error={tray.error}
              onCancel={(id) => void tray.cancel(id)}
              onRetry={(id) => void tray.retry(id)}
            />
          ) : null}
        </div>
      </Form>
      <DailyLimitDialog details={gen.dailyLimit} onClose={closeDailyLimit} />
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
