import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError } from "~/lib/loader-errors.server";
import { ASPECT_RATIOS, DETAIL_LEVELS, STYLE_LABELS, type AspectRatio, type DetailLevel } from "~/lib/generation-view";
import { friendlyMessage, limitDetails, newProgressId, trpc, type LimitDetails, type RouterOutputs } from "~/lib/trpc.client";
import { AspectRatioPicker, ChipGroup, Switch } from "~/components/studio-fields";
import { QuotaBadge, type QuotaView } from "~/components/quota-badge";
import { DailyLimitDialog, RateLimitNote } from "~/components/limit-notice";
import { ProgressStages, type Stage } from "~/components/progress-stages";
import { CopyButton } from "~/components/copy-button";
import { ArrowRightIcon, DownloadIcon, LinkIcon, PhotoIcon, SparklesIcon } from "~/components/icons";
import { buttonPrimary, buttonSecondary, buttonGhost, card, fieldHint, fieldLabel, input } from "~/components/ui";

export const meta: MetaFunction = () => [
  { title: "Studio — Image Studio" },
  { name: "description", content: "Write a prompt, optimize it, pick a style and render a picture." },
];

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await serverCaller(request);
  const [catalogue, me] = await Promise.all([orHttpError(request, caller.models()), orHttpError(request, caller.me())]);
  const quota = me ? await orHttpError(request, caller.quota()) : null;
  const q = new URL(request.url).searchParams;
  const imageModels = catalogue.models.filter((m) => m.kind === "image" && m.available);
  const seed = Number(q.get("seed"));
  // "Remix" links and shared studio links prefill the form from the query string.
  const prefill = {
    prompt: (q.get("prompt") ?? "").slice(0, 2000),
    negativePrompt: (q.get("negativePrompt") ?? "").slice(0, 1000),
    style: pick(q.get("style"), catalogue.styles, "" as (typeof catalogue.styles)[number]),
    aspectRatio: pick(q.get("aspectRatio"), ASPECT_RATIOS, "1:1"),
    detailLevel: pick(q.get("detailLevel"), DETAIL_LEVELS, "medium"),
    model: pick(q.get("model"), imageModels.map((m) => m.id), catalogue.defaults.image),
    seed: Number.isInteger(seed) && seed >= 0 && q.get("seed") ? String(seed) : "",
    from: q.get("from"),
  };
  return {
    user: me,
    quota,
    offlinePreview: catalogue.offlinePreview,
    styles: catalogue.styles,
    imageModels: imageModels.map((m) => ({ id: m.id, label: m.label, note: "note" in m ? (m.note ?? null) : null, supportsSeed: m.kind === "image" && m.supportsSeed, sizes: m.kind === "image" ? Object.keys(m.sizes) : [] })),
    prefill,
  };
}

type Result = NonNullable<RouterOutputs["generate"]["generations"][number]["picture"]>;
type Optimized = { text: string; delta: number; use: "optimized" | "original" };

