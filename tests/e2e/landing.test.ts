// The landing page in a real Chromium: renders, is accessible in both colour schemes,
// and its calls to action lead into the app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";
import { auditPage, chromiumAvailable, formatViolations, launchBrowser, newContext } from "../support/browser";

describe.skipIf(!chromiumAvailable)("landing page in Chromium", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startAppServer({ DATABASE_URL: db.url });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  it("shows the pitch, passes axe in light and dark, and links to the studio", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const res = await page.goto(app.url);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/Write a prompt/);
    const { violations } = await auditPage(page, "landing");
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.getByRole("link", { name: "Browse the gallery" }).click();
    await page.waitForURL(/\/discover/);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
