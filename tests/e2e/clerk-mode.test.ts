// Clerk mode in Chromium against the built app: a signed-in page hydrates inside Clerk's
// provider (loaded before hydration, app/lib/clerk-provider.ts) and the app then runs as a
// client app. Clerk's own browser script (clerk-js, from the instance's frontend API) cannot
// be reached from here: those requests are refused in the browser, as a blocked CDN would
// be, and the page must still work. Until this test, the provider's components were read
// off the wrong export in the browser and every Clerk-mode page failed to hydrate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { chromiumAvailable, hydrated, launchBrowser, newContext } from "../support/browser";
import { startAppServer, type AppServer } from "../support/app-server";
import {
  CLERK_FRONTEND_HOST,
  clerkModeEnv,
  clerkSessionCookies,
  createClerkKey,
  mintSessionToken,
  type ClerkTestKey,
} from "../support/clerk-keys";
import { createTestServices, type TestServices } from "../support/test-db";

const ADA = { id: "user_clerk_e2e_ada", name: "Ada Clerk" };

describe.skipIf(!chromiumAvailable)("Clerk mode in Chromium", { timeout: 120_000 }, () => {
  let key: ClerkTestKey;
  let services: TestServices;
  let app: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    key = createClerkKey();
    const clerkEnv = clerkModeEnv(key);
    services = await createTestServices(clerkEnv);
    await services.db.user.create({ data: ADA });
    app = await startAppServer({ DATABASE_URL: services.databaseUrl, ...clerkEnv });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await services?.dispose();
  });

  /** A context whose requests to Clerk's frontend API fail (and are listed), optionally signed in as Ada. */
  async function clerkContext(signedIn: boolean): Promise<{ context: BrowserContext & { problems: () => string[] }; refused: string[] }> {
    // The refused clerk-js loads are the only console errors allowed, and `refused` shows they were Clerk's.
    const context = await newContext(browser, { allowConsoleErrors: [/^Failed to load resource: net::ERR_FAILED$/] });
    const refused: string[] = [];
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      refused.push(new URL(route.request().url()).host);
      return route.abort();
    });
    if (signedIn) {
      const token = await mintSessionToken(key, { sub: ADA.id, exp: Math.floor(Date.now() / 1000) + 600 });
      await context.addCookies(
        clerkSessionCookies(token)
          .split("; ")
          .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: app.url })),
      );
    }
    return { context, refused };
  }

  it("a signed-in page hydrates inside Clerk's provider, then navigates as a client app", async () => {
    const { context, refused } = await clerkContext(true);
    const page = await context.newPage();
    await page.goto(`${app.url}/discover`);
    await hydrated(page);
    const banner = page.getByRole("banner");
    await expect.poll(() => banner.innerText()).toContain(ADA.name);
    // A client-side navigation keeps this document (a full load would lose the marker).
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same document"));
    await banner.getByRole("link", { name: "History" }).click();
    await page.waitForURL(/\/history$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toMatch(/history/i);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same document");
    expect(context.problems()).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set([CLERK_FRONTEND_HOST]));
    await context.close();
  });

  it("signed in with Clerk, the studio's first Generate makes a picture", async () => {
    const { context } = await clerkContext(true);
    const page = await context.newPage();
    await page.goto(`${app.url}/create`);
    await hydrated(page);
    await page.getByRole("textbox", { name: "Prompt", exact: true }).fill("a lighthouse at dusk, drawn with Clerk signed in");
    await page.getByRole("button", { name: /^Generate/ }).click();
    const result = page.getByTestId("result");
    const alert = page.getByRole("alert");
    await result.or(alert).first().waitFor({ timeout: 60_000 });
    expect(await alert.allTextContents()).toEqual([]);
    expect(await result.locator("img").evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);
    const rows = await services.db.generation.findMany({ where: { userId: ADA.id }, select: { status: true } });
    expect(rows).toEqual([{ status: "succeeded" }]);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("signed out, /sign-in hydrates with Clerk's sign-in mount point", async () => {
    const { context } = await clerkContext(false);
    const page = await context.newPage();
    await page.goto(`${app.url}/sign-in`);
    await hydrated(page);
    await expect.poll(() => page.getByTestId("clerk-sign-in").count()).toBe(1);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