export default function Studio() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const { prefill } = data;
  const [prompt, setPrompt] = useState(prefill.prompt);
  const [negativePrompt, setNegativePrompt] = useState(prefill.negativePrompt);
  const [style, setStyle] = useState<string>(prefill.style);
  const [aspectRatio, setAspectRatio] = useState<AspectRatio>(prefill.aspectRatio);
  const [detailLevel, setDetailLevel] = useState<DetailLevel>(prefill.detailLevel);
  const [model, setModel] = useState(prefill.model);
  const [seed, setSeed] = useState(prefill.seed);
  const [isPublic, setIsPublic] = useState(false);
  const [autoOptimize, setAutoOptimize] = useState(true);
  const [optimized, setOptimized] = useState<Optimized | null>(null);
  const [optimizing, setOptimizing] = useState(false);
  const [running, setRunning] = useState(false);
  const [stage, setStage] = useState<Stage | null>(null);
  const [failedAt, setFailedAt] = useState<Stage | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rateLimit, setRateLimit] = useState<LimitDetails | null>(null);
  const [dailyLimit, setDailyLimit] = useState<LimitDetails | null>(null);
  const [quota, setQuota] = useState<QuotaView | null>(data.quota);
  const [noticeFrom, setNoticeFrom] = useState<"optimize" | "generate">("generate");
  const clearRateLimit = useCallback(() => setRateLimit(null), []);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // A new prefill (e.g. a Remix link while already in the studio) resets the form.
  useEffect(() => {
    setPrompt(prefill.prompt);
    setNegativePrompt(prefill.negativePrompt);
    setStyle(prefill.style);
    setAspectRatio(prefill.aspectRatio);
    setDetailLevel(prefill.detailLevel);
    setModel(prefill.model);
    setSeed(prefill.seed);
    setOptimized(null);
  }, [prefill]);
  useEffect(() => setQuota(data.quota), [data.quota]);

  const signedIn = Boolean(data.user);
  const currentModel = data.imageModels.find((m) => m.id === model);
  const allowedRatios = currentModel?.sizes.length ? currentModel.sizes : ASPECT_RATIOS;

  function handleLimit(e: unknown): boolean {
    const details = limitDetails(e);
    if (!details) return false;
    if (details.limit === "daily") {
      setDailyLimit(details);
      setQuota((q) => (q ? { ...q, remaining: 0, used: q.limit, resetAt: String(details.resetAt) } : q));
    } else setRateLimit(details);
    return true;
  }

  async function optimize() {
    if (!prompt.trim() || optimizing) return;
    setOptimizing(true);
    setError(null);
    setNoticeFrom("optimize");
    try {
      const out = await trpc().optimize.mutate({ prompt, style: (style || undefined) as never, detailLevel, model: undefined });
      setOptimized({ text: out.betterPrompt, delta: out.delta, use: "optimized" });
    } catch (e) {
      if (!handleLimit(e)) setError(friendlyMessage(e));
    } finally {
      setOptimizing(false);
    }
  }

  const generate = useCallback(async () => {
    if (!signedIn || running || !prompt.trim()) return;
    setRunning(true);
    setError(null);
    setNoticeFrom("generate");
    setResult(null);
    setFailedAt(null);
    setStage("queued");
    const useOptimized = optimized?.use === "optimized" && optimized.text.trim();
    const skipOptimize = optimized ? optimized.use === "original" : !autoOptimize;
    const progressId = newProgressId();
    let last: Stage = "queued";
    let started: () => void = () => {};
    const ready = new Promise<void>((r) => (started = r));
    const sub = trpc().generationProgress.subscribe(
      { progressId },
      {
        onStarted: () => started(),
        onData: (ev) => {
          const s = ev.data.stage as Stage;
          if (s !== "failed") last = s;
          setStage(s);
        },
        onError: () => started(),
      },
    );
    // The server keeps a channel's events, so a late subscription still sees every stage.
    await Promise.race([ready, new Promise((r) => setTimeout(r, 1500))]);
    try {
      const batch = await trpc().generate.mutate({
        prompt,
        betterPrompt: useOptimized ? optimized!.text : undefined,
        skipOptimize: useOptimized ? false : skipOptimize,
        negativePrompt: negativePrompt.trim() || undefined,
        style: (style || undefined) as never,
        aspectRatio,
        detailLevel,
        model,
        seed: seed.trim() ? Number(seed) : undefined,
        isPublic,
        progressId,
        wait: true,
      });
      const view = batch.generations[0]?.picture;
      if (!view) throw new Error("The picture is still rendering; it will appear in your history.");
      setStage("done");
      setResult(view);
      setQuota((q) => (q ? { ...q, used: q.used + 1, remaining: Math.max(0, q.remaining - 1) } : q));
      trpc()
        .quota.query()
        .then((q) => setQuota({ ...q, resetAt: String(q.resetAt) }))
        .catch(() => {});
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (e) {
      if (handleLimit(e)) setStage(null);
      else {
        setFailedAt(last);
        setStage("failed");
        setError(friendlyMessage(e));
      }
    } finally {
      sub.unsubscribe();
      setRunning(false);
    }
  }, [signedIn, running, prompt, optimized, autoOptimize, negativePrompt, style, aspectRatio, detailLevel, model, seed, isPublic]);

  // Ctrl+Enter / Cmd+Enter generates from anywhere in the form.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && formRef.current?.contains(document.activeElement)) {
        e.preventDefault();
        void generate();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [generate]);

  // Limit and error notes appear next to the button that caused them.
  const notices =
    rateLimit || error ? (
      <div className="space-y-3">
        {rateLimit ? <RateLimitNote details={rateLimit} onDone={clearRateLimit} /> : null}
        {error ? (
          <p role="alert" className="rounded-xl border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-100">
            {error}
          </p>
        ) : null}
      </div>
    ) : null;

  const signInHref = `/sign-in?redirectTo=${encodeURIComponent(location.pathname + location.search)}`;
  const skipOptimizeShown = optimized ? optimized.use === "original" : !autoOptimize;

  return (
    <div className="py-8">
      <header className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Studio</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Describe a picture. Optimize the prompt if you like, choose a look, and render it.
          </p>
        </div>
        <QuotaBadge quota={quota} />
      </header>

      {!signedIn ? (
        <div className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-violet-200 bg-violet-50 p-4 text-sm text-violet-950 dark:border-violet-500/30 dark:bg-violet-500/10 dark:text-violet-100">
          <p>You can look around — sign in to optimize prompts and make pictures.</p>
          <Link to={signInHref} className={buttonPrimary}>
            Sign in to create
          </Link>
        </div>
      ) : null}
      {data.offlinePreview ? (
        <p className="mb-6 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100">
          <strong>Offline preview mode.</strong> No image model is configured, so pictures are drawn by a procedural renderer on this machine,
          not by an AI model.
        </p>
      ) : null}

      <div className="grid gap-8 lg:grid-cols-[minmax(0,1.1fr)_minmax(0,1fr)]">
        <form
          ref={formRef}
          className="space-y-6"
          onSubmit={(e) => {
            e.preventDefault();
            void generate();
          }}
          aria-label="New picture"
        >
          <section className={`${card} space-y-4 p-5`}>
            {optimized ? (
              <div className="space-y-3 animate-fade-in" data-testid="optimize-compare">
                <div className="grid gap-3 md:grid-cols-2">
                  <div className="space-y-1.5">
                    <label htmlFor="prompt" className={fieldLabel}>
                      Before <span className="font-normal text-zinc-600 dark:text-zinc-400">— your prompt</span>
                    </label>
                    <textarea id="prompt" name="prompt" required rows={7} maxLength={2000} value={prompt} onChange={(e) => setPrompt(e.target.value)} className={`${input} text-sm leading-relaxed`} />
                  </div>
                  <div className="space-y-1.5">
                    <label htmlFor="after" className={fieldLabel}>
                      After <span className="font-normal text-zinc-600 dark:text-zinc-400">— optimized{optimized.delta > 0 ? `, +${Math.round(optimized.delta * 100)}% words` : ""}</span>
                    </label>
                    <textarea
                      id="after"
                      rows={7}
                      maxLength={4000}
                      value={optimized.text}
                      onChange={(e) => setOptimized({ ...optimized, text: e.target.value })}
                      className={`${input} border-violet-300 bg-violet-50/40 text-sm leading-relaxed dark:border-violet-500/50 dark:bg-violet-500/5`}
                    />
                  </div>
                </div>
              </div>
            ) : (
              <div className="space-y-2">
                <label htmlFor="prompt" className={fieldLabel}>
                  Prompt
                </label>
                <textarea
                  id="prompt"
                  name="prompt"
                  required
                  rows={4}
                  maxLength={2000}
                  value={prompt}
                  onChange={(e) => setPrompt(e.target.value)}
                  placeholder="A lighthouse on a cliff at dusk, waves crashing below…"
                  className={`${input} resize-y text-base leading-relaxed`}
                />
              </div>
            )}
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className={fieldHint}>{prompt.length}/2000</p>
              <div className="flex gap-2">
                {optimized ? (
                  <button type="button" className={buttonGhost} onClick={() => setOptimized(null)}>
                    Discard
                  </button>
                ) : null}
                <button type="button" className={buttonSecondary} onClick={optimize} disabled={!signedIn || optimizing || !prompt.trim()}>
                  {optimizing ? (
                    <span className="h-4 w-4 animate-spin rounded-full border-2 border-violet-500 border-t-transparent" aria-hidden />
                  ) : (
                    <SparklesIcon className="h-4 w-4 text-violet-600 dark:text-violet-300" />
                  )}
                  {optimizing ? "Optimizing…" : optimized ? "Optimize again" : "Optimize prompt"}
                </button>
              </div>
            </div>
            {optimized ? (
              <ChipGroup
                legend="Render from"
                name="use"
                value={optimized.use}
                columns="grid-cols-2"
                options={[
                  { value: "optimized", label: "The optimized prompt" },
                  { value: "original", label: "My prompt (skip)" },
                ]}
                onChange={(use) => setOptimized({ ...optimized, use })}
              />
            ) : (
              <Switch
                id="auto-optimize"
                checked={autoOptimize}
                onChange={setAutoOptimize}
                label="Optimize automatically"
                description="If you don't optimize first, the language model improves the prompt while generating."
              />
            )}
            {noticeFrom === "optimize" ? notices : null}
          </section>

          <section className={`${card} space-y-5 p-5`}>
            <ChipGroup
              legend="Style"
              name="style"
              value={style}
              options={[{ value: "", label: "None" }, ...data.styles.map((s) => ({ value: s, label: STYLE_LABELS[s] ?? s }))]}
              onChange={setStyle}
              columns="grid-cols-2 sm:grid-cols-4 lg:grid-cols-3 xl:grid-cols-4"
            />
            <AspectRatioPicker value={aspectRatio} onChange={setAspectRatio} allowed={allowedRatios} />
            <ChipGroup
              legend="Detail level"
              name="detailLevel"
              value={detailLevel}
              columns="grid-cols-3"
              options={[
                { value: "low", label: "Low" },
                { value: "medium", label: "Medium" },
                { value: "high", label: "High" },
              ]}
              onChange={setDetailLevel}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="space-y-1.5">
                <label htmlFor="model" className={fieldLabel}>
                  Model
                </label>
                <select
                  id="model"
                  value={model}
                  onChange={(e) => {
                    setModel(e.target.value);
                    const next = data.imageModels.find((m) => m.id === e.target.value);
                    if (next?.sizes.length && !next.sizes.includes(aspectRatio)) setAspectRatio(next.sizes[0] as AspectRatio);
                  }}
                  className={input}
                >
                  {data.imageModels.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="space-y-1.5">
                <label htmlFor="seed" className={fieldLabel}>
                  Seed <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional)</span>
                </label>
                <input
                  id="seed"
                  inputMode="numeric"
                  pattern="[0-9]*"
                  value={seed}
                  onChange={(e) => setSeed(e.target.value.replace(/\D/g, "").slice(0, 10))}
                  placeholder="Random"
                  disabled={currentModel ? !currentModel.supportsSeed : false}
                  aria-describedby="seed-hint"
                  className={input}
                />
                <p id="seed-hint" className={fieldHint}>
                  {currentModel && !currentModel.supportsSeed ? "This model doesn't take a seed." : "Same seed + same prompt = same picture."}
                </p>
              </div>
            </div>
            <details className="group">
              <summary className="cursor-pointer text-sm font-medium text-violet-700 dark:text-violet-300">Things to avoid (negative prompt)</summary>
              <div className="mt-2 space-y-1.5">
                <label htmlFor="negativePrompt" className="sr-only">
                  Negative prompt
                </label>
                <input id="negativePrompt" value={negativePrompt} maxLength={1000} onChange={(e) => setNegativePrompt(e.target.value)} placeholder="blurry, text, watermark" className={input} />
              </div>
            </details>
            <Switch id="public" checked={isPublic} onChange={setIsPublic} label="Share in the public gallery" description="Anyone can see public pictures at /discover. You can change this later." />
          </section>

          <div className="space-y-3">
            {noticeFrom === "generate" ? notices : null}
            {signedIn ? (
              <button type="submit" className={`${buttonPrimary} w-full py-3 text-base`} disabled={running || !prompt.trim()}>
                {running ? "Generating…" : "Generate"}
                <kbd className="ml-2 hidden rounded border border-white/40 px-1.5 py-0.5 font-sans text-[11px] font-medium sm:inline">Ctrl ↵</kbd>
              </button>
            ) : (
              <Link to={signInHref} className={`${buttonPrimary} w-full py-3 text-base`}>
                Sign in to generate
              </Link>
            )}
          </div>
        </form>

        <section aria-label="Result" className="lg:sticky lg:top-20 lg:self-start">
          <div ref={resultRef} tabIndex={-1} className={`${card} overflow-hidden outline-none`}>
            {result ? (
              <div className="animate-fade-in" data-testid="result">
                <div className="bg-zinc-100 dark:bg-zinc-950" style={{ aspectRatio: `${result.width} / ${result.height}` }}>
                  {result.imageUrl ? <img src={result.imageUrl} width={result.width} height={result.height} alt={(result.betterPrompt ?? result.originalPrompt).slice(0, 200)} className="h-full w-full object-contain" /> : null}
                </div>
                <div className="space-y-3 p-4">
                  <p className="line-clamp-3 text-sm text-zinc-700 dark:text-zinc-300">{result.betterPrompt ?? result.originalPrompt}</p>
                  <div className="flex flex-wrap gap-2">
                    {result.imageUrl ? (
                      <a href={result.imageUrl} download={`image-studio-${result.id}`} className={buttonSecondary}>
                        <DownloadIcon className="h-4 w-4" /> Download
                      </a>
                    ) : null}
                    <CopyButton text={() => new URL(`/g/${result.id}`, window.location.origin).toString()} label="Copy link" icon={<LinkIcon className="h-4 w-4" />} />
                    <Link to={`/g/${result.id}`} className={buttonGhost}>
                      Open its page <ArrowRightIcon className="h-4 w-4" />
                    </Link>
                  </div>
                </div>
              </div>
            ) : stage ? (
              <div className="p-6">
                <div className="mb-6 overflow-hidden rounded-xl bg-gradient-to-r from-zinc-100 via-violet-100 to-zinc-100 bg-[length:200%_100%] animate-shimmer dark:from-zinc-900 dark:via-violet-500/15 dark:to-zinc-900" style={{ aspectRatio: aspectRatio.replace(":", " / ") }} />
                <ProgressStages stage={stage} failedAt={failedAt} skipOptimize={skipOptimizeShown} />
              </div>
            ) : (
              <div className="flex flex-col items-center justify-center px-6 py-16 text-center" style={{ minHeight: "22rem" }}>
                <div className="flex h-14 w-14 items-center justify-center rounded-2xl bg-violet-100 text-violet-700 dark:bg-violet-500/15 dark:text-violet-300">
                  <PhotoIcon className="h-7 w-7" />
                </div>
                <p className="mt-4 font-medium">Your picture appears here</p>
                <p className="mt-1 max-w-xs text-sm text-zinc-600 dark:text-zinc-400">
                  Press <strong>Generate</strong> or <kbd className="rounded border border-zinc-300 px-1 text-xs dark:border-zinc-700">Ctrl</kbd>+
                  <kbd className="rounded border border-zinc-300 px-1 text-xs dark:border-zinc-700">Enter</kbd> and watch each stage as it happens.
                </p>
              </div>
            )}
          </div>
        </section>
      </div>
      <DailyLimitDialog details={dailyLimit} onClose={() => setDailyLimit(null)} />
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
