// Every page, as a first-time visitor and as a signed-in owner: it renders, has no
// serious or critical axe-core violation in light or dark, and is photographed into
// tests/artifacts/screenshots/ for people to look at.
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { auditPage, chromiumAvailable, formatViolations, launchBrowser, newContext } from "../support/browser";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { generateOne } from "../support/pipeline";
import type { SessionUser } from "../../server/users/session-user";

const prompts: [string, "1:1" | "16:9" | "3:4" | "2:3" | "4:3", string][] = [
  ["a lighthouse on a cliff at dusk, waves crashing", "16:9", "watercolor"],
  ["a red fox curled up in fresh snow", "3:4", "photographic"],
  ["neon city street in the rain at night", "2:3", "cinematic"],
  ["a bowl of ramen, steam rising, top-down view", "1:1", "digital-art"],
  ["a tiny cabin in a pine forest under the northern lights", "4:3", "oil-painting"],
];

const LAPTOP = { width: 1280, height: 800 };

describe.skipIf(!chromiumAvailable)("every page in Chromium (light and dark, axe-core)", { timeout: 180_000 }, () => {
  let world: E2eApp;
  let browser: Browser;
  let alice: SessionUser;
  let bobPrivateId: string;
  let alicePublicId: string;

  beforeAll(async () => {
    world = await startE2eApp();
    browser = await launchBrowser();
    alice = await world.createUser("Alice Example");
    const bob = await world.createUser("Bob");
    const made = [];
    for (const [prompt, aspectRatio, style] of prompts) {
      made.push(
        await generateOne(world.caller(alice), { prompt, aspectRatio, style: style as never, detailLevel: "medium", isPublic: true }),
      );
    }
    alicePublicId = made[0]!.id;
    bobPrivateId = (await generateOne(world.caller(bob), { prompt: "my secret sketch", aspectRatio: "1:1", detailLevel: "low" })).id;
    // Enough public pictures for two gallery pages: copies of the real ones, older.
    const rows = await world.services.db.generation.findMany({ where: { id: { in: made.map((g) => g.id) } } });
    const copies = Array.from({ length: 27 }, (_, i) => {
      const { id: _id, createdAt: _c, updatedAt: _u, errorDetails: _e, ...row } = rows[i % rows.length]!;
      return { ...row, originalPrompt: `${row.originalPrompt} (${i + 1})`, createdAt: new Date(Date.now() - (i + 1) * 3_600_000) };
    });
    await world.services.db.generation.createMany({ data: copies });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  async function check(page: Page, url: string, name: string, expectedStatus = 200) {
    const res = await page.goto(`${world.app.url}${url}`);
    expect(res?.status(), `${url} status`).toBe(expectedStatus);
    await page.waitForLoadState("networkidle");
    const { violations } = await auditPage(page, name);
    expect(violations, `${url}:\n${formatViolations(violations)}`).toEqual([]);
  }

  it("a first-time visitor's pages", async () => {
    const context = await newContext(browser, { viewport: LAPTOP, allowConsoleErrors: [/status of 404/] });
    const page = await context.newPage();
    await check(page, "/", "landing");
    await check(page, "/discover", "discover");
    await expect(page.locator("main img").count()).resolves.toBeGreaterThanOrEqual(20);
    const older = page.getByRole("link", { name: "Older pictures" });
    const href = await older.getAttribute("href");
    expect(href).toMatch(/^\/discover\?cursor=/);
    await check(page, href!, "discover-page-2");
    await check(page, `/g/${alicePublicId}`, "generation");
    await expect(page.locator('meta[property="og:image"]').getAttribute("content")).resolves.toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/images\//,
    );
    await check(page, "/create", "create-signed-out");
    await check(page, `/g/${bobPrivateId}`, "not-found-private", 404);
    await expect(page.getByTestId("not-found").isVisible()).resolves.toBe(true);
    await check(page, "/no/such/page", "not-found", 404);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("ships a bounded amount of JavaScript (gzipped) to /discover and /create", async () => {
    const context = await newContext(browser);
    await world.signInContext(context, alice);
    const weights: Record<string, { files: number; raw: number; gzip: number }> = {};
    for (const path of ["/discover", "/create"]) {
      const page = await context.newPage();
      const bodies: Promise<Buffer>[] = [];
      page.on("response", (res) => {
        if (res.request().resourceType() === "script" || /\.m?js(\?|$)/.test(res.url())) bodies.push(res.body());
      });
      await page.goto(`${world.app.url}${path}`);
      await page.waitForLoadState("networkidle");
      const files = await Promise.all(bodies);
      weights[path] = {
        files: files.length,
        raw: files.reduce((n, b) => n + b.length, 0),
        gzip: files.reduce((n, b) => n + gzipSync(b).length, 0),
      };
      await page.close();
    }
    fs.mkdirSync("tests/artifacts", { recursive: true });
    fs.writeFileSync("tests/artifacts/js-weight.json", `${JSON.stringify(weights, null, 2)}\n`);
    process.stdout.write(`[js weight] ${JSON.stringify(weights)}\n`);
    // Budgets (gzipped): React + Remix ≈ 95 KB; the studio's tRPC client + superjson ≈ 20 KB
    // more. Clerk's provider (≈ 50 KB) must not load in local mode (app/lib/clerk-provider.ts).
    expect(weights["/discover"]!.gzip).toBeLessThan(115_000);
    expect(weights["/create"]!.gzip).toBeLessThan(135_000);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("a signed-in owner's pages", async () => {
    const context = await newContext(browser, { viewport: LAPTOP, allowConsoleErrors: [/status of 404/] });
    await world.signInContext(context, alice);
    const page = await context.newPage();
    await check(page, "/create", "create");
    await expect(page.getByTestId("quota-badge").textContent()).resolves.toMatch(/left today/);
    await check(page, "/history", "history");
    await check(page, "/settings", "settings");
    await check(page, "/settings/tokens", "settings-tokens");
    await check(page, "/no/such/page", "not-found-signed-in", 404);
    await check(page, `/g/${alicePublicId}`, "generation-owner");
    // Phones: the same pages at 390 px wide.
    const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await world.signInContext(phone, alice);
    const small = await phone.newPage();
    for (const [path, name] of [
      ["/", "landing"],
      ["/discover", "discover"],
      ["/create", "create"],
      [`/g/${alicePublicId}`, "generation"],
      ["/history", "history"],
      ["/settings", "settings"],
    ] as const) {
      await check(small, path, `phone-${name}`);
    }
    expect(phone.problems()).toEqual([]);
    await phone.close();
    await expect(page.getByTestId("toggle-public").isVisible()).resolves.toBe(true);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
