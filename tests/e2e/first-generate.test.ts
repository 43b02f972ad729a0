// The studio's first use, literally: sign in, type a prompt, press Generate — nothing
// else — and every combination of {auto-optimize on/off, Optimize pressed or not, model
// chosen or not}, in Chromium against the built app. Once on embedded defaults (one image
// model), once on Z.ai through a loopback server speaking its contract (two image models
// and a remote text model), where the provider's requests show which model did what.
// Controls are found by role and label only, so a new layout of /create keeps these valid.
import type http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { chromiumAvailable, hydrated, launchBrowser, newContext } from "../support/browser";
import { startE2eApp, type E2eApp } from "../support/e2e-app";
import { json, startLoopbackServer, type LoopbackServer, type RecordedRequest } from "../support/loopback-server";
import { testPng } from "../support/pipeline";

const PROMPT = "a lighthouse on a cliff at dusk";

/** Settings may sit in a collapsed panel: open it if the control is not on screen. */
async function reveal(page: Page, control: Locator): Promise<Locator> {
  if (!(await control.isVisible())) {
    const opener = page
      .getByRole("button", { name: /settings|options|more/i })
      .or(page.locator("summary").filter({ hasText: /settings|options|more/i }));
    if (await opener.count()) await opener.first().click();
  }
  await control.waitFor({ state: "visible" });
  return control;
}

const promptBox = (page: Page) => page.getByRole("textbox", { name: "Prompt", exact: true });
const generateButton = (page: Page) => page.getByRole("button", { name: /^Generate/ });

/** Follows a sign-in link from the studio, signs in as a new local account, and is back in the studio. */
async function signInThrough(link: Locator, name: string): Promise<void> {
  const page = link.page();
  await link.click();
  await page.waitForURL(/\/sign-in/);
  await hydrated(page);
  await page.getByLabel("Display name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/create");
  await hydrated(page);
}

/** Presses Generate and waits for the picture or an error, whichever comes. */
async function pressGenerate(page: Page): Promise<void> {
  await generateButton(page).click();
  await picturesShown(page);
}

/** Waits for the run's pictures (each loaded) or an error, whichever comes. */
async function picturesShown(page: Page): Promise<void> {
  const result = page.getByTestId("result");
  const alert = page.getByRole("alert");
  await result.or(alert).first().waitFor({ timeout: 60_000 });
  const errors = await alert.allTextContents();
  expect(errors, "the studio showed an error").toEqual([]);
  // Every picture of the run (1, 2 or 4) has loaded.
  const widths = await result
    .locator("img")
    .evaluateAll((imgs: HTMLImageElement[]) => Promise.all(imgs.map((img) => img.decode().then(() => img.naturalWidth))));
  expect(widths.length).toBeGreaterThan(0);
  for (const w of widths) expect(w).toBeGreaterThan(0);
}

type Case = { auto: boolean; optimizePressed: boolean; modelChosen: boolean };
const CASES: Case[] = [false, true].flatMap((auto) =>
  [false, true].flatMap((optimizePressed) => [false, true].map((modelChosen) => ({ auto, optimizePressed, modelChosen }))),
);
const caseName = (c: Case) =>
  `auto-optimize ${c.auto ? "on" : "off"}, Optimize ${c.optimizePressed ? "pressed" : "not pressed"}, model ${c.modelChosen ? "chosen" : "left at its default"}`;

/** Does what the case says on /create, then presses Generate; returns the optimized text if Optimize was pressed. */
async function playCase(page: Page, c: Case, modelLabel: string): Promise<string | null> {
  await promptBox(page).fill(PROMPT);
  if (c.modelChosen) await (await reveal(page, page.getByRole("combobox", { name: "Model" }))).selectOption({ label: modelLabel });
  const auto = await reveal(page, page.getByRole("switch", { name: /optimi[sz]e automatically/i }));
  expect(await auto.isChecked()).toBe(true); // on by default
  if (!c.auto) {
    await auto.click();
    expect(await auto.isChecked()).toBe(false);
  }
  let optimized: string | null = null;
  if (c.optimizePressed) {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/api/trpc/optimize"));
    await page.getByRole("button", { name: /^Optimi[sz]e/ }).click();
    const res = await answered;
    expect(res.status()).toBe(200);
    const after = page.getByRole("textbox", { name: /^(After|Optimized prompt)/ });
    await after.waitFor();
    optimized = await after.inputValue();
    expect(optimized.length).toBeGreaterThan(PROMPT.length);
  }
  await pressGenerate(page);
  return optimized;
}

