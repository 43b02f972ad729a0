// The feeds read with one raw statement (server/generations/feeds.ts) while every other
// read uses generationViewSelect: both must give the same public shape, value for value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";
import { createUser } from "../support/pipeline";
import { listDiscovery, listHistory } from "../../server/generations/feeds";
import { generationViewSelect, toGenerationView } from "../../server/generations/generation-view";
import type { SessionUser } from "../../server/users/session-user";

let services: TestServices;
let author: SessionUser;
let viewer: SessionUser;

beforeAll(async () => {
  services = await createTestServices();
  author = await createUser(services, "shape-author");
  viewer = await createUser(services, "shape-viewer");
  await services.db.user.update({ where: { id: author.id }, data: { imageUrl: "https://img.example.test/a.png" } });
  const at = (s: number) => new Date(Date.UTC(2026, 2, 3, 4, 5, s, 678));
  await services.db.generation.createMany({
    data: [
      // Every optional column set, a float delta and a millisecond timestamp.
      {
        userId: author.id,
        status: "succeeded",
        imageUrl: "/images/ab/full.png",
        thumbnailUrl: "/images/ab/full.thumb.webp",
        storageKey: "ab/full.png",
        width: 1024,
        height: 768,
        originalPrompt: "full",
        betterPrompt: "full, better",
        negativePrompt: "blur",
        model: "local-procedural",
        provider: "local",
        style: "watercolor",
        aspectRatio: "4:3",
        detailLevel: "high",
        seed: 2_147_483_647,
        isPublic: true,
        optimizationDelta: 0.375,
        generationDuration: 1234,
        errorMessage: "never shown",
        createdAt: at(1),
      },
      // Every optional column null.
      {
        userId: author.id,
        status: "succeeded",
        width: 64,
        height: 64,
        originalPrompt: "bare",
        model: "m",
        provider: "local",
        aspectRatio: "1:1",
        isPublic: true,
        createdAt: at(2),
      },
      // Not in any feed: private (history only) and failed.
      {
        userId: author.id,
        status: "succeeded",
        width: 64,
        height: 64,
        originalPrompt: "private",
        model: "m",
        provider: "local",
        aspectRatio: "1:1",
        isPublic: false,
        createdAt: at(3),
      },
      {
        userId: author.id,
        status: "failed",
        width: 64,
        height: 64,
        originalPrompt: "failed",
        model: "m",
        provider: "local",
        aspectRatio: "1:1",
        isPublic: true,
        createdAt: at(4),
      },
    ],
  });
});
afterAll(() => services.dispose());

async function expected(where: { isPublic?: boolean }, viewerId: string | null) {
  const rows = await services.db.generation.findMany({
    where: { userId: author.id, status: "succeeded", ...where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: generationViewSelect,
  });
  return Promise.all(rows.map((r) => toGenerationView(r, viewerId, services.storage)));
}

describe("feed rows have the public generation shape", () => {
  it("discovery equals generationViewSelect, for an anonymous and a signed-in viewer", async () => {
    for (const viewerId of [null, viewer.id, author.id]) {
      const page = await listDiscovery(services, viewerId, { limit: 50 });
      expect(page.items, String(viewerId)).toStrictEqual(await expected({ isPublic: true }, viewerId));
      expect(page.items[0]!.createdAt).toBeInstanceOf(Date);
    }
  });

  it("history equals generationViewSelect and pages with the cursor", async () => {
    const all = await expected({}, author.id);
    expect(all.map((g) => g.originalPrompt)).toEqual(["private", "bare", "full"]);
    const first = await listHistory(services, author.id, { limit: 2 });
    expect(first.items).toStrictEqual(all.slice(0, 2));
    const second = await listHistory(services, author.id, { limit: 2, cursor: first.nextCursor });
    expect(second.items).toStrictEqual(all.slice(2));
    expect(second.nextCursor).toBeNull();
    expect(Object.keys(second.items[0]!)).not.toContain("errorMessage");
    expect(Object.keys(second.items[0]!)).not.toContain("storageKey");
    expect(Object.keys(second.items[0]!)).not.toContain("thumbnailKey");
    expect(all.find((g) => g.originalPrompt === "full")).toMatchObject({ imageUrl: "/images/ab/full.png", thumbnailUrl: null });
  });
});
