// The first thing on the studio's screen: the prompt with Generate and Optimize beside
// it. After Optimize it becomes a before/after editor (focus moves into it). Accessible
// names browser tests rely on: textbox "Prompt", textbox "Optimized prompt", buttons
// "Generate" and "Optimize", switch "Optimize automatically".
import { Link } from "@remix-run/react";
import type { Dispatch, ReactNode, RefObject } from "react";
import { PROMPT_MAX_CHARS } from "../../../server/contract";
import { describePromptChange, type StudioAction, type StudioForm } from "~/lib/studio-form";
import { ChipGroup, Switch } from "../studio-fields";
import { SparklesIcon } from "../icons";
import { buttonGhost, buttonPrimary, buttonSecondary, card, fieldHint, input } from "../ui";
import { rememberGenerateIntent } from "~/lib/studio-draft";

function Spinner({ light = false }: { light?: boolean }) {
  return (
    <span
      aria-hidden
      className={`h-4 w-4 animate-spin rounded-full border-2 border-t-transparent ${light ? "border-white" : "border-violet-500"}`}
    />
  );
}

export function PromptBar({
  form,
  dispatch,
  signedIn,
  signInHref,
  generating,
  optimizing,
  generatePausedFor,
  optimizePausedFor,
  onOptimize,
  promptRef,
  optimizedRef,
  header,
  notices,
}: {
  form: StudioForm;
  dispatch: Dispatch<StudioAction>;
  signedIn: boolean;
  signInHref: string;
  generating: boolean;
  optimizing: boolean;
  /** Seconds until Generate may be pressed again after a per-minute refusal. */
  generatePausedFor: number | null;
  optimizePausedFor: number | null;
  onOptimize: () => void;
  promptRef: RefObject<HTMLTextAreaElement>;
  optimizedRef: RefObject<HTMLTextAreaElement>;
  /** Shown above the prompt (the picture being remixed). */
  header?: ReactNode;
  notices?: ReactNode;
}) {
  const { optimized } = form;
  const promptField = (
    <textarea
      ref={promptRef}
      id="prompt"
      name="prompt"
      required
      rows={optimized ? 5 : 3}
      maxLength={PROMPT_MAX_CHARS}
      value={form.prompt}
      onChange={(e) => dispatch({ type: "set", field: "prompt", value: e.target.value })}
      onPaste={(e) => {
        const el = e.currentTarget;
        dispatch({ type: "pasted", text: e.clipboardData.getData("text"), selectionLength: el.selectionEnd - el.selectionStart });
      }}
      aria-describedby={form.promptCut ? "prompt-count prompt-cut" : "prompt-count"}
      placeholder="A lighthouse on a cliff at dusk, waves crashing below…"
      className={`${input} min-h-[5.5rem] resize-y text-base leading-relaxed`}
    />
  );

  return (
    <section className={`${card} p-4`}>
      {header}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-stretch">
        <div className="min-w-0 flex-1">
          {optimized ? (
            <div className="grid gap-3 md:grid-cols-2" data-testid="optimize-compare">
              <div className="space-y-1.5">
                <p className="flex items-baseline gap-2">
                  <label htmlFor="prompt" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
                    Prompt
                  </label>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">before</span>
                </p>
                {promptField}
              </div>
              <div className="space-y-1.5">
                <p className="flex items-baseline gap-2">
                  <label htmlFor="optimized-prompt" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
                    Optimized prompt
                  </label>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">after — edit it freely</span>
                </p>
                <textarea
                  ref={optimizedRef}
                  id="optimized-prompt"
                  name="betterPrompt"
                  rows={5}
                  maxLength={4000}
                  value={optimized.text}
                  onChange={(e) => dispatch({ type: "editOptimized", text: e.target.value })}
                  aria-describedby="optimized-change"
                  className={`${input} min-h-[5.5rem] resize-y border-violet-300 bg-violet-50/40 text-sm leading-relaxed dark:border-violet-500/50 dark:bg-violet-500/5`}
                />
                <p id="optimized-change" className={fieldHint} data-testid="optimized-change">
                  {describePromptChange(form.prompt, optimized.text)}
                </p>
              </div>
            </div>
          ) : (
            <div className="space-y-1.5">
              <label htmlFor="prompt" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
                Prompt
              </label>
              {promptField}
            </div>
          )}
        </div>

        <div className="flex shrink-0 flex-row-reverse gap-2 sm:w-44 sm:flex-col sm:pt-6">
          {signedIn ? (
            <button
              type="submit"
              className={`${buttonPrimary} flex-1 py-3 text-base sm:flex-none`}
              disabled={generating || generatePausedFor != null}
              aria-describedby="generate-hint"
              data-testid="generate"
            >
              {generating ? <Spinner light /> : null}
              Generate
              {generatePausedFor != null ? (
                <span aria-hidden className="whitespace-nowrap text-sm font-medium tabular-nums opacity-90">
                  · {generatePausedFor} s
                </span>
              ) : null}
            </button>
          ) : (
            <Link
              to={signInHref}
              className={`${buttonPrimary} flex-1 py-3 text-base sm:flex-none`}
              // With a prompt written, the studio generates it as soon as the person is back, signed in.
              onClick={() => (form.prompt.trim() ? rememberGenerateIntent() : undefined)}
            >
              Sign in to generate
            </Link>
          )}
          <button
            type="button"
            className={`${buttonSecondary} flex-1 sm:flex-none`}
            onClick={onOptimize}
            disabled={!signedIn || optimizing || optimizePausedFor != null || !form.prompt.trim()}
            aria-describedby="optimize-hint"
          >
            {optimizing ? <Spinner /> : <SparklesIcon className="h-4 w-4 text-violet-600 dark:text-violet-300" />}
            Optimize
            {optimizePausedFor != null ? (
              <span aria-hidden className="whitespace-nowrap tabular-nums text-zinc-600 dark:text-zinc-400">
                · {optimizePausedFor} s
              </span>
            ) : null}
          </button>
          {optimized ? (
            <button type="button" className={`${buttonGhost} hidden sm:inline-flex`} onClick={() => dispatch({ type: "discardOptimized" })}>
              Discard
            </button>
          ) : null}
        </div>
      </div>

      <div className="mt-3 flex flex-wrap items-center justify-between gap-x-6 gap-y-2">
        <div className="min-w-0 flex-1">
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
              onChange={(use) => dispatch({ type: "useOptimized", use })}
            />
          ) : (
            <Switch
              id="auto-optimize"
              name="autoOptimize"
              checked={form.autoOptimize}
              onChange={(value) => dispatch({ type: "set", field: "autoOptimize", value })}
              label="Optimize automatically"
              description="a language model improves the prompt while generating, unless you optimize first"
              inline
            />
          )}
        </div>
        <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
          {optimized ? (
            <button
              type="button"
              className="font-medium text-violet-700 hover:underline dark:text-violet-300 sm:hidden"
              onClick={() => dispatch({ type: "discardOptimized" })}
            >
              Discard
            </button>
          ) : null}
          <span id="generate-hint" className="hidden sm:inline">
            <kbd className="rounded border border-zinc-300 px-1 font-sans dark:border-zinc-700">Ctrl</kbd>+
            <kbd className="rounded border border-zinc-300 px-1 font-sans dark:border-zinc-700">Enter</kbd> generates
          </span>
          <span id="optimize-hint" className="sr-only">
            A language model rewrites your prompt; you see both and choose.
          </span>
          <span id="prompt-count" className="tabular-nums">
            {form.prompt.length}/{PROMPT_MAX_CHARS}
          </span>
        </div>
      </div>
      {form.promptCut ? (
        <p
          id="prompt-cut"
          role="status"
          className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100"
          data-testid="prompt-cut"
        >
          Your prompt was cut to the {PROMPT_MAX_CHARS.toLocaleString("en")}-character limit: the last {form.promptCut.toLocaleString("en")}{" "}
          characters were left out.
        </p>
      ) : null}
      <noscript>
        <p className="mt-3 rounded-lg border border-zinc-300 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          JavaScript is off: Generate still works and opens the picture's page when it is ready, without live progress. Optimize needs
          JavaScript.
        </p>
      </noscript>
      {notices ? <div className="mt-3 space-y-3">{notices}</div> : null}
    </section>
  );
}