async function onlyGenerationOf(world: E2eApp, userId: string) {
  const rows = await world.services.db.generation.findMany({ where: { userId } });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe.skipIf(!chromiumAvailable)("the first Generate, on embedded defaults", { timeout: 120_000 }, () => {
  let world: E2eApp;
  let browser: Browser;

  beforeAll(async () => {
    world = await startE2eApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
  });

  it("sign in, type a prompt, press Generate: a picture, optimized on the way", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    await signInThrough(page.getByRole("link", { name: /sign in/i }).first(), "First Timer");

    await promptBox(page).fill(PROMPT);
    await pressGenerate(page);

    const me = await world.services.db.user.findFirstOrThrow({ where: { name: "First Timer" } });
    const row = await onlyGenerationOf(world, me.id);
    expect(row).toMatchObject({ status: "succeeded", model: "local-procedural", provider: "local" });
    expect(row.betterPrompt).toMatch(new RegExp(`^${PROMPT}, `));
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("type first, then 'Sign in to generate': back signed in, it generates with the prompt and settings; a reload keeps them", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    await promptBox(page).fill(PROMPT);
    await page.getByText("Watercolor", { exact: true }).click();
    await page.getByText("16:9", { exact: true }).click();
    await page.getByTestId("count").getByText("2", { exact: true }).click();
    await signInThrough(page.getByRole("link", { name: "Sign in to generate" }), "Typed First");

    await expect.poll(() => promptBox(page).inputValue()).toBe(PROMPT);
    expect(await page.getByRole("radio", { name: "Watercolor" }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "16:9" }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "2", exact: true }).isChecked()).toBe(true);
    // What the person asked for — to generate — happens without another press.
    await picturesShown(page);
    expect(new URL(page.url()).search).toBe("");
    const me = await world.services.db.user.findFirstOrThrow({ where: { name: "Typed First" } });
    const rows = await world.services.db.generation.findMany({ where: { userId: me.id } });
    expect(rows.map((r) => [r.originalPrompt, r.style, r.aspectRatio])).toEqual([
      [PROMPT, "watercolor", "16:9"],
      [PROMPT, "watercolor", "16:9"],
    ]);

    // A reload keeps it too; signing out shows a fresh studio (the account's draft is its own).
    await promptBox(page).fill(`${PROMPT}, at night`);
    await page.reload();
    await hydrated(page);
    await expect.poll(() => promptBox(page).inputValue()).toBe(`${PROMPT}, at night`);
    // Only once: the reload restored the prompt and made nothing.
    expect(await world.services.db.generation.count({ where: { userId: me.id } })).toBe(2);
    await page.locator("summary").filter({ hasText: "Typed First" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto(`${world.app.url}/create`);
    await hydrated(page);
    expect(await promptBox(page).inputValue()).toBe("");
    expect(await page.getByRole("radio", { name: "Watercolor" }).isChecked()).toBe(false);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  it("a link carrying the sign-in redirect's marker generates nothing by itself", async () => {
    const user = await world.createUser("Link Follower");
    const context = await newContext(browser);
    await world.signInContext(context, user);
    const page = await context.newPage();
    await page.goto(`${world.app.url}/create?prompt=${encodeURIComponent("a sneaky prompt")}&then=generate`);
    await hydrated(page);
    await expect.poll(() => promptBox(page).inputValue()).toBe("a sneaky prompt");
    await expect.poll(() => new URL(page.url()).search).toBe(`?prompt=${encodeURIComponent("a sneaky prompt").replace(/%20/g, "+")}`);
    await page.waitForTimeout(500);
    expect(await world.services.db.generation.count({ where: { userId: user.id } })).toBe(0);
    expect(context.problems()).toEqual([]);
    await context.close();
  });

  for (const c of CASES) {
    it(caseName(c), async () => {
      const user = await world.createUser(`Case ${caseName(c)}`);
      const context = await newContext(browser);
      await world.signInContext(context, user);
      const page = await context.newPage();
      await page.goto(`${world.app.url}/create`);
      await hydrated(page);

      const optimized = await playCase(page, c, "Offline preview renderer");

      const row = await onlyGenerationOf(world, user.id);
      expect(row).toMatchObject({ status: "succeeded", model: "local-procedural", originalPrompt: PROMPT });
      if (optimized !== null) expect(row.betterPrompt).toBe(optimized);
      else if (c.auto) expect(row.betterPrompt).toMatch(new RegExp(`^${PROMPT}, `));
      else expect(row.betterPrompt).toBeNull();
      expect(context.problems()).toEqual([]);
      await context.close();
    });
  }
});

describe.skipIf(!chromiumAvailable)("the first Generate, on Z.ai (loopback)", { timeout: 120_000 }, () => {
  let world: E2eApp;
  let browser: Browser;
  let zai: LoopbackServer;
  let png: Buffer;
  let rewrites = 0;

  const chatCalls = () => zai.requests.filter((r) => r.url.endsWith("/chat/completions"));
  const renderCalls = () => zai.requests.filter((r) => r.url.endsWith("/images/generations"));

  function speakZai(req: RecordedRequest, res: http.ServerResponse) {
    if (req.url === "/files/picture.png") return void res.writeHead(200, { "content-type": "image/png" }).end(png);
    if (req.method === "POST" && req.url === "/api/paas/v4/chat/completions") {
      const body = JSON.parse(req.body.toString()) as { messages: { role: string; content: string }[] };
      const prompt = body.messages.at(-1)!.content.split("Prompt: ")[1];
      return json(res, 200, {
        id: `chat-${++rewrites}`,
        choices: [{ index: 0, message: { role: "assistant", content: `${prompt}, rewrite ${rewrites} by glm` } }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    }
    if (req.method === "POST" && req.url === "/api/paas/v4/images/generations") {
      return json(res, 200, {
        created: 1,
        data: [{ url: `${zai.url}/files/picture.png` }],
        content_filter: [{ role: "assistant", level: 3 }],
      });
    }
    json(res, 404, { error: { code: "404", message: "no route" } });
  }

  beforeAll(async () => {
    png = await testPng(128, 128);
    zai = await startLoopbackServer((req, res) => speakZai(req, res));
    world = await startE2eApp({
      MODEL_PROVIDER: "zai",
      ZAI_API_KEY: "zai-e2e-key",
      ZAI_BASE_URL: `${zai.url}/api/paas/v4`,
      MODEL_IMAGE_HOSTS: "127.0.0.1",
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.dispose();
    await zai?.close();
  });
  beforeEach(() => {
    zai.requests.length = 0;
  });

  for (const c of CASES) {
    it(caseName(c), async () => {
      const user = await world.createUser(`Zai ${caseName(c)}`);
      const context = await newContext(browser);
      await world.signInContext(context, user);
      const page = await context.newPage();
      await page.goto(`${world.app.url}/create`);
      await hydrated(page);

      const optimized = await playCase(page, c, "CogView-4 (standard)");

      const imageModel = c.modelChosen ? "cogview-4-250304" : "glm-image";
      const row = await onlyGenerationOf(world, user.id);
      expect(row).toMatchObject({ status: "succeeded", model: imageModel, provider: "zai", originalPrompt: PROMPT });
      // The text model is GLM-4.7 whichever image model renders; it runs once or not at all.
      const chats = chatCalls().map((r) => JSON.parse(r.body.toString()) as { model: string });
      expect(chats.map((b) => b.model)).toEqual(c.optimizePressed || c.auto ? ["glm-4.7"] : []);
      if (optimized !== null) expect(row.betterPrompt).toBe(optimized);
      else if (c.auto) expect(row.betterPrompt).toMatch(/ by glm$/);
      else expect(row.betterPrompt).toBeNull();
      const renders = renderCalls().map((r) => JSON.parse(r.body.toString()) as { model: string; prompt: string });
      expect(renders).toEqual([expect.objectContaining({ model: imageModel, prompt: row.betterPrompt ?? PROMPT })]);
      expect(context.problems()).toEqual([]);
      await context.close();
    });
  }
});
