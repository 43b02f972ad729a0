// The studio's pickers: native radio inputs styled as chips, so arrow keys, labels
// and forms all work as they do for any radio group.
import { ASPECT_RATIOS, type AspectRatio } from "~/lib/generation-view";

const chip =
  "flex cursor-pointer select-none items-center justify-center gap-2 rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm font-medium text-zinc-800 transition-colors hover:border-violet-400 peer-checked:border-violet-600 peer-checked:bg-violet-50 peer-checked:text-violet-900 peer-focus-visible:ring-2 peer-focus-visible:ring-violet-500 peer-focus-visible:ring-offset-2 peer-focus-visible:ring-offset-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:peer-checked:border-violet-400 dark:peer-checked:bg-violet-500/15 dark:peer-checked:text-violet-100 dark:peer-focus-visible:ring-offset-zinc-950";

export function ChipGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  columns = "grid-cols-3 sm:grid-cols-4",
  render,
}: {
  legend: string;
  name: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
  columns?: string;
  render?: (o: { value: V; label: string }) => React.ReactNode;
}) {
  return (
    <fieldset>
      <legend className="mb-2 block text-sm font-medium text-zinc-800 dark:text-zinc-200">{legend}</legend>
      <div className={`grid gap-2 ${columns}`}>
        {options.map((o) => (
          <label key={o.value} className="relative">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="peer sr-only" />
            <span className={chip}>{render ? render(o) : o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RatioShape({ ratio }: { ratio: AspectRatio }) {
  const [w, h] = ratio.split(":").map(Number) as [number, number];
  const scale = 16 / Math.max(w, h);
  return <span aria-hidden className="inline-block rounded-[3px] border-2 border-current opacity-70" style={{ width: w * scale, height: h * scale }} />;
}

export function AspectRatioPicker({ value, onChange, allowed }: { value: AspectRatio; onChange: (v: AspectRatio) => void; allowed?: readonly string[] }) {
  const options = ASPECT_RATIOS.filter((r) => !allowed || allowed.includes(r)).map((r) => ({ value: r, label: r }));
  return (
    <ChipGroup
      legend="Aspect ratio"
      name="aspectRatio"
      value={value}
      options={options}
      onChange={onChange}
      columns="grid-cols-4 sm:grid-cols-7 lg:grid-cols-4 xl:grid-cols-7"
      render={(o) => (
        <span className="flex flex-col items-center gap-1 py-0.5">
          <span className="flex h-4 items-center">
            <RatioShape ratio={o.value} />
          </span>
          <span className="text-xs tabular-nums">{o.label}</span>
        </span>
      )}
    />
  );
}

export function Switch({ id, checked, onChange, label, description }: { id: string; checked: boolean; onChange: (v: boolean) => void; label: string; description?: string }) {
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {description ? (
          <p id={`${id}-desc`} className="text-xs text-zinc-600 dark:text-zinc-400">
            {description}
          </p>
        ) : null}
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={description ? `${id}-desc` : undefined}
        onClick={() => onChange(!checked)}
        className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors ${checked ? "bg-violet-600" : "bg-zinc-400 dark:bg-zinc-600"}`}
      >
        <span className={`inline-block h-5 w-5 transform rounded-full bg-white shadow transition-transform ${checked ? "translate-x-5" : "translate-x-0.5"}`} />
      </button>
    </div>
  );
}
