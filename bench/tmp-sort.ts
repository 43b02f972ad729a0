import { createDb } from "../server/adapters/db/client";
import { listDiscovery } from "../server/generations/feeds";
import { timeMany, ms } from "./lib/stats";
const url = process.argv[2]!;
const { db, pool } = createDb({ url });
const storage = { viewUrls: async (objects: { key: string }[]) => objects.map((o) => `/images/${o.key}`) };
for (const q of process.argv.slice(3)) {
  for (const sort of ["top", "trending", "new", undefined] as const) {
    const r = await timeMany(3, () => listDiscovery({ db, storage }, null, { limit: 24, q, sort, window: "all" }), 1);
    const p = await listDiscovery({ db, storage }, null, { limit: 24, q, sort, window: "all" });
    console.log(q, sort ?? "(ranked)", ms(r.median), p.items.length);
  }
}
await db.$disconnect(); await pool.end();
