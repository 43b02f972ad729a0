// The studio's pickers: native radio inputs styled as chips, so arrow keys, labels
// and forms all work as they do for any radio group; and a switch that is a real
// checkbox, so it posts with the form even without JavaScript.
import { ASPECT_RATIOS, type AspectRatio } from "../../server/contract";

/**
 * A chip is the radio's own label, the radio lying over it, transparent: a click anywhere on
 * the chip lands on the input (so tools that click a control by its role or label reach it),
 * and its text is the label's own (so clicking the text, by hand or by a test script, lands
 * on the input too). The label shows the state with :has(), the input staying in the tab
 * order and the accessibility tree.
 */
export const chipInput = "absolute inset-0 z-10 m-0 h-full w-full cursor-pointer appearance-none rounded-[inherit] opacity-0";

const chip =
  "relative flex h-full cursor-pointer select-none items-center justify-center gap-2 rounded-lg border border-zinc-300 bg-white px-1 py-1.5 text-center text-xs font-medium text-zinc-800 transition-colors hover:border-violet-400 has-[:checked]:border-violet-600 has-[:checked]:bg-violet-50 has-[:checked]:text-violet-900 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-violet-500 has-[:focus-visible]:ring-offset-2 has-[:focus-visible]:ring-offset-white dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:has-[:checked]:border-violet-400 dark:has-[:checked]:bg-violet-500/15 dark:has-[:checked]:text-violet-100 dark:has-[:focus-visible]:ring-offset-zinc-900";

export function ChipGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  columns = "grid-cols-3",
  chipClass = "",
  render,
}: {
  legend: string;
  name: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
  columns?: string;
  /** More classes for each chip (its layout). */
  chipClass?: string;
  /** The chip's content; its text must be the chip's own text node, not wrapped (see chipInput). */
  render?: (o: { value: V; label: string }) => React.ReactNode;
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 block text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{legend}</legend>
      <div className={`grid gap-1.5 ${columns}`}>
        {options.map((o) => (
          <label key={o.value} className={`${chip} ${chipClass}`}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className={chipInput}
            />
            {render ? render(o) : o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RatioShape({ ratio }: { ratio: AspectRatio }) {
  const [w, h] = ratio.split(":").map(Number) as [number, number];
  const scale = 14 / Math.max(w, h);
  return (
    <span
      aria-hidden
      className="inline-block rounded-[2px] border-[1.5px] border-current opacity-70"
      style={{ width: w * scale, height: h * scale }}
    />
  );
}

export function AspectRatioPicker({
  value,
  onChange,
  allowed,
}: {
  value: AspectRatio;
  onChange: (v: AspectRatio) => void;
  allowed?: readonly string[];
}) {
  const options = ASPECT_RATIOS.filter((r) => !allowed || allowed.includes(r)).map((r) => ({ value: r, label: r }));
  return (
    <ChipGroup
      legend="Aspect ratio"
      name="aspectRatio"
      value={value}
      options={options}
      onChange={onChange}
      columns="grid-cols-7"
      chipClass="flex-col gap-0.5 text-[11px] tabular-nums"
      render={(o) => (
        <>
          <span aria-hidden className="flex h-3.5 items-center">
            <RatioShape ratio={o.value} />
          </span>
          {o.label}
        </>
      )}
    />
  );
}

/**
 * An on/off switch: a checkbox with role="switch", named by its label. `inline` puts the
 * switch first and the description beside the label, on one line where there is room.
 */
export function Switch({
  id,
  name,
  checked,
  onChange,
  label,
  description,
  inline = false,
}: {
  id: string;
  name?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
  description?: string;
  inline?: boolean;
}) {
  const control = (
    <span className="relative inline-flex shrink-0">
      <input
        id={id}
        name={name}
        value="on"
        type="checkbox"
        role="switch"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={description ? `${id}-desc` : undefined}
        className="peer h-6 w-11 cursor-pointer appearance-none rounded-full bg-zinc-500 transition-colors checked:bg-violet-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-500 dark:bg-zinc-600 dark:checked:bg-violet-500"
      />
      <span
        aria-hidden
        className="pointer-events-none absolute left-0.5 top-0.5 h-5 w-5 rounded-full bg-white shadow transition-transform peer-checked:translate-x-5"
      />
    </span>
  );
  const text = (
    <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
      {label}
    </label>
  );
  if (inline) {
    return (
      <div className="flex items-center gap-3">
        {control}
        <p className="min-w-0 leading-tight">
          {text}
          {description ? (
            <span id={`${id}-desc`} className="ml-2 hidden text-xs text-zinc-600 dark:text-zinc-400 sm:inline">
              {description}
            </span>
          ) : null}
        </p>
      </div>
    );
  }
  return (
    <div className="flex items-start justify-between gap-3">
      <div className="min-w-0">
        {text}
        {description ? (
          <p id={`${id}-desc`} className="text-xs text-zinc-600 dark:text-zinc-400">
            {description}
          </p>
        ) : null}
      </div>
      {control}
    </div>
  );
}
