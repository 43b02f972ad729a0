// Plain <a href> for the links a feed repeats on every card (the picture, its author),
// followed client-side like a <Link> once the app runs. A <Link> costs the server a
// route resolution per link (~50 µs each, ~100 on a gallery page); these cost nothing,
// and without JavaScript they are ordinary links (docs/decisions/0017-serving-speed.md).
import { useNavigate, type NavigateFunction } from "@remix-run/react";
import { useEffect } from "react";
import type { MouseEvent } from "react";

let navigate: NavigateFunction | null = null;

/** Called once, in the site's layout: lends the router's navigate to `followLink`. */
export function useClientNavigation(): void {
  const n = useNavigate();
  useEffect(() => {
    navigate = n;
    return () => {
      if (navigate === n) navigate = null;
    };
  }, [n]);
}

/** onClick for a plain same-origin <a>: a client-side navigation, as a <Link> would do. */
export function followLink(e: MouseEvent<HTMLAnchorElement>): void {
  const a = e.currentTarget;
  if (!navigate || e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
  if ((a.target && a.target !== "_self") || a.hasAttribute("download")) return;
  const url = new URL(a.href);
  if (url.origin !== window.location.origin) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
