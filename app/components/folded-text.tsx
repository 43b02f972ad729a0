import { promptTitle } from "~/lib/generation-view";

const scrollBox =
  "mt-2 max-h-72 overflow-y-auto whitespace-pre-wrap break-words rounded-lg bg-zinc-100 p-3 text-sm leading-relaxed text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200";

/**
 * A prompt that may be very long: its first words, and the whole of it one click away
 * (a <details>, so no JavaScript is needed). Short text is shown as it is.
 */
export function FoldedText({
  text,
  preview,
  label,
  className,
  testId,
  as: Tag = "p",
}: {
  text: string;
  preview: number;
  label: string;
  className: string;
  testId?: string;
  as?: "p" | "h1";
}) {
  const flat = text.replace(/\s+/g, " ").trim();
  const short = promptTitle(text, preview);
  if (short === flat) return <Tag className={className}>{text}</Tag>;
  const words = flat.split(" ").length;
  return (
    <div data-testid={testId}>
      <Tag className={className}>{short}</Tag>
      <details className="group mt-2">
        <summary className="cursor-pointer text-sm font-medium text-violet-700 dark:text-violet-300">
          {label} <span className="font-normal text-zinc-600 dark:text-zinc-400">({words.toLocaleString("en")} words)</span>
        </summary>
        {/* Focusable, so the scrolling box can be read with the keyboard. */}
        <p className={scrollBox} tabIndex={0} aria-label={label}>
          {text}
        </p>
      </details>
    </div>
  );
}
