import { useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";
import { buttonSecondary } from "./ui";

/** Copies text; says so for a moment (also to screen readers). */
export function CopyButton({
  text,
  label,
  icon,
  className = buttonSecondary,
}: {
  text: string | (() => string);
  label: string;
  icon?: React.ReactNode;
  className?: string;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    const value = typeof text === "function" ? text() : text;
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // Clipboard API needs a secure context or permission: fall back to a selection copy.
      const ta = document.createElement("textarea");
      ta.value = value;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      const ok = document.execCommand("copy");
      ta.remove();
      setCopied(ok ? "yes" : "failed");
    }
    setTimeout(() => setCopied(null), 2000);
  }
  return (
    <button type="button" onClick={copy} className={className}>
      {copied === "yes" ? (
        <CheckIcon className="h-4 w-4 text-emerald-600 dark:text-emerald-400" />
      ) : (
        (icon ?? <CopyIcon className="h-4 w-4" />)
      )}
      <span aria-live="polite">{copied === "yes" ? "Copied" : copied === "failed" ? "Couldn't copy" : label}</span>
    </button>
  );
}
