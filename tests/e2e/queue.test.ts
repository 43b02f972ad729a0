// The 4-up journey of issue 10 in Chromium against the built app (its own workers render,
// on a loopback OpenAI-compatible provider slow enough to watch): 4 variations of one
// prompt, the tray shows each one's stage and place in line, cancel one, start another
// prompt while they render, reload mid-render (the tray is server-rendered as it stands),
// placeholders in history and on a picture's page that turn into the pictures.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  auditPage,
  chromiumAvailable,
  formatViolations,
  hydrated,
  launchBrowser,
  newContext,
  screenshotDir,
  setScheme,
} from "../support/browser";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { startOpenAiImageServer, openAiImageEnv, type OpenAiImageServer } from "../support/openai-image-server";

const promptBox = (page: Page) => page.getByRole("textbox", { name: "Prompt", exact: true });
const tray = (page: Page) => page.getByTestId("queue-tray");
const trayItems = (page: Page, status?: string) => tray(page).locator(`[data-testid=queue-item]${status ? `[data-status=${status}]` : ""}`);

describe.skipIf(!chromiumAvailable)("four variations and the queue tray in Chromium", { timeout: 240_000 }, () => {
  let world: E2eApp;
  let browser: Browser;
  let provider: OpenAiImageServer;

  beforeAll(async () => {
    provider = await startOpenAiImageServer({ delayMs: 10_000, size: 96 });
    world = await startE2eApp({ ...openAiImageEnv(provider), RATE_LIMITS: "generate:100" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
    await provider?.close();
  });

  it("generate 4 → the tray shows progress → cancel one → another prompt meanwhile → reload mid-render → all settle", async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const user = await world.createUser("Quad Quinn");
    await world.signInContext(context, user);
    const page = await context.newPage();
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    await expect(tray(page).textContent()).resolves.toMatch(/Nothing in progress/);

    await page.getByRole("group", { name: "Pictures per prompt" }).getByText("4", { exact: true }).click();
    await promptBox(page).fill("a paper lantern festival over a river");
    await page.getByRole("button", { name: "Generate", exact: true }).click();

    // Four slots in the result area; two render (the user's two lanes), two wait in line.
    await page.locator("[data-testid=slot]").nth(3).waitFor();
    await trayItems(page, "running").nth(1).waitFor({ timeout: 30_000 });
    await expect(trayItems(page, "queued").count()).resolves.toBe(2);
    await expect
      .poll(() => trayItems(page, "running").first().getByTestId("queue-status").textContent(), { timeout: 10_000 })
      .toMatch(/Rendering/);
    await expect(trayItems(page, "queued").first().getByTestId("queue-status").textContent()).resolves.toMatch(/Waiting · #\d+ in line/);
    // Generate is free again: another prompt can start while these render.
    await expect(page.getByRole("button", { name: "Generate", exact: true }).isEnabled()).resolves.toBe(true);
    // Cancel one that waits: it leaves the line at once, and its unit comes back.
    const waiting = trayItems(page, "queued").first();
    await waiting.getByRole("button", { name: /^Cancel/ }).click();
    await trayItems(page, "cancelled").first().waitFor();
    // The pictures still in the batch, whatever stage each has reached by now (on a loaded
    // machine the two rendering ones may already be done: they move to "recent" and count).
    const notCancelled = async () =>
      (await trayItems(page, "queued").count()) + (await trayItems(page, "running").count()) + (await trayItems(page, "succeeded").count());
    await expect.poll(notCancelled, { timeout: 10_000 }).toBe(3);
    expect(await world.services.db.generation.count({ where: { userId: user.id, status: "cancelled" } })).toBe(1);
    await page
      .getByTestId("quota-badge")
      .filter({ hasText: /7 of 10 left today/ })
      .waitFor({ timeout: 10_000 });
    expect(await world.caller(user).quota()).toMatchObject({ used: 3 });
    // The tray with a cancelled, a waiting and rendering pictures: looked at and audited now,
    // after the cancel (on a loaded machine the audit outlasted a render, and nothing was
    // left waiting to cancel).
    for (const scheme of ["light", "dark"] as const) {
      await setScheme(page, scheme);
      await page.screenshot({ path: path.join(screenshotDir, `studio-queue-${scheme}.png`) });
    }
    const audit = await auditPage(page, "studio-queue", { reload: false });
    expect(audit.violations, formatViolations(audit.violations)).toEqual([]);

    // Another prompt meanwhile (one picture).
    await page.getByRole("group", { name: "Pictures per prompt" }).getByText("1", { exact: true }).click();
    await promptBox(page).fill("a single red kite");
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await expect.poll(notCancelled, { timeout: 10_000 }).toBe(4);

    // Reload mid-render: the tray comes from the server as it stands.
    const html = await (await context.request.get(`${world.app.url}/create`)).text();
    expect((html.match(/data-testid="queue-item" data-status="(running|queued|succeeded)"/g) ?? []).length).toBe(4);
    expect(html).toMatch(/data-testid="queue-item" data-status="(running|queued)"/);
    await page.reload();
    await hydrated(page);
    await expect(trayItems(page, "running").count()).resolves.toBeGreaterThan(0);

    // History and a picture's page show placeholders that turn into the pictures.
    const running = await world.services.db.generation.findFirstOrThrow({
      where: { userId: user.id, status: { in: ["running", "queued"] } },
      orderBy: { createdAt: "desc" },
    });
    const history = await context.newPage();
    await history.goto(`${world.app.url}/history`);
    await hydrated(history);
    await expect(history.getByTestId("pending-picture").count()).resolves.toBeGreaterThan(0);
    const detail = await context.newPage();
    await detail.goto(`${world.app.url}/g/${running.id}`);
    await hydrated(detail);
    await detail.getByTestId("pending-picture").waitFor();
    await detail.getByTestId("generation-image").waitFor({ timeout: 60_000 });
    await history.waitForFunction(() => document.querySelectorAll("[data-testid=pending-picture]").length === 0, undefined, {
      timeout: 60_000,
    });
    await expect(history.locator("img").count()).resolves.toBeGreaterThanOrEqual(4);

    // Everything settles: four done, one cancelled, nothing in progress.
    await expect.poll(() => trayItems(page, "succeeded").count(), { timeout: 60_000 }).toBe(4);
    await expect(trayItems(page, "cancelled").count()).resolves.toBe(1);
    await expect(tray(page).textContent()).resolves.toMatch(/Nothing in progress/);
    // Retry the cancelled one from the tray: it is queued again and renders.
    await trayItems(page, "cancelled")
      .first()
      .getByRole("button", { name: /^Retry/ })
      .click();
    await expect.poll(() => trayItems(page, "succeeded").count(), { timeout: 60_000 }).toBe(5);
    expect(await world.caller(user).quota()).toMatchObject({ used: 5 });
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
