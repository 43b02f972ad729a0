import { useEffect, useState } from "react";

type Sized = { id: string; width: number; height: number };

const breakpoints: [query: string, columns: number][] = [
  ["(min-width: 1024px)", 4],
  ["(min-width: 640px)", 3],
];

/**
 * Columns for the viewport once JavaScript runs; null before (server HTML and no-JS pages),
 * where CSS lays out the same 2 / 3 / 4 columns by itself.
 */
function useColumnCount(): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const lists = breakpoints.map(([q]) => window.matchMedia(q));
    const update = () => setCount(breakpoints.find((_, i) => lists[i].matches)?.[1] ?? 2);
    update();
    lists.forEach((l) => l.addEventListener("change", update));
    return () => lists.forEach((l) => l.removeEventListener("change", update));
  }, []);
  return count;
}

/**
 * Each picture goes to the currently shortest column. Heights are known from the
 * aspect ratios, so the layout is decided before any image loads, and appending a
 * page never moves the pictures already on screen (CSS columns would reshuffle them).
 */
export function distribute<T extends Sized>(items: T[], columns: number): T[][] {
  const cols: T[][] = Array.from({ length: columns }, () => []);
  const heights = new Array<number>(columns).fill(0);
  for (const item of items) {
    let shortest = 0;
    for (let i = 1; i < columns; i++) if (heights[i] < heights[shortest] - 1e-6) shortest = i;
    cols[shortest].push(item);
    heights[shortest] += item.height / item.width + 0.04; // + the gap, in column widths
  }
  return cols;
}

export function MasonryGrid<T extends Sized>({ items, render }: { items: T[]; render: (item: T) => React.ReactNode }) {
  const columns = useColumnCount();
  if (columns == null) {
    // Before JavaScript: a plain grid with the same columns per breakpoint (rows in order).
    return (
      <ul className="grid grid-cols-2 items-start gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4" data-layout="grid">
        {items.map((item) => (
          <li key={item.id}>{render(item)}</li>
        ))}
      </ul>
    );
  }
  return (
    <div className="flex items-start gap-3 sm:gap-4" data-layout="masonry">
      {distribute(items, columns).map((col, i) => (
        <ul key={i} className="flex min-w-0 flex-1 flex-col gap-3 sm:gap-4">
          {col.map((item) => (
            <li key={item.id}>{render(item)}</li>
          ))}
        </ul>
      ))}
    </div>
  );
}
