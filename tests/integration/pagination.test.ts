// Keyset pagination on (createdAt desc, id desc): 1,000 rows, with new rows inserted
// between page requests; every original row is seen exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { callerFor, createUser } from "../support/pipeline";
import type { SessionUser } from "../../server/users/session-user";
import type { FeedPage } from "../../server/generations/feeds";

let services: TestServices;
let owner: SessionUser;

beforeAll(async () => {
  services = await createTestServices();
  owner = await createUser(services, "pager");
});
afterAll(() => services.dispose());

function row(i: number, createdAt: Date, isPublic: boolean) {
  return {
    userId: owner.id,
    status: "succeeded" as const,
    imageUrl: `/images/aa/row${i}.png`,
    width: 64,
    height: 64,
    originalPrompt: `row ${i}`,
    model: "local-procedural",
    provider: "local",
    aspectRatio: "1:1",
    isPublic,
    createdAt,
  };
}

describe("history and discovery pagination", () => {
  it("sees each of 1,000 rows exactly once while rows are inserted between pages", async () => {
    const base = Date.UTC(2026, 0, 1);
    // Many rows share a timestamp, so the id tie-breaker is exercised.
    await services.db.generation.createMany({
      data: Array.from({ length: 1000 }, (_, i) => row(i, new Date(base + Math.floor(i / 7) * 1000), true)),
    });
    const expected = await services.db.generation.findMany({
      where: { userId: owner.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });

    for (const [name, fetchPage] of [
      ["history", (cursor: string | null) => callerFor(services, owner).history({ cursor, limit: 37 })],
      ["discovery", (cursor: string | null) => callerFor(services, null).discovery({ cursor, limit: 50 })],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let inserted = 0;
      for (let pages = 0; pages < 100; pages++) {
        const page: FeedPage = await fetchPage(cursor);
        seen.push(...page.items.map((i) => i.id));
        // Concurrent activity: new rows (newer), and private ones in discovery.
        await services.db.generation.createMany({
          data: [row(10_000 + inserted, new Date(), true), row(20_000 + inserted, new Date(), false)],
        });
        inserted++;
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      const original = new Set(expected.map((e) => e.id));
      const seenOriginal = seen.filter((id) => original.has(id));
      expect(seenOriginal, name).toEqual(expected.map((e) => e.id));
      expect(new Set(seen).size, name).toBe(seen.length);
      expect(inserted, name).toBeGreaterThan(10);
    }
  });

  it("keeps the limit and returns a null cursor on the last page", async () => {
    const other = await createUser(services, "few");
    await services.db.generation.createMany({
      data: [0, 1, 2].map((i) => ({ ...row(i, new Date(Date.UTC(2025, 0, 1 + i)), false), userId: other.id })),
    });
    const me = callerFor(services, other);
    const first = await me.history({ limit: 2 });
    expect(first.items.map((i) => i.originalPrompt)).toEqual(["row 2", "row 1"]);
    expect(first.nextCursor).toBeTruthy();
    const second = await me.history({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.originalPrompt)).toEqual(["row 0"]);
    expect(second.nextCursor).toBeNull();
    expect((await me.history({})).items).toHaveLength(3);
  });
});
