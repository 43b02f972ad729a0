import { useEffect, useState } from "react";
import { buttonSecondary } from "./ui";

/**
 * The system share sheet where there is one (phones, some desktops); elsewhere, and
 * before JavaScript, a plain "post it" link. Copy link sits beside it for the rest.
 */
export function ShareButton({ url, title, icon }: { url: string; title: string; icon?: React.ReactNode }) {
  const [canShare, setCanShare] = useState(false);
  useEffect(() => setCanShare(typeof navigator.share === "function"), []);
  if (canShare) {
    return (
      <button type="button" className={buttonSecondary} onClick={() => navigator.share({ url, title }).catch(() => {})}>
        {icon} Share
      </button>
    );
  }
  const intent = `https://x.com/intent/post?${new URLSearchParams({ url, text: title })}`;
  return (
    <a href={intent} target="_blank" rel="noopener noreferrer" className={buttonSecondary}>
      {icon} Share on X<span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
