// The rough edges of first use, in Chromium against the built app: the detail page of a
// long prompt, the end of a feed, gallery columns without JavaScript, the visibility
// action and delete's Cancel, the header on an unknown URL, download names, the account
// menu, settings and tokens, Clerk kept out of local mode, display-name length, initials.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { auditPage, chromiumAvailable, formatViolations, hydrated, launchBrowser, newContext } from "../support/browser";
import { generateOne } from "../support/pipeline";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import type { SessionUser } from "../../server/users/session-user";

const LONG_PROMPT =
  `a lighthouse on a cliff at dusk with waves crashing below, ${"seabirds wheeling over the foam, a storm gathering far out at sea, ".repeat(40)}`.slice(
    0,
    2000,
  );
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(!chromiumAvailable)("first-use polish in Chromium", { timeout: 240_000 }, () => {
  let world: E2eApp;
  let browser: Browser;
  let alice: SessionUser;
  let longId: string;
  let publicIds: string[];

  beforeAll(async () => {
    world = await startE2eApp();
    browser = await launchBrowser();
    alice = await world.createUser("Mary Lou");
    const long = await generateOne(world.caller(alice), {
      prompt: LONG_PROMPT,
      aspectRatio: "4:3",
      detailLevel: "medium",
      style: "watercolor",
      isPublic: true,
    });
    longId = long.id;
    publicIds = [longId];
    for (const prompt of ["a red fox in the snow", "a bowl of ramen, top view", "a neon city at night"]) {
      publicIds.push((await generateOne(world.caller(alice), { prompt, aspectRatio: "1:1", detailLevel: "low", isPublic: true })).id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  async function aliceOn(path: string, options: Parameters<typeof newContext>[1] = {}) {
    const context = await newContext(browser, { viewport: LAPTOP, ...options });
    await world.signInContext(context, alice);
    const page = await context.newPage();
    const res = await page.goto(`${world.app.url}${path}`);
    if (options.javaScriptEnabled !== false) await hydrated(page);
    return { context, page, res };
  }

  const audit = async (page: Page, name: string, reload = true) => {
    const { violations } = await auditPage(page, name, { reload });
    expect(violations, formatViolations(violations)).toEqual([]);
  };

  it("a long prompt's page: a short heading, the full prompt folded, the actions on the first screen", async () => {
    const { context, page } = await aliceOn(`/g/${longId}`);
    const h1 = page.getByRole("heading", { level: 1 });
    const title = await h1.textContent();
    expect(title!.length).toBeLessThanOrEqual(91);
    expect(title).toMatch(/^a lighthouse on a cliff at dusk with waves crashing below,.*…$/);
    expect((await h1.boundingBox())!.height).toBeLessThan(100);
    const download = page.getByRole("link", { name: "Download" });
    const box = (await download.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(LAPTOP.height);
    await expect(download.getAttribute("download")).resolves.toBe(`a-lighthouse-on-a-cliff-at-dusk-with-waves-${longId}.png`);
    // The whole prompt is one click away.
    const full = page.getByTestId("full-prompt");
    await expect(full.locator("p").isVisible()).resolves.toBe(false);
    await full.getByText("Full prompt").click();
    await expect(full.locator("p").textContent()).resolves.toBe(LONG_PROMPT);
    await audit(page, "polish-long-prompt-open", false);
    // Details read in Title Case; the author's initials match the header's.
    await expect(page.locator("dl").textContent()).resolves.toMatch(/Watercolor.*Detail\s*Medium/s);
    await expect(page.getByRole("banner").getByTestId("current-user").textContent()).resolves.toMatch(/^ML/);
    await expect(page.locator("aside").locator("span[aria-hidden]").first().textContent()).resolves.toBe("ML");
    // The picture says it is an offline preview, on the picture itself.
    await expect(page.getByTestId("offline-preview-label").first().isVisible()).resolves.toBe(true);
    await audit(page, "polish-long-prompt");
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("the visibility button names its action, on history and detail alike; delete has Cancel", async () => {
    const { context, page } = await aliceOn("/history");
    const card = page.locator("li", { has: page.locator(`a[href="/g/${publicIds[1]}"]`) });
    const toggle = card.getByTestId("toggle-public");
    await expect(toggle.innerText()).resolves.toMatch(/^Public\s*·\s*Make private$/);
    // The action is visible text, not a screen-reader-only aside.
    await expect(toggle.getByText("Make private").evaluate((el) => el.getBoundingClientRect().width)).resolves.toBeGreaterThan(30);
    await card.getByText("Delete", { exact: true }).click();
    const confirm = card.getByRole("group", { name: "Confirm delete" });
    await confirm.waitFor();
    await audit(page, "polish-delete-confirm", false);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "hidden" });
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe("SUMMARY");
    expect(await world.services.db.generation.count({ where: { id: publicIds[1] } })).toBe(1);

    await page.goto(`${world.app.url}/g/${publicIds[1]}`);
    await hydrated(page);
    await expect(page.getByTestId("toggle-public").innerText()).resolves.toMatch(/^Public\s*·\s*Make private$/);
    const share = page.getByRole("main").getByRole("link", { name: /^Share on X/ });
    expect(await share.count()).toBe(1);
    expect(await page.getByTestId("private-link-note").count()).toBe(0);

    // Private: no Share (others could not open the link), and a note that says why.
    await page.getByTestId("toggle-public").click();
    await expect.poll(() => page.getByTestId("toggle-public").innerText()).toMatch(/^Private\s*·\s*Make public$/);
    await expect.poll(() => share.count()).toBe(0);
    await expect(page.getByTestId("private-link-note").innerText()).resolves.toMatch(/Only you can open this link/);
    await page.getByTestId("toggle-public").click();
    await expect.poll(() => share.count()).toBe(1);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("the end of a feed says that's everything", async () => {
    const { context, page } = await aliceOn("/discover");
    await expect(page.getByTestId("feed-end").textContent()).resolves.toMatch(/^That's everything/);
    await expect(page.getByText("You've reached the beginning.").count()).resolves.toBe(0);
    await context.close();
  });

  it("the gallery has the same columns on a phone with and without JavaScript", async () => {
    const columns = async (javaScriptEnabled: boolean) => {
      const context = await newContext(browser, { ...PHONE, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${world.app.url}/discover`);
      if (javaScriptEnabled) await page.locator("[data-layout=masonry]").waitFor();
      const lefts = await page
        .locator("main li:has(a[href^='/g/'])")
        .evaluateAll((lis) => [...new Set(lis.map((li) => Math.round(li.getBoundingClientRect().left)))]);
      const widths = await page
        .locator("main li:has(a[href^='/g/'])")
        .evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().width)));
      await context.close();
      return { count: lefts.length, width: Math.min(...widths) };
    };
    const [withJs, withoutJs] = [await columns(true), await columns(false)];
    expect(withoutJs.count).toBe(2);
    expect(withJs.count).toBe(2);
    expect(withoutJs.width).toBeGreaterThan(150);
  });

  it("an unknown URL answers 404 with the signed-in header", async () => {
    const { context, page, res } = await aliceOn("/nope");
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("banner").getByTestId("current-user").textContent()).resolves.toContain("Mary Lou");
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" }).count()).resolves.toBe(0);
    await audit(page, "polish-not-found-signed-in");
    expect((await page.request.post(`${world.app.url}/nope`)).status()).toBe(404);
    await context.close();
  });

  it("the account menu leads to settings (with the user id) and API tokens; tokens copy, clear the name and confirm revoking", async () => {
    const { context, page } = await aliceOn("/create", { allowConsoleErrors: [] });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: world.app.url });
    await page.getByRole("banner").getByTestId("account-menu-button").click();
    const menu = page.getByTestId("account-menu");
    await expect(menu.getByRole("button", { name: "Sign out" }).isVisible()).resolves.toBe(true);
    await audit(page, "polish-account-menu", false);
    await menu.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    await expect(page.getByTestId("user-id").textContent()).resolves.toBe(alice.id);
    await expect(menu.isVisible()).resolves.toBe(false);
    await audit(page, "settings");

    await page.getByRole("link", { name: /API tokens/ }).click();
    await page.waitForURL(/\/settings\/tokens$/);
    await hydrated(page);
    await page.getByLabel("Token name").fill("batch script");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").textContent();
    expect(token).toMatch(/^sk_studio_/);
    await expect(page.getByLabel("Token name").inputValue()).resolves.toBe("");
    await page.getByRole("button", { name: "Copy token" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(token);
    await audit(page, "settings-tokens-created", false);

    const row = page.locator("tr", { hasText: "batch script" });
    await row.getByText("Revoke", { exact: true }).click();
    const confirm = row.getByRole("group", { name: "Confirm revoking batch script" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "hidden" });
    expect(await world.services.db.apiToken.count({ where: { userId: alice.id, revokedAt: null } })).toBe(1);
    await row.getByText("Revoke", { exact: true }).click();
    await confirm.getByRole("button", { name: "Yes, revoke" }).click();
    await row.getByText("revoked").waitFor();
    expect(await world.services.db.apiToken.count({ where: { userId: alice.id, revokedAt: null } })).toBe(0);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("the account menu works without JavaScript too", async () => {
    const { context, page } = await aliceOn("/discover", { javaScriptEnabled: false });
    await page.getByRole("banner").getByTestId("account-menu-button").click();
    await page.getByTestId("account-menu").getByRole("link", { name: "API tokens" }).click();
    await page.waitForURL(/\/settings\/tokens$/);
    await page.getByRole("banner").getByTestId("account-menu-button").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
    await context.close();
  });

  it("local accounts load no Clerk code: nothing from Clerk in the console on any page", async () => {
    const context = await newContext(browser, { viewport: LAPTOP });
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`));
    const scripts: string[] = [];
    page.on("response", (r) => r.request().resourceType() === "script" && scripts.push(r.url()));
    for (const path of ["/", "/discover", "/create", "/sign-in"]) {
      await page.goto(`${world.app.url}${path}`);
      await hydrated(page);
    }
    // Client-side navigation into /sign-in too (its route module loads then).
    await page.goto(`${world.app.url}/discover`);
    await hydrated(page);
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Display name").waitFor();
    expect(messages.filter((m) => /clerk/i.test(m))).toEqual([]);
    // @clerk/remix's own module (it prints the deprecation notice when it loads) is never fetched.
    const bodies = await Promise.all(scripts.map((u) => page.request.get(u).then((r) => r.text())));
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter((b) => b.includes("DEPRECATION WARNING: @clerk/remix") || b.includes("@clerk/clerk-react")).length).toBe(0);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("caps display names at 60 characters", async () => {
    const context = await newContext(browser, { viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${world.app.url}/sign-in`);
    await expect(page.getByLabel("Display name").getAttribute("maxlength")).resolves.toBe("60");
    const tooLong = await page.request.post(`${world.app.url}/sign-in`, {
      form: { name: "n".repeat(61), redirectTo: "/create" },
      maxRedirects: 0,
    });
    expect(tooLong.status()).toBe(400);
    expect(await tooLong.text()).toContain("at most 60 characters");
    const fits = await page.request.post(`${world.app.url}/sign-in`, {
      form: { name: "m".repeat(60), redirectTo: "/create" },
      maxRedirects: 0,
    });
    expect(fits.status()).toBe(302);
    await context.close();
  });

  it("a history card on a phone: its tick box, Private badge and offline-preview label do not cover each other", async () => {
    const owner = await world.createUser("Corner Case");
    for (const prompt of ["a quiet harbour", "a tall pine at dawn"]) {
      await generateOne(world.caller(owner), { prompt, aspectRatio: "1:1", detailLevel: "low", isPublic: false });
    }
    const context = await newContext(browser, PHONE);
    await world.signInContext(context, owner);
    const page = await context.newPage();
    await page.goto(`${world.app.url}/history`);
    await hydrated(page);
    // A card: the tick box's parent (the card's link and the tick box beside it).
    const cards = page.locator('label:has(input[name="id"])').locator("xpath=..");
    await expect.poll(() => cards.count()).toBe(2);
    for (const card of await cards.all()) {
      const boxes = await Promise.all(
        [card.locator("label:has(input[name=id])"), card.getByTestId("private-badge"), card.getByTestId("offline-preview-label")].map(
          async (l) => (await l.boundingBox())!,
        ),
      );
      expect(boxes.every(Boolean)).toBe(true);
      const overlap = (a: (typeof boxes)[0], b: (typeof boxes)[0]) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!), `corner labels ${i} and ${j} overlap`).toBe(false);
    }
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("settings, tokens, history and the studio pass axe at 390×844, light and dark", async () => {
    const context = await newContext(browser, { ...PHONE, allowConsoleErrors: [/status of 404/] });
    await world.signInContext(context, alice);
    const page = await context.newPage();
    for (const [path, name] of [
      ["/settings", "phone-settings"],
      ["/settings/tokens", "phone-settings-tokens"],
      ["/history", "phone-history"],
      [`/g/${longId}`, "phone-long-prompt"],
      ["/nope", "phone-not-found"],
    ] as const) {
      await page.goto(`${world.app.url}${path}`);
      await hydrated(page);
      await audit(page, name);
    }
    await page.goto(`${world.app.url}/discover`);
    await hydrated(page);
    await page.getByRole("banner").getByTestId("account-menu-button").click();
    await audit(page, "phone-account-menu", false);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
