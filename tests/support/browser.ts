// Headless Chromium for browser tests: the apt `chromium` driven by playwright-core
// (never `npx playwright install`: it downloads browsers). Pages are checked with
// axe-core in the page itself and photographed into tests/artifacts/screenshots/.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { requireRealServices } from "./real-services";

const require = createRequire(import.meta.url);

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";
export const chromiumAvailable = fs.existsSync(chromiumPath);

if (!chromiumAvailable) {
  const message = `[tests] no Chromium at ${chromiumPath} (apt-get install -y chromium): browser tests are SKIPPED`;
  if (requireRealServices) throw new Error(`${message.replace("are SKIPPED", "cannot run")}, and CI requires them.`);
  process.stdout.write(`\n${"!".repeat(80)}\n${message}\n${"!".repeat(80)}\n\n`);
}

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * A context whose pages fail the test on any uncaught page error or console error
 * (the browser's counterpart of tests/support/fail-on-console.ts).
 */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions & { allowConsoleErrors?: RegExp[] } = {},
): Promise<BrowserContext & { problems: () => string[] }> {
  const { allowConsoleErrors = [], ...rest } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...rest });
  const problems: string[] = [];
  context.on("page", (page) => watch(page, problems, allowConsoleErrors));
  return Object.assign(context, { problems: () => problems.splice(0) });
}

function watch(page: Page, problems: string[], allowed: RegExp[]) {
  page.on("pageerror", (err) => problems.push(`pageerror on ${page.url()}: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (allowed.some((re) => re.test(text))) return;
    problems.push(`console.error on ${page.url()}: ${text}`);
  });
}

const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** Runs axe-core in the page; returns serious and critical violations (WCAG 2.x A/AA + best practice). */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) => `${v.impact}: ${v.id} — ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`,
    )
    .join("\n");
}

/** Switches prefers-color-scheme and lets the page restyle before anything is measured. */
export async function setScheme(page: Page, scheme: "light" | "dark"): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await page.waitForTimeout(50);
}

export const screenshotDir = path.resolve("tests/artifacts/screenshots");

/** Saves a full-page PNG in light and dark colour schemes; returns the file paths. */
export async function screenshotBothSchemes(page: Page, name: string): Promise<string[]> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const files: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await setScheme(page, scheme);
    const file = path.join(screenshotDir, `${name}-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
  return files;
}

/**
 * Everything a finished page must pass: no serious/critical axe violation in either
 * colour scheme (contrast differs), and a screenshot of each. The page is reloaded in
 * each scheme: axe measured stale inherited colours after a live scheme switch.
 * Pass `reload: false` for a state that a reload would lose (an open popup).
 */
export async function auditPage(
  page: Page,
  name: string,
  { reload = true }: { reload?: boolean } = {},
): Promise<{ violations: AxeViolation[]; screenshots: string[] }> {
  const violations: AxeViolation[] = [];
  const screenshots: string[] = [];
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await setScheme(page, scheme);
    if (reload) {
      await page.reload();
      await page.waitForLoadState("networkidle");
    }
    // A contrast finding right after a scheme switch can be a not-yet-restyled frame:
    // measure again; a real contrast problem is still there on the third look.
    let found = await seriousA11yViolations(page);
    for (let i = 0; i < 2 && found.some((v) => v.id === "color-contrast"); i++) {
      await page.waitForTimeout(400);
      found = await seriousA11yViolations(page);
    }
    for (const v of found) violations.push({ ...v, help: `[${scheme}] ${v.help}` });
    const file = path.join(screenshotDir, `${name}-${scheme}.png`);
    // An open modal is photographed as the viewport shows it.
    await page.screenshot({ path: file, fullPage: reload });
    screenshots.push(file);
  }
  await setScheme(page, "light");
  if (reload) await page.reload();
  return { violations, screenshots };
}

/** Waits until React has hydrated the current document (app/root.tsx marks <html>). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForSelector("html[data-hydrated]", { state: "attached" });
}
