import { useRef } from "react";
import { buttonSecondary } from "./ui";

/**
 * "Are you sure?" as a disclosure rather than a JS confirm(): the summary opens a small
 * panel with the consequence, the confirming form, and Cancel, which closes it and puts
 * focus back on the summary. Works without JavaScript (the summary closes it too).
 */
export function ConfirmDisclosure({
  summary,
  summaryClassName,
  label,
  title,
  body,
  children,
  align = "left",
}: {
  summary: React.ReactNode;
  summaryClassName: string;
  /** Names the panel for screen readers, e.g. "Confirm delete". */
  label: string;
  title: string;
  body: string;
  /** The confirming form. */
  children: React.ReactNode;
  /** "stretch": the panel spans the nearest positioned ancestor (narrow cards). */
  align?: "left" | "right" | "stretch";
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const cancel = () => {
    if (!ref.current) return;
    ref.current.open = false;
    ref.current.querySelector("summary")?.focus();
  };
  return (
    <details ref={ref} className={`group ${align === "stretch" ? "" : "relative"}`} onKeyDown={(e) => e.key === "Escape" && cancel()}>
      <summary className={`${summaryClassName} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>{summary}</summary>
      <div
        role="group"
        aria-label={label}
        className={`absolute ${align === "stretch" ? "inset-x-0 w-auto" : align === "right" ? "right-0 w-64" : "left-0 w-64"} z-20 mt-2 rounded-xl border border-zinc-200 bg-white p-4 text-left text-sm shadow-xl animate-fade-in dark:border-zinc-700 dark:bg-zinc-900`}
      >
        <p className="font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">{body}</p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          {children}
          <button type="button" className={`${buttonSecondary} px-3 py-1.5`} onClick={cancel}>
            Cancel
          </button>
        </div>
      </div>
    </details>
  );
}
