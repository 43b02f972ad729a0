// Pages that show queued or rendering pictures as placeholders (history, a picture's page)
// follow them through the `queue` procedure — one request every 2 s for the whole page,
// whatever the number of placeholders (an event stream each would use up the browser's
// connections) — and reload their data once one of them has finished.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { trpc } from "./trpc.client";

export type PendingState = { status: string; stage: string | null; position: number | null };

const POLL_MS = 2000;

export function usePendingGenerations(ids: string[]): Map<string, PendingState> {
  const [states, setStates] = useState(() => new Map<string, PendingState>());
  const revalidator = useRevalidator();
  const key = ids.join(",");
  const reloading = useRef(false);
  useEffect(() => {
    if (!key) return;
    const wanted = new Set(key.split(","));
    let stopped = false;
    const tick = async () => {
      const queue = await trpc()
        .queue.query()
        .catch(() => null);
      if (!queue || stopped) return;
      const next = new Map<string, PendingState>();
      for (const item of queue.active)
        if (wanted.has(item.id)) next.set(item.id, { status: item.status, stage: item.stage, position: item.position });
      setStates(next);
      // One of them is no longer queued or rendering: the page's data has changed.
      if (next.size < wanted.size && !reloading.current) {
        reloading.current = true;
        revalidator.revalidate();
      }
    };
    void tick();
    const t = setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(t);
      reloading.current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the revalidator changes identity on every render
  }, [key]);
  return states;
}
