// The studio when the per-minute limits store cannot be reached (Redis configured, nothing
// listening), in Chromium against the built app: Generate is refused (fail closed, ADR
// 0006) with a message that says what is wrong, no picture or quota is spent, and browsing
// still works. With and without JavaScript. The studio used to blame the image model.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { chromiumAvailable, hydrated, launchBrowser, newContext } from "../support/browser";
import { startE2eApp, type E2eApp } from "../support/e2e-app";

const promptBox = (page: Page) => page.getByRole("textbox", { name: "Prompt", exact: true });
const generateButton = (page: Page) => page.getByRole("button", { name: "Generate", exact: true });
const LIMITS_DOWN = /Limits cannot be checked right now/;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!chromiumAvailable)("the studio with its limits store down", { timeout: 120_000 }, () => {
  let world: E2eApp;
  let browser: Browser;

  beforeAll(async () => {
    world = await startE2eApp({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, LIMITER_TIMEOUT_MS: "300" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  async function signedIn(name: string, javaScriptEnabled = true) {
    // The refused generate is a 503 the browser logs as a failed resource; nothing else may be.
    const context = await newContext(browser, { javaScriptEnabled, allowConsoleErrors: [/status of 503/] });
    const user = await world.createUser(name);
    await world.signInContext(context, user);
    return { context, user, page: await context.newPage() };
  }

  const picturesOf = (userId: string) => world.services.db.generation.count({ where: { userId } });

  it("Generate says the limits cannot be checked; nothing is made or spent, and the gallery still opens", async () => {
    const { context, user, page } = await signedIn("Store Down Sam");
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    const quotaBefore = await page
      .getByText(/left today/)
      .first()
      .innerText();
    await promptBox(page).fill("a lighthouse in a storm");
    await generateButton(page).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.allTextContents()).toEqual([expect.stringMatching(LIMITS_DOWN)]);
    expect(await alert.innerText()).not.toMatch(/image model/i);
    expect(await picturesOf(user.id)).toBe(0);
    expect(
      await page
        .getByText(/left today/)
        .first()
        .innerText(),
    ).toBe(quotaBefore);
    // Cheap reads fail open: the gallery still renders.
    await page.getByRole("banner").getByRole("link", { name: "Discover" }).click();
    await page.waitForURL(/\/discover$/);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("without JavaScript the posted form answers 503 with the same message", async () => {
    const { context, user, page } = await signedIn("Store Down Noscript", false);
    await page.goto(`${world.app.url}/create`);
    await promptBox(page).fill("a lighthouse in a storm");
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), generateButton(page).click()]);
    expect(response.status()).toBe(503);
    await expect.poll(() => page.getByText(LIMITS_DOWN).count()).toBeGreaterThan(0);
    expect(await picturesOf(user.id)).toBe(0);
    await context.close();
  });

  it("/healthz stays 200 (the database answers) and says which store is down", async () => {
    const res = await fetch(`${world.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      degraded: true,
      database: { ok: true },
      limits: { ok: false, store: "redis", error: "redis unreachable" },
      progress: { ok: false, store: "redis", error: "redis unreachable" },
    });
  });
});
