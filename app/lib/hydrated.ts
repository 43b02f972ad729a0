import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and during hydration, true once the page runs in a browser. Parts
 * of a card that need a router hook (fetchers, menus) render as plain HTML on the server
 * and become live after hydration: the server's render of a 24-card page is then plain
 * elements (docs/decisions/0017-serving-speed.md).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
