// The studio (/create) in Chromium against the built app on embedded defaults: it fits a
// laptop screen, Optimize hands focus to the editor and says what it changed in plain
// words, a per-minute refusal keeps the picture and pauses Generate, Remix carries the
// seed and shows its source, and generating works without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
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
import { generateOne } from "../support/pipeline";
import { awayFromWindowEdge } from "../support/limit-window";
import path from "node:path";

// The accessible names other tests (and people with screen readers) rely on.
const generateButton = (page: Page) => page.getByRole("button", { name: "Generate", exact: true });
const optimizeButton = (page: Page) => page.getByRole("button", { name: "Optimize", exact: true });
const promptBox = (page: Page) => page.getByRole("textbox", { name: "Prompt", exact: true });

describe.skipIf(!chromiumAvailable)("the studio in Chromium", { timeout: 180_000 }, () => {
  let world: E2eApp;
  let browser: Browser;

  beforeAll(async () => {
    // One generate a minute, so the second press meets the per-minute pause.
    world = await startE2eApp({ RATE_LIMITS: "generate:1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  async function signedInPage(
    name: string,
    options: Parameters<typeof newContext>[1] = {},
  ): Promise<{ context: BrowserContext & { problems: () => string[] }; page: Page }> {
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 }, ...options });
    await world.signInContext(context, await world.createUser(name));
    return { context, page: await context.newPage() };
  }

  it("at 1280×800 the prompt, Generate and the result area are on the first screen", async () => {
    const { context, page } = await signedInPage("Laptop Larry");
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    const box = async (locator: ReturnType<Page["locator"]>) => (await locator.boundingBox())!;
    const prompt = await box(promptBox(page));
    const generate = await box(generateButton(page));
    const result = await box(page.getByRole("region", { name: "Result" }));
    // Generate sits beside the prompt, not below the settings.
    expect(Math.abs(generate.y - prompt.y)).toBeLessThan(prompt.height);
    expect(generate.x).toBeGreaterThan(prompt.x + prompt.width);
    expect(generate.y + generate.height).toBeLessThan(400);
    // The whole result area is visible without scrolling.
    expect(result.y + result.height).toBeLessThanOrEqual(800);
    expect(result.height).toBeGreaterThan(300);
    await expect(page.getByRole("switch", { name: "Optimize automatically" }).isChecked()).resolves.toBe(true);

    // After a picture: it fits the same screen, with its actions, labelled as an offline preview.
    await promptBox(page).fill("a red fox in the snow");
    await generateButton(page).click();
    await page.getByTestId("result").waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => (document.querySelector("[data-testid=result] img") as HTMLImageElement | null)?.complete);
    const picture = await box(page.getByTestId("result").locator("img"));
    const download = await box(page.getByTestId("result").getByRole("link", { name: "Download" }));
    expect(picture.y + picture.height).toBeLessThanOrEqual(800);
    expect(download.y + download.height).toBeLessThanOrEqual(800);
    await expect(page.getByTestId("result").getByTestId("offline-preview-label").textContent()).resolves.toBe("Offline preview");
    await expect(page.getByTestId("result").getByRole("link", { name: "Download" }).getAttribute("download")).resolves.toMatch(
      /^a-red-fox-in-the-snow-[a-z0-9]+\.png$/,
    );
    // Photographed as a laptop shows it (viewport, not full page), light and dark.
    for (const scheme of ["light", "dark"] as const) {
      await setScheme(page, scheme);
      await page.screenshot({ path: path.join(screenshotDir, `studio-1280x800-${scheme}.png`) });
    }
    const audit = await auditPage(page, "studio-result", { reload: false });
    expect(audit.violations, formatViolations(audit.violations)).toEqual([]);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("Optimize moves focus into the before/after editor and says what changed in plain words", async () => {
    const { context, page } = await signedInPage("Keyboard Kim");
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    await promptBox(page).fill("a cabin at sunset");
    await optimizeButton(page).focus();
    await page.keyboard.press("Enter");
    const optimized = page.getByRole("textbox", { name: "Optimized prompt" });
    await optimized.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "optimized-prompt");
    const change = await page.getByTestId("optimized-change").textContent();
    expect(change).toMatch(/^Kept your prompt and added \d+ words of detail\.$/);
    expect(change).not.toMatch(/%/);
    // The editor is described by that sentence, so a screen reader hears it on focus.
    await expect(optimized.getAttribute("aria-describedby")).resolves.toBe("optimized-change");
    await expect(promptBox(page).inputValue()).resolves.toBe("a cabin at sunset");
    await expect(optimizeButton(page).isVisible()).resolves.toBe(true);
    const audit = await auditPage(page, "studio-optimized", { reload: false });
    expect(audit.violations, formatViolations(audit.violations)).toEqual([]);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("a per-minute refusal keeps the last picture and pauses Generate until the countdown ends", async () => {
    const { context, page } = await signedInPage("Speedy Sam", { allowConsoleErrors: [/status of 429/] });
    // The browser's clock, so the test need not wait out a real minute.
    await page.clock.install();
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    // Both Generates in one limiter window, or the second may be let through.
    await awayFromWindowEdge();
    await promptBox(page).fill("a lighthouse at dusk");
    await generateButton(page).click();
    await page.getByTestId("result").waitFor({ timeout: 60_000 });
    const first = await page.getByTestId("result").locator("img").getAttribute("src");

    await promptBox(page).fill("a lighthouse at dawn");
    await generateButton(page).click();
    const note = page.getByTestId("rate-limit-note");
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(/A little breather.*1 requests? a minute.*try again in \d+ s/);
    // The picture is still there, and Generate waits out the countdown.
    await expect(page.getByTestId("result").locator("img").getAttribute("src")).resolves.toBe(first);
    await expect(generateButton(page).isDisabled()).resolves.toBe(true);
    await expect(generateButton(page).textContent()).resolves.toMatch(/^Generate\s*· \d+ s$/);
    const audit = await auditPage(page, "studio-rate-limited", { reload: false });
    expect(audit.violations, formatViolations(audit.violations)).toEqual([]);
    await page.clock.fastForward(61_000);
    await page.waitForFunction(() => !(document.querySelector("[data-testid=generate]") as HTMLButtonElement).disabled);
    await note.waitFor({ state: "detached" });
    await expect(page.getByTestId("result").locator("img").getAttribute("src")).resolves.toBe(first);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("Remix carries the seed and shows the picture it came from", async () => {
    const author = await world.createUser("Remix Source");
    const source = await generateOne(world.caller(author), {
      prompt: "a bowl of ramen, top view",
      seed: 4242,
      style: "watercolor",
      aspectRatio: "4:3",
      isPublic: true,
    });
    const { context, page } = await signedInPage("Remixer Rae");
    await page.goto(`${world.app.url}/g/${source.id}`);
    await hydrated(page);
    await page.getByRole("link", { name: "Remix" }).click();
    await page.waitForURL(/\/create\?/);
    await hydrated(page);
    expect(new URL(page.url()).searchParams.get("seed")).toBe("4242");
    await expect(page.getByLabel("Seed").inputValue()).resolves.toBe("4242");
    await expect(promptBox(page).inputValue()).resolves.toBe("a bowl of ramen, top view");
    await expect(page.getByRole("radio", { name: "Watercolor" }).isChecked()).resolves.toBe(true);
    const banner = page.getByTestId("remix-source");
    await expect(banner.textContent()).resolves.toMatch(/Remixing.*a bowl of ramen, top view.*by Remix Source.*seed 4242/);
    await expect(banner.getByRole("link", { name: "a bowl of ramen, top view" }).getAttribute("href")).resolves.toBe(`/g/${source.id}`);
    await expect(banner.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    // The source sits above the prompt.
    const [b, p] = await Promise.all([banner.boundingBox(), promptBox(page).boundingBox()]);
    expect(b!.y + b!.height).toBeLessThanOrEqual(p!.y);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("every setting is picked through its own radio, by role or by label, as assistive tools and test scripts reach it", async () => {
    const { context, page } = await signedInPage("Picker Pat");
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    // A chip's radio must take the click itself (nothing covering it), or check() waits in vain.
    const quick = { timeout: 5000 };
    const radio = (name: string) => page.getByRole("radio", { name, exact: true });
    await radio("Watercolor").check(quick);
    await page.getByLabel("16:9").check(quick);
    await radio("High").check(quick);
    await radio("4").check(quick);
    for (const name of ["Watercolor", "16:9", "High", "4"]) expect(await radio(name).isChecked(), name).toBe(true);
    for (const name of ["None", "1:1", "Medium", "1"]) expect(await radio(name).isChecked(), name).toBe(false);
    // The chip shows which one is picked.
    const chipColour = (name: string) => radio(name).evaluate((i) => getComputedStyle(i.closest("label")!).backgroundColor);
    expect(await chipColour("Watercolor")).not.toBe(await chipColour("Anime"));
    // Clicking a chip's text (as a person does) picks it too.
    await page.getByText("Photographic", { exact: true }).click(quick);
    await page.getByRole("group", { name: "Pictures per prompt" }).getByText("2", { exact: true }).click(quick);
    expect(await radio("Photographic").isChecked()).toBe(true);
    expect(await radio("2").isChecked()).toBe(true);
    await radio("Watercolor").check(quick);
    // Arrow keys move within a group, as in any radio group.
    await radio("Watercolor").focus();
    await page.keyboard.press("ArrowRight");
    expect(await radio("3D render").isChecked()).toBe(true);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("says when a pasted prompt was cut to the 2,000-character limit", async () => {
    const { context, page } = await signedInPage("Paster Pat");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: world.app.url });
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    const long = `${"a very long pasted prompt ".repeat(90)}`.slice(0, 2150);
    await page.evaluate((text) => navigator.clipboard.writeText(text), long);
    await promptBox(page).focus();
    await page.keyboard.press("Control+V");
    await expect.poll(() => promptBox(page).inputValue()).toHaveLength(2000);
    await expect(page.getByTestId("prompt-cut").textContent()).resolves.toBe(
      "Your prompt was cut to the 2,000-character limit: the last 150 characters were left out.",
    );
    // Linked prompts (shared studio links) are cut the same way, and say so.
    await page.goto(`${world.app.url}/create?prompt=${encodeURIComponent("x".repeat(2010))}`);
    await expect(page.getByTestId("prompt-cut").textContent()).resolves.toMatch(/the last 10 characters were left out/);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("without JavaScript it says so, and Generate posts the form and opens the picture's page", async () => {
    const { context, page } = await signedInPage("Noscript Nora", { javaScriptEnabled: false });
    await page.goto(`${world.app.url}/create`);
    await expect(page.getByText(/JavaScript is off: Generate still works/).isVisible()).resolves.toBe(true);
    await expect(generateButton(page).isEnabled()).resolves.toBe(true);
    // The settings are open (their disclosure needs JavaScript), and post with the form.
    await expect(page.getByText("Watercolor", { exact: true }).isVisible()).resolves.toBe(true);
    await promptBox(page).fill("a tiny cabin in a pine forest");
    await page.getByText("Watercolor", { exact: true }).click();
    await page.getByText("16:9", { exact: true }).click();
    await generateButton(page).click();
    await page.waitForURL(/\/g\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("a tiny cabin in a pine forest");
    await expect(page.locator("dl").textContent()).resolves.toMatch(/Watercolor.*16:9/s);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
