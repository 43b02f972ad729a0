// Issue 11's journey in a real Chromium against the built app: search → filter → sort →
// like → save to a collection → follow the remix lineage → remix from the studio (the new
// picture records its parent) → bulk-select 3 in history with Shift+click → make public →
// download them as a ZIP (entries checked byte for byte) → delete, confirmed with the
// count. And the bulk bar without JavaScript. Screenshots of /history in selection mode
// and of /discover with a search and a sort go to tests/artifacts/screenshots/.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { auditPage, chromiumAvailable, formatViolations, hydrated, launchBrowser, newContext, screenshotDir } from "../support/browser";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { generateOne } from "../support/pipeline";
import { readZip } from "../support/zip";
import type { SessionUser } from "../../server/users/session-user";

describe.skipIf(!chromiumAvailable)("the library journey in Chromium", { timeout: 300_000 }, () => {
  let world: E2eApp;
  let browser: Browser;
  let bob: SessionUser;
  let mia: SessionUser;
  let noJsUser: SessionUser;
  const pic: Record<string, string> = {};

  beforeAll(async () => {
    world = await startE2eApp({ RATE_LIMITS: "mutation:1000,like:1000,read:100000,download:100,generate:100" });
    browser = await launchBrowser();
    bob = await world.createUser("Bobby");
    mia = await world.createUser("Mia");
    noJsUser = await world.createUser("Noor");
    await world.services.db.user.updateMany({ data: { dailyGenLimit: 100 } });
    const asBob = world.caller(bob);
    const make = async (key: string, prompt: string, style: "watercolor" | "anime" | "photographic", extra: { parentId?: string } = {}) => {
      pic[key] = (
        await generateOne(asBob, { prompt, style, aspectRatio: "1:1", detailLevel: "low", isPublic: true, skipOptimize: true, ...extra })
      ).id;
    };
    await make("parent", "a red dragon flying over the mountains", "watercolor");
    await make("child", "a red dragon flying over the sea", "anime", { parentId: pic.parent });
    await make("origami", "an origami dragon on a wooden desk", "photographic");
    await make("harbour", "a quiet harbour at dawn", "watercolor");
    // Mia's own pictures, private, for her history.
    const asMia = world.caller(mia);
    for (const [i, prompt] of [
      "a lantern in the fog",
      "a fox asleep in the snow",
      "a teapot on a windowsill",
      "a kite over the dunes",
    ].entries()) {
      pic[`mia${i}`] = (
        await generateOne(asMia, { prompt, aspectRatio: i % 2 ? "3:4" : "4:3", detailLevel: "low", skipOptimize: true, seed: 100 + i })
      ).id;
    }
    const asNoor = world.caller(noJsUser);
    for (const prompt of ["a paper boat", "a snail on a leaf", "a bicycle by a wall"]) {
      await generateOne(asNoor, { prompt, aspectRatio: "1:1", detailLevel: "low", skipOptimize: true });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  const url = (p: string) => `${world.app.url}${p}`;
  /** A viewport screenshot of a state a reload would lose (an open menu), for people to look at. */
  const shot = async (page: Page, name: string) => {
    await fs.mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  };
  const cardOf = (page: Page, id: string) => page.locator("li", { has: page.locator(`a[href="/g/${id}"]`) });
  const shownIds = (page: Page) =>
    page.locator("main li a[href^='/g/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!.slice(3)));

  it("search → filter → sort → like → save → lineage → remix → bulk public → ZIP → delete", async () => {
    const context = await newContext(browser);
    await world.signInContext(context, mia);
    const page = await context.newPage();

    // Search: a word, stemmed ("dragons" finds "dragon"), from the search box.
    await page.goto(url("/discover"));
    await hydrated(page);
    await page.getByRole("searchbox", { name: "Search prompts" }).fill("dragons");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/\/discover\?q=dragons$/);
    await hydrated(page);
    expect((await shownIds(page)).sort()).toEqual([pic.parent, pic.child, pic.origami].sort());

    // Filter: watercolor only (a chip says so); then sort by top.
    await page.getByRole("combobox", { name: "Style" }).selectOption("watercolor");
    await page.getByRole("combobox", { name: "Sort" }).selectOption("top");
    await page.getByRole("combobox", { name: "Top of" }).selectOption("all");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/style=watercolor/);
    await hydrated(page);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("top");
    expect(await shownIds(page)).toEqual([pic.parent]);
    await page.getByRole("link", { name: "Remove filter Style: watercolor" }).waitFor();

    // Like it: the button turns pressed and counts 1, in the database too.
    const card = cardOf(page, pic.parent!);
    await card.getByRole("button", { name: /Like, 0 likes/ }).click();
    await card.getByRole("button", { name: /Like, 1 like$/, pressed: true }).waitFor();
    await expect.poll(async () => (await world.services.db.generation.findUniqueOrThrow({ where: { id: pic.parent } })).likeCount).toBe(1);

    // The author's name links to their profile.
    await expect(card.getByRole("link", { name: "Bobby", exact: true }).getAttribute("href")).resolves.toBe(`/u/${bob.id}`);

    // Save to a new collection from the card's menu.
    await card.getByTestId("save-menu").click();
    await card.getByLabel("New collection's name").fill("Dragons");
    await shot(page, "library-discover-save-menu");
    await card.getByRole("button", { name: "Save", exact: true }).click();
    await card.getByTestId("save-menu").filter({ hasText: "Saved" }).waitFor();
    const dragons = await world.services.db.collection.findFirstOrThrow({
      where: { userId: mia.id, name: "Dragons" },
      include: { items: true },
    });
    expect(dragons.items.map((i) => i.generationId)).toEqual([pic.parent]);

    // /discover with a search and a sort, photographed.
    await page.goto(url("/discover?q=dragon&sort=top&window=all"));
    await hydrated(page);
    const discoverShot = await auditPage(page, "library-discover-search-top");
    expect(discoverShot.violations, formatViolations(discoverShot.violations)).toEqual([]);

    // A card's plain link is followed client-side once the app runs (app/lib/client-nav.ts):
    // the picture page opens without a document load (the window keeps its marker).
    await page.evaluate(() => ((window as unknown as { journeyMarker: number }).journeyMarker = 1));
    await page.locator(`main li a[href="/g/${pic.parent}"]`).first().click();
    await page.waitForURL(new RegExp(`/g/${pic.parent}$`));
    await page.getByRole("link", { name: /Remix/ }).first().waitFor();
    await expect(page.evaluate(() => (window as unknown as { journeyMarker?: number }).journeyMarker)).resolves.toBe(1);

    // Remix lineage: the parent lists its remix; the remix names its parent.
    await page.goto(url(`/g/${pic.parent}`));
    await hydrated(page);
    await page.getByText("Remixes (1)").waitFor();
    await page.locator(`a[href="/g/${pic.child}"]`).click();
    await page.waitForURL(new RegExp(`/g/${pic.child}$`));
    await page.getByText("Remixed from").waitFor();
    await page.getByRole("link", { name: "a red dragon flying over the mountains" }).click();
    await page.waitForURL(new RegExp(`/g/${pic.parent}$`));
    await hydrated(page);

    // Remix it from the studio: the note names the source, and the new picture records it.
    await page.getByRole("link", { name: "Remix" }).click();
    await page.waitForURL(/\/create\?.*from=/);
    await hydrated(page);
    await page.getByTestId("remix-source").filter({ hasText: "a red dragon flying over the mountains" }).waitFor();
    await page.getByLabel("Prompt", { exact: true }).fill("a red dragon flying over the mountains at night");
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await page.getByTestId("result").waitFor({ timeout: 60_000 });
    const parent = await world.services.db.generation.findUniqueOrThrow({ where: { id: pic.parent } });
    const remix = await world.services.db.generation.findFirstOrThrow({ where: { userId: mia.id }, orderBy: { createdAt: "desc" } });
    expect(remix).toMatchObject({
      parentId: pic.parent,
      seed: parent.seed,
      originalPrompt: "a red dragon flying over the mountains at night",
    });
    // "Not a remix" takes the source away (the settings stay).
    await page.getByRole("link", { name: /Don't remix/ }).click();
    await page.getByTestId("remix-source").waitFor({ state: "detached" });
    await expect(page.getByLabel("Prompt", { exact: true }).inputValue()).resolves.toBe("a red dragon flying over the mountains at night");

    // History: tick the newest of her own, Shift+click the third → 3 selected.
    await page.goto(url("/history"));
    await hydrated(page);
    const mine = (
      await world.services.db.generation.findMany({
        where: { userId: mia.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true },
      })
    ).map((g) => g.id);
    expect(mine).toHaveLength(5);
    const box = (id: string) => page.locator(`input[type=checkbox][value="${id}"]`);
    await box(mine[0]!).click();
    await box(mine[2]!).click({ modifiers: ["Shift"] });
    await page.getByTestId("bulk-count").filter({ hasText: "3 selected" }).waitFor();
    for (const [i, id] of mine.entries()) await expect(box(id).isChecked()).resolves.toBe(i < 3);
    const historyShot = await auditPage(page, "library-history-selection", { reload: false });
    expect(historyShot.violations, formatViolations(historyShot.violations)).toEqual([]);

    // Make them public.
    const bar = page.getByTestId("bulk-bar");
    await bar.getByRole("button", { name: "Make public" }).click();
    await page.getByTestId("bulk-result").filter({ hasText: "3 pictures made public" }).waitFor();
    await page.getByTestId("bulk-count").filter({ hasText: "None selected" }).waitFor();
    const rows = await world.services.db.generation.findMany({
      where: { id: { in: mine } },
      select: { id: true, isPublic: true, storageKey: true, originalPrompt: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(mine.map((id) => byId.get(id)!.isPublic)).toEqual([true, true, true, false, false]);

    // Download the same three as a ZIP: each entry is the stored file, byte for byte.
    await box(mine[2]!).click();
    await box(mine[0]!).click({ modifiers: ["Shift"] });
    await page.getByTestId("bulk-count").filter({ hasText: "3 selected" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), bar.getByRole("button", { name: "Download ZIP" }).click()]);
    expect(download.suggestedFilename()).toBe("image-studio-3-pictures.zip");
    const zip = await readZip(await fs.readFile((await download.path())!));
    const names = [...zip.keys()];
    expect(names).toHaveLength(3);
    for (const [i, id] of mine.slice(0, 3).entries()) {
      expect(names[i]).toMatch(new RegExp(`-${id}\\.png$`));
      const stored = await fs.readFile(path.join(world.dataDir, "images", byId.get(id)!.storageKey!));
      expect(zip.get(names[i]!)!.bytes.equals(stored)).toBe(true);
    }
    expect(names[0]).toBe(`a-red-dragon-flying-over-the-mountains-at-night-${mine[0]}.png`);

    // Add two to her collection from the bar, then delete them: one confirmation, naming the count.
    await bar.getByRole("button", { name: "Clear" }).click();
    await page.getByTestId("bulk-count").filter({ hasText: "None selected" }).waitFor();
    await box(mine[3]!).click();
    await box(mine[4]!).click({ modifiers: ["Shift"] });
    await page.getByTestId("bulk-count").filter({ hasText: "2 selected" }).waitFor();
    await bar.getByText("Add to collection").click();
    await bar.getByRole("combobox", { name: "One of your collections" }).selectOption({ label: "Dragons" });
    await shot(page, "library-history-add-to-collection");
    await bar.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByTestId("bulk-result").filter({ hasText: "2 pictures added to “Dragons”" }).waitFor();
    await box(mine[3]!).click();
    await box(mine[4]!).click({ modifiers: ["Shift"] });
    await bar.getByRole("button", { name: "Delete…" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete 2 pictures?" });
    await confirm.waitFor();
    await shot(page, "library-history-delete-confirm");
    await confirm.getByRole("button", { name: "Yes, delete 2 pictures" }).click();
    await page.getByTestId("bulk-result").filter({ hasText: "2 pictures deleted" }).waitFor();
    await box(mine[3]!).waitFor({ state: "detached" });
    expect(await world.services.db.generation.count({ where: { id: { in: mine.slice(3) }, status: "succeeded" } })).toBe(0);

    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("the bulk bar works without JavaScript: select all on page, make public, ZIP, delete after a confirmation naming the count", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    await world.signInContext(context, noJsUser);
    const page = await context.newPage();
    await page.goto(url("/history"));
    const ids = await page.locator("input[type=checkbox][name=id]").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(ids).toHaveLength(3);
    // Nothing ticked: the server says so.
    const bar = page.getByTestId("bulk-bar");
    await bar.getByRole("button", { name: "Make private" }).click();
    await page.getByTestId("bulk-result").filter({ hasText: "Select at least one picture first." }).waitFor();
    // Tick two by hand and make them public.
    await page.locator(`input[type=checkbox][value="${ids[0]}"]`).check();
    await page.locator(`input[type=checkbox][value="${ids[1]}"]`).check();
    await bar.getByRole("button", { name: "Make public" }).click();
    await page.getByTestId("bulk-result").filter({ hasText: "2 pictures made public" }).waitFor();
    expect(await world.services.db.generation.count({ where: { userId: noJsUser.id, isPublic: true } })).toBe(2);
    // Select all on page (a link that comes back with every box ticked), then delete: asked first, with the count.
    await bar.getByRole("link", { name: "Select all on page" }).click();
    await page.waitForURL(/select=all/);
    for (const id of ids) await expect(page.locator(`input[type=checkbox][value="${id}"]`).isChecked()).resolves.toBe(true);
    // The ZIP: the form itself asks /history/download for the ticked ones.
    const [download] = await Promise.all([page.waitForEvent("download"), bar.getByRole("button", { name: "Download ZIP" }).click()]);
    expect(download.suggestedFilename()).toBe("image-studio-3-pictures.zip");
    const zip = await readZip(await fs.readFile((await download.path())!));
    expect([...zip.keys()].map((n) => n.slice(n.lastIndexOf("-") + 1, n.lastIndexOf(".")))).toEqual(ids);
    await bar.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("alertdialog", { name: "Delete 3 pictures?" }).getByRole("button", { name: "Yes, delete 3 pictures" }).click();
    await page.getByTestId("bulk-result").filter({ hasText: "3 pictures deleted" }).waitFor();
    expect(await world.services.db.generation.count({ where: { userId: noJsUser.id, status: "succeeded" } })).toBe(0);
    expect(context.problems()).toEqual([]);
    await context.close();
  });
});
