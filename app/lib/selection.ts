// History's bulk selection as pure functions (tests/unit/selection.test.ts): tick one, tick
// a range with Shift (every picture between the last one ticked and this one takes this
// one's new state, in feed order, as in a mail client), select all, clear — never more than
// `max` at once.

export type Selection = { ids: ReadonlySet<string>; anchor: string | null; capped: boolean };

export const emptySelection: Selection = { ids: new Set(), anchor: null, capped: false };

export function selectionOf(ids: readonly string[], max: number): Selection {
  return { ids: new Set(ids.slice(0, max)), anchor: null, capped: ids.length > max };
}

/**
 * `id` was ticked (`checked`) or unticked; with `range`, so was everything between the
 * anchor and it in `order` (the feed's order). Ticks beyond `max` are left off and
 * `capped` says so.
 */
export function tick(
  sel: Selection,
  id: string,
  checked: boolean,
  opts: { range: boolean; order: readonly string[]; max: number },
): Selection {
  const from = opts.range && sel.anchor ? opts.order.indexOf(sel.anchor) : -1;
  const to = opts.order.indexOf(id);
  const span = from >= 0 && to >= 0 ? opts.order.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
  const ids = new Set(sel.ids);
  let capped = false;
  for (const x of span) {
    if (!checked) ids.delete(x);
    else if (ids.size < opts.max) ids.add(x);
    else if (!ids.has(x)) capped = true;
  }
  return { ids, anchor: id, capped };
}

/** Only the ids still shown (a picture deleted or filtered away drops out). */
export function keepShown(sel: Selection, shown: readonly string[]): Selection {
  const visible = new Set(shown);
  const ids = new Set([...sel.ids].filter((id) => visible.has(id)));
  if (ids.size === sel.ids.size) return sel;
  return { ids, anchor: sel.anchor && visible.has(sel.anchor) ? sel.anchor : null, capped: sel.capped };
}

/** The selection in feed order (what the form sends and the ZIP lists). */
export function orderedIds(sel: Selection, order: readonly string[]): string[] {
  return order.filter((id) => sel.ids.has(id));
}
