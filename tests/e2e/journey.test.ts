// The whole journey of issue 5 in a real Chromium against the built app on embedded
// defaults (local models, disk storage, in-process limits, local accounts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { auditPage, chromiumAvailable, formatViolations, launchBrowser, newContext, hydrated } from "../support/browser";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { generateOne } from "../support/pipeline";

const PROMPT = "a lighthouse on a cliff at dusk";

describe.skipIf(!chromiumAvailable)("the studio journey in Chromium", { timeout: 240_000 }, () => {
  let world: E2eApp;
  let browser: Browser;
  let bobPrivateId: string;

  beforeAll(async () => {
    // A low per-minute optimize limit, so the test can meet the gentler rate-limit note.
    world = await startE2eApp({ RATE_LIMITS: "optimize:3" });
    browser = await launchBrowser();
    // Someone else's pictures: one private, and enough public ones for two gallery pages.
    const bob = await world.createUser("Bob");
    bobPrivateId = (await generateOne(world.caller(bob), { prompt: "bob's private sketch", aspectRatio: "1:1", detailLevel: "low" })).id;
    const pub = await generateOne(world.caller(bob), {
      prompt: "a field of sunflowers",
      aspectRatio: "3:4",
      detailLevel: "low",
      isPublic: true,
    });
    const row = await world.services.db.generation.findUniqueOrThrow({ where: { id: pub.id } });
    const { id: _id, createdAt: _c, updatedAt: _u, errorDetails: _e, ...rest } = row;
    await world.services.db.generation.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        ...rest,
        originalPrompt: `sunflowers no. ${i + 1}`,
        createdAt: new Date(Date.now() - (i + 1) * 60_000),
      })),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  async function stagesSeenDuring(page: Page, action: () => Promise<void>): Promise<string[]> {
    await page.evaluate(() => {
      const w = window as unknown as { __stages: string[] };
      w.__stages = [];
      new MutationObserver(() => {
        const s = document.querySelector("[data-testid=progress]")?.getAttribute("data-stage");
        if (s && w.__stages.at(-1) !== s) w.__stages.push(s);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-stage"] });
    });
    await action();
    return page.evaluate(() => (window as unknown as { __stages: string[] }).__stages);
  }

  it("sign in → optimize → generate with live progress → page → public → discover → remix → history → quota popup → 404", async () => {
    const context = await newContext(browser, { allowConsoleErrors: [/status of (404|429)/] });
    const page = await context.newPage();
    const url = (p: string) => `${world.app.url}${p}`;

    // Sign in (local accounts) from the header.
    await page.goto(url("/"));
    await hydrated(page);
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Display name").fill("Journey Tester");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    await hydrated(page);
    await page.getByTestId("current-user").filter({ hasText: "Journey Tester" }).waitFor();
    // The account menu (avatar) holds settings, tokens and sign-out.
    await page.getByRole("banner").getByTestId("account-menu-button").click();
    await expect(page.getByRole("button", { name: "Sign out" }).isVisible()).resolves.toBe(true);
    await page.keyboard.press("Escape");

    // The studio: quota badge, optimize with an editable before/after.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Create" }).click();
    await page.waitForURL(/\/create$/);
    await hydrated(page);
    await page
      .getByTestId("quota-badge")
      .filter({ hasText: /10 of 10 left today/ })
      .waitFor();
    await page.getByLabel("Prompt", { exact: true }).fill(PROMPT);
    await page.getByRole("button", { name: "Optimize", exact: true }).click();
    const after = page.getByRole("textbox", { name: "Optimized prompt" });
    await after.waitFor();
    expect(await page.getByRole("textbox", { name: "Prompt", exact: true }).inputValue()).toBe(PROMPT);
    const optimized = await after.inputValue();
    expect(optimized.startsWith(PROMPT)).toBe(true);
    expect(optimized.length).toBeGreaterThan(PROMPT.length);
    await after.fill(`${optimized}, golden hour`);

    await page.getByText("Watercolor", { exact: true }).click();
    await page.getByText("16:9", { exact: true }).click();
    await page.getByText("High", { exact: true }).click();
    await page.getByLabel(/^Seed/).fill("42");
    expect(await page.locator("#model").inputValue()).toBe("local-procedural");

    // Generate with Ctrl+Enter; watch the stages go by.
    await after.focus();
    const seen = await stagesSeenDuring(page, async () => {
      await page.keyboard.press("Control+Enter");
      await page.getByTestId("result").waitFor({ timeout: 60_000 });
    });
    expect(seen[0]).toBe("queued");
    expect(seen).toEqual(expect.arrayContaining(["queued", "rendering"]));
    const resultImg = page.getByTestId("result").locator("img");
    await expect(resultImg.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).resolves.toBe(1280);
    await page
      .getByTestId("quota-badge")
      .filter({ hasText: /9 of 10 left today/ })
      .waitFor();
    await expect(page.getByTestId("result").getByRole("link", { name: "Download" }).getAttribute("href")).resolves.toMatch(/^\/images\//);
    await expect(page.getByTestId("result").getByRole("button", { name: "Copy link" }).isVisible()).resolves.toBe(true);
    const studio = await auditPage(page, "create-result", { reload: false });
    expect(studio.violations, formatViolations(studio.violations)).toEqual([]);

    // Its page: prompts and settings, private by default; make it public.
    await page.getByRole("link", { name: "Open its page" }).click();
    await page.waitForURL(/\/g\/[^/]+$/);
    await hydrated(page);
    const pictureUrl = page.url();
    const id = pictureUrl.split("/g/")[1]!;
    await page.getByRole("heading", { level: 1, name: PROMPT }).waitFor();
    await expect(
      page
        .getByText(/golden hour/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expect(page.locator("dl").textContent()).resolves.toMatch(/Watercolor.*16:9.*1280 × 720.*High.*42/s);
    await expect(page.locator('meta[property="og:image"]').getAttribute("content")).resolves.toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/images\/.+\.png$/,
    );
    await expect(page.locator('meta[name="twitter:card"]').getAttribute("content")).resolves.toBe("summary_large_image");
    await expect(page.getByTestId("toggle-public").textContent()).resolves.toMatch(/^Private/);
    await page.getByTestId("toggle-public").click();
    await page
      .getByTestId("toggle-public")
      .filter({ hasText: /^Public/ })
      .waitFor();
    const { violations } = await auditPage(page, "journey-generation");
    expect(violations, formatViolations(violations)).toEqual([]);

    // Discover shows it, newest first.
    await page.goto(url("/discover"));
    await hydrated(page);
    await expect(page.locator(`main a[href="/g/${id}"]`).count()).resolves.toBe(1);

    // Remix: the studio opens prefilled.
    await page.goto(pictureUrl);
    await hydrated(page);
    await page.getByRole("link", { name: "Remix" }).click();
    await page.waitForURL(/\/create\?/);
    await hydrated(page);
    await expect.poll(() => page.getByLabel("Prompt", { exact: true }).inputValue()).toBe(PROMPT);
    await expect(page.getByRole("radio", { name: "Watercolor" }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole("radio", { name: "16:9" }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole("radio", { name: "High" }).isChecked()).resolves.toBe(true);

    // History: back to private, then delete with confirmation.
    await page.goto(url("/history"));
    await hydrated(page);
    const card = page.locator("li", { has: page.locator(`a[href="/g/${id}"]`) });
    await expect(card.getByTestId("toggle-public").textContent()).resolves.toMatch(/^Public/);
    await card.getByTestId("toggle-public").click();
    await card
      .getByTestId("toggle-public")
      .filter({ hasText: /^Private/ })
      .waitFor();
    await card.getByText("Delete", { exact: true }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await page.locator(`a[href="/g/${id}"]`).waitFor({ state: "detached" });
    expect((await page.goto(pictureUrl))?.status()).toBe(404);
    // Gone from every page; a prompt-less tombstone keeps its quota unit until the window ends.
    expect(await world.services.db.generation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "deleted",
      originalPrompt: "",
      storageKey: null,
    });

    // Daily quota: with the limit lowered to 1, the next picture opens the popup.
    const me = await world.services.db.user.findFirstOrThrow({ where: { name: "Journey Tester" } });
    await world.services.db.user.update({ where: { id: me.id }, data: { dailyGenLimit: 1 } });
    await page.goto(url("/create"));
    await hydrated(page);
    await page
      .getByTestId("quota-badge")
      .filter({ hasText: /0 of 1 left today/ })
      .waitFor();
    await page.getByLabel("Prompt", { exact: true }).fill("one more, please");
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "That's all for today" });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/all 1 of your pictures/);
    await expect(page.getByTestId("daily-limit-reset").textContent()).resolves.toMatch(/^tomorrow at \d{1,2}:\d{2}.*\(in \d+ h \d+ min\)$/);
    const popup = await auditPage(page, "create-daily-limit", { reload: false });
    expect(popup.violations, formatViolations(popup.violations)).toEqual([]);
    await dialog.getByRole("button", { name: "Got it" }).click();
    await dialog.waitFor({ state: "hidden" });

    // The per-minute limit is a gentler, inline note (optimize allows 3 a minute here).
    await page.getByRole("button", { name: "Optimize", exact: true }).click();
    await page.getByTestId("optimize-compare").waitFor();
    for (let i = 0; i < 3 && !(await page.getByTestId("rate-limit-note").isVisible()); i++) {
      await page.getByRole("button", { name: "Optimize", exact: true }).click();
      await page.waitForFunction(() => !document.querySelector("button[disabled] .animate-spin"));
    }
    const note = page.getByTestId("rate-limit-note");
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(/A little breather.*3 requests a minute.*try again in \d+ s/);
    await expect(page.getByRole("dialog").count()).resolves.toBe(0);
    const rate = await auditPage(page, "create-rate-limit", { reload: false });
    expect(rate.violations, formatViolations(rate.violations)).toEqual([]);

    // Someone else's private picture is simply not there.
    const res = await page.goto(url(`/g/${bobPrivateId}`));
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found").isVisible()).resolves.toBe(true);
    await expect(page.getByText("bob's private sketch").count()).resolves.toBe(0);

    // Sign out from the header's account menu.
    await page.getByRole("banner").getByTestId("account-menu-button").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();

    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("the gallery pages through plain links without JavaScript", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${world.app.url}/discover`);
    const firstPage = await page.locator("main a[href^='/g/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(firstPage.length).toBe(24);
    await page.getByRole("link", { name: "Older pictures" }).click();
    await page.waitForURL(/\/discover\?cursor=/);
    const secondPage = await page.locator("main a[href^='/g/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((h) => firstPage.includes(h))).toEqual([]);
    const publicCount = await world.services.db.generation.count({ where: { isPublic: true, status: "succeeded" } });
    expect(secondPage.length).toBe(Math.min(24, publicCount - 24));
    // Thumbnails load lazily from srcset inside fixed-ratio boxes, even without JavaScript.
    const img = page.locator("main img").first();
    await expect(img.getAttribute("loading")).resolves.toBe("lazy");
    await expect(img.getAttribute("srcset")).resolves.toMatch(/\.thumb\.webp \d+w, .+\.png \d+w$/);
    await expect(img.getAttribute("sizes")).resolves.toBeTruthy();
    await page.getByRole("link", { name: "Back to newest" }).click();
    await page.waitForURL(/\/discover$/);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
