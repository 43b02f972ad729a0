// Style, shape, detail, model, seed, things to avoid and sharing: a compact column
// beside the result on laptops; on phones a disclosure under the prompt whose button
// sums up the current choices. Without JavaScript it is simply open.
import { useState, type Dispatch } from "react";
import { DETAIL_LABELS, DETAIL_LEVELS, STYLE_LABELS, type AspectRatio, type Style } from "../../../server/contract";
import { PICTURE_COUNTS, type StudioAction, type StudioForm } from "~/lib/studio-form";
import { AspectRatioPicker, ChipGroup, chipInput, Switch } from "../studio-fields";
import { card, fieldHint, input } from "../ui";

export type StudioModel = { id: string; label: string; note: string | null; supportsSeed: boolean; sizes: string[] };

const sectionLabel = "mb-1.5 block text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";

export function SettingsPanel({
  form,
  dispatch,
  styles,
  models,
}: {
  form: StudioForm;
  dispatch: Dispatch<StudioAction>;
  styles: readonly Style[];
  models: StudioModel[];
}) {
  const [open, setOpen] = useState(false);
  // A linked negative prompt is shown; afterwards the disclosure is the person's to toggle.
  const [avoidOpen] = useState(Boolean(form.negativePrompt));
  const current = models.find((m) => m.id === form.model);
  const summary = [form.style ? STYLE_LABELS[form.style] : "No style", form.aspectRatio, `${DETAIL_LABELS[form.detailLevel]} detail`].join(
    " · ",
  );
  return (
    <section aria-labelledby="settings-heading" className={`${card} p-4`}>
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
        <h2 id="settings-heading" className="text-sm font-semibold">
          Settings
        </h2>
        {/* In the heading row, so it takes no height and shows on phones without opening the settings. */}
        <fieldset className="flex items-center gap-2" data-testid="count">
          <legend className="sr-only">Pictures per prompt</legend>
          <span aria-hidden className="text-xs text-zinc-600 dark:text-zinc-400">
            Pictures
          </span>
          <span className="flex overflow-hidden rounded-lg border border-zinc-300 dark:border-zinc-700">
            {PICTURE_COUNTS.map((n) => (
              <label
                key={n}
                className="relative flex h-7 min-w-8 cursor-pointer items-center justify-center px-2 text-sm font-medium tabular-nums text-zinc-800 has-[:checked]:bg-violet-600 has-[:checked]:text-white has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-violet-300 dark:text-zinc-200"
              >
                <input
                  type="radio"
                  name="count"
                  value={n}
                  checked={form.count === n}
                  onChange={() => dispatch({ type: "set", field: "count", value: n })}
                  className={chipInput}
                />
                {n}
              </label>
            ))}
          </span>
        </fieldset>
        <button
          type="button"
          className="inline-flex min-w-0 items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-violet-700 hover:bg-violet-50 dark:text-violet-300 dark:hover:bg-violet-500/10 lg:hidden"
          aria-expanded={open}
          aria-controls="studio-settings"
          onClick={() => setOpen((o) => !o)}
        >
          <span className="truncate">{summary}</span>
          <span aria-hidden>{open ? "▴" : "▾"}</span>
          <span className="sr-only">{open ? "(hide settings)" : "(change settings)"}</span>
        </button>
      </div>
      {/* Without JavaScript the disclosure cannot open: show the settings. */}
      <noscript>
        <style>{"#studio-settings{display:block}"}</style>
      </noscript>
      <div id="studio-settings" className={`mt-3 space-y-4 ${open ? "block" : "hidden"} lg:block`}>
        <ChipGroup
          legend="Style"
          name="style"
          value={form.style}
          options={[{ value: "" as const, label: "None" }, ...styles.map((s) => ({ value: s, label: STYLE_LABELS[s] }))]}
          onChange={(value) => dispatch({ type: "set", field: "style", value })}
          columns="grid-cols-3 sm:grid-cols-4 lg:grid-cols-2"
        />
        <AspectRatioPicker
          value={form.aspectRatio}
          onChange={(value: AspectRatio) => dispatch({ type: "set", field: "aspectRatio", value })}
          allowed={current?.sizes.length ? current.sizes : undefined}
        />
        <ChipGroup
          legend="Detail"
          name="detailLevel"
          value={form.detailLevel}
          columns="grid-cols-3"
          options={DETAIL_LEVELS.map((d) => ({ value: d, label: DETAIL_LABELS[d] }))}
          onChange={(value) => dispatch({ type: "set", field: "detailLevel", value })}
        />
        <div className="grid grid-cols-2 gap-2 lg:grid-cols-1">
          <div>
            <label htmlFor="model" className={sectionLabel}>
              Model
            </label>
            <select
              id="model"
              name="model"
              value={form.model}
              onChange={(e) =>
                dispatch({ type: "model", id: e.target.value, sizes: models.find((m) => m.id === e.target.value)?.sizes ?? [] })
              }
              className={`${input} py-1.5 text-xs`}
            >
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="seed" className={sectionLabel}>
              Seed
            </label>
            <input
              id="seed"
              name="seed"
              inputMode="numeric"
              pattern="[0-9]*"
              value={form.seed}
              onChange={(e) => dispatch({ type: "set", field: "seed", value: e.target.value })}
              placeholder="Random"
              disabled={current ? !current.supportsSeed : false}
              aria-describedby="seed-hint"
              className={`${input} py-1.5 text-xs`}
            />
            <p id="seed-hint" className={`${fieldHint} mt-1`}>
              {current && !current.supportsSeed ? "This model doesn't take a seed." : "Same seed + same prompt = same picture."}
            </p>
          </div>
        </div>
        <details className="group" open={avoidOpen || undefined}>
          <summary className="cursor-pointer text-sm font-medium text-violet-700 dark:text-violet-300">Things to avoid</summary>
          <div className="mt-2">
            <label htmlFor="negativePrompt" className="sr-only">
              Negative prompt
            </label>
            <input
              id="negativePrompt"
              name="negativePrompt"
              value={form.negativePrompt}
              maxLength={1000}
              onChange={(e) => dispatch({ type: "set", field: "negativePrompt", value: e.target.value })}
              placeholder="blurry, text, watermark"
              className={`${input} py-1.5 text-xs`}
            />
          </div>
        </details>
        <Switch
          id="public"
          name="isPublic"
          checked={form.isPublic}
          onChange={(value) => dispatch({ type: "set", field: "isPublic", value })}
          label="Share in the gallery"
          description="Anyone can see it at /discover. You can change this later."
        />
      </div>
    </section>
  );
}
