// The queue tray's data: the `queue` procedure's view, server-rendered on the page and
// kept fresh here — read again every 1.5 s while something is queued or rendering (stages
// and positions come from the rows, so this works wherever the workers run), and at once
// after a generate, a cancel or a retry.
import { useCallback, useEffect, useRef, useState } from "react";
import { friendlyMessage, trpc, type RouterOutputs } from "./trpc.client";

export type QueueItem = Omit<RouterOutputs["queue"]["active"][number], "createdAt">;
export type QueueView = { active: QueueItem[]; recent: QueueItem[] };

const POLL_MS = 1500;

export function useQueue(initial: QueueView | null, { onChanged }: { onChanged?: () => void } = {}) {
  const [queue, setQueue] = useState<QueueView | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => setQueue(initial), [initial]);

  const refresh = useCallback(async () => {
    const next = await trpc()
      .queue.query()
      .catch(() => null);
    if (next && alive.current) setQueue(next);
  }, []);

  const active = queue?.active.length ?? 0;
  useEffect(() => {
    if (!initial || active === 0) return;
    const t = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [initial, active, refresh]);

  const act = useCallback(
    async (id: string, what: "cancel" | "retry") => {
      setBusy(id);
      setError(null);
      try {
        if (what === "cancel") await trpc().generation.cancel.mutate({ id });
        else await trpc().generation.retry.mutate({ id });
      } catch (e) {
        setError(friendlyMessage(e));
      } finally {
        if (alive.current) setBusy(null);
        await refresh();
        // A cancel gives a unit back, a retry takes one.
        onChanged?.();
      }
    },
    [refresh, onChanged],
  );

  return { queue, refresh, cancel: (id: string) => act(id, "cancel"), retry: (id: string) => act(id, "retry"), busy, error };
}
