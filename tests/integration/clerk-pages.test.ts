// Clerk mode's server-rendered pages, through the built app over HTTP: signed-in pages
// render inside ClerkProvider with the user in the header and Clerk's state for
// hydration; signed-out and bad sessions behave as Clerk documents (handshake 307 only
// where a browser could refresh its session); and Clerk's browser code stays out of the
// chunks a page loads up front (local mode never loads it at all).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestServices, type TestServices } from "../support/test-db";
import {
  CLERK_FRONTEND_HOST,
  clerkModeEnv,
  clerkPublishableKey,
  clerkSessionCookies,
  createClerkKey,
  mintSessionToken,
  type ClerkTestKey,
} from "../support/clerk-keys";
import {
  dynamicImportsOf,
  inputsOf,
  outputContaining,
  outputForUrl,
  readBrowserMetafile,
  scriptUrlsLoadedBy,
  staticClosure,
  type BrowserMetafile,
} from "../support/built-chunks";

const ADA = { id: "user_clerk_ada", name: "Ada Lovelace", email: "ada@example.test" };
const PROVIDER_SOURCE = "node_modules/@clerk/remix/dist/client/RemixClerkProvider.js";

let key: ClerkTestKey;
let services: TestServices;
let clerkApp: AppServer;
let localApp: AppServer;
let meta: BrowserMetafile;
let publicPictureId: string;

beforeAll(async () => {
  key = createClerkKey();
  const clerkEnv = clerkModeEnv(key);
  services = await createTestServices(clerkEnv);
  // As the webhook would have delivered it: the header shows the name.
  await services.db.user.create({ data: ADA });
  const picture = await services.db.generation.create({
    data: {
      userId: ADA.id,
      status: "succeeded",
      width: 64,
      height: 64,
      originalPrompt: "a lighthouse drawn for the clerk page test",
      model: "m",
      provider: "local",
      aspectRatio: "1:1",
      isPublic: true,
    },
    select: { id: true },
  });
  publicPictureId = picture.id;
  const prefix = `clerk-pages-${process.pid}-${Date.now()}`;
  [clerkApp, localApp] = await Promise.all([
    startAppServer({ DATABASE_URL: services.databaseUrl, LIMITER_PREFIX: `${prefix}-clerk`, ...clerkEnv }),
    startAppServer({
      DATABASE_URL: services.databaseUrl,
      LIMITER_PREFIX: `${prefix}-local`,
      SESSION_SECRET: "clerk-pages-test-local-session-secret-0123456789",
    }),
  ]);
  meta = readBrowserMetafile();
});
afterAll(async () => {
  await Promise.all([clerkApp?.stop(), localApp?.stop()]);
  await services?.dispose();
});

type Page = { status: number; headers: Headers; html: string };

/** A browser's top-level navigation. */
async function page(app: AppServer, path: string, cookie?: string): Promise<Page> {
  const res = await fetch(`${app.url}${path}`, {
    headers: { "sec-fetch-dest": "document", accept: "text/html", ...(cookie ? { cookie } : {}) },
    redirect: "manual",
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

async function trpcGet(app: AppServer, procedure: string, cookie?: string) {
  const res = await fetch(`${app.url}/api/trpc/${procedure}`, { headers: { accept: "application/json", ...(cookie ? { cookie } : {}) } });
  return { status: res.status, body: (await res.json()) as { result?: { data: { json: unknown } } } };
}

type ClerkSsrState = { userId: string | null; sessionId: string | null };
type RootData = {
  user: { id: string; name: string | null } | null;
  authMode: string;
  clerkState?: { __internal_clerk_state: { __clerk_ssr_state: ClerkSsrState; __publishableKey: string } };
};

/** The root loader's data as Remix serialised it for hydration (what entry.client reads). */
function rootData(html: string): RootData {
  const json = html.match(/window\.__remixContext = (\{[\s\S]*?\});<\/script>/)?.[1];
  if (!json) throw new Error("no __remixContext in the page");
  return (JSON.parse(json) as { state: { loaderData: { root: RootData } } }).state.loaderData.root;
}

function siteHeader(html: string): string {
  const header = html.match(/<header\b[\s\S]*?<\/header>/)?.[0];
  if (!header) throw new Error("no <header> in the page");
  return header;
}

function tamperedSubject(token: string, sub: string): string {
  const [h, p, s] = token.split(".");
  const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
  return [h, Buffer.from(JSON.stringify({ ...payload, sub })).toString("base64url"), s].join(".");
}

const now = () => Math.floor(Date.now() / 1000);

describe("Clerk mode: server-rendered pages", () => {
  it("signed in, every page renders with the user in the header and Clerk's state for hydration", async () => {
    const cookie = clerkSessionCookies(await mintSessionToken(key, { sub: ADA.id }));
    for (const path of ["/", "/discover", "/create", "/history"]) {
      const res = await page(clerkApp, path, cookie);
      expect(res.status, path).toBe(200);
      const header = siteHeader(res.html);
      expect(header, path).toContain('data-testid="current-user"');
      expect(header, path).toContain(`>${ADA.name}<`);
      // The account menu: settings and tokens in both modes; Clerk mode signs out through
      // Clerk in the browser (a button), not local mode's form.
      expect(header, path).toContain('href="/settings"');
      expect(header, path).toContain('href="/settings/tokens"');
      expect(header, path).toMatch(/<button[^>]*>Sign out<\/button>/);
      expect(header, path).not.toContain('action="/sign-out"');
      const root = rootData(res.html);
      expect(root.user?.id, path).toBe(ADA.id);
      expect(root.authMode, path).toBe("clerk");
      // rootAuthLoader's state: what ClerkProvider was rendered with on the server and
      // what entry.client waits for before hydrating.
      expect(root.clerkState?.__internal_clerk_state.__clerk_ssr_state.userId, path).toBe(ADA.id);
      expect(root.clerkState?.__internal_clerk_state.__publishableKey, path).toBe(clerkPublishableKey);
    }
    // /history is the signed-in user's own page: it rendered theirs, not a sign-in redirect.
    expect((await page(clerkApp, "/history", cookie)).html).toContain(`/g/${publicPictureId}`);
  });

  it("gives a verified user the webhook has not delivered yet a row on their first page", async () => {
    const sub = `user_clerk_first_${Date.now()}`;
    expect(await services.db.user.count({ where: { id: sub } })).toBe(0);
    const res = await page(clerkApp, "/create", clerkSessionCookies(await mintSessionToken(key, { sub })));
    expect(res.status).toBe(200);
    // No name or email yet: the header shows the avatar placeholder, still signed in.
    expect(siteHeader(res.html)).toContain('data-testid="current-user"');
    expect(rootData(res.html).user).toMatchObject({ id: sub, name: null });
    expect(await services.db.user.count({ where: { id: sub } })).toBe(1);
  });

  it("signed out (no Clerk cookies), /discover still renders the gallery", async () => {
    const res = await page(clerkApp, "/discover");
    expect(res.status).toBe(200);
    expect(res.html).toContain(`/g/${publicPictureId}`);
    const header = siteHeader(res.html);
    expect(header).not.toContain('data-testid="current-user"');
    expect(header).toContain('href="/sign-in?redirectTo=%2Fdiscover"');
    const root = rootData(res.html);
    expect(root.user).toBeNull();
    expect(root.clerkState?.__internal_clerk_state.__clerk_ssr_state.userId).toBeNull();
    // Signed-out pages that need a user still send people to sign in.
    const history = await page(clerkApp, "/history");
    expect(history.status).toBe(302);
    expect(history.headers.get("location")).toBe("/sign-in?redirectTo=%2Fhistory");
  });

  it("an expired session sends a page to Clerk's handshake and leaves API callers signed out", async () => {
    const expired = await mintSessionToken(key, { sub: ADA.id, iat: now() - 600, exp: now() - 300 });
    const cookie = clerkSessionCookies(expired);
    const res = await page(clerkApp, "/discover", cookie);
    expect(res.status).toBe(307);
    expect(res.headers.get("x-clerk-auth-status")).toBe("handshake");
    const location = new URL(res.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(`https://${CLERK_FRONTEND_HOST}/v1/client/handshake`);
    expect(location.searchParams.get("redirect_url")).toBe(`${clerkApp.url}/discover`);
    expect(res.html).not.toContain(ADA.name);

    // The same cookie on the API: no handshake, just nobody; public reads still answer.
    const me = await trpcGet(clerkApp, "me", cookie);
    expect(me.status).toBe(200);
    expect(me.body.result?.data.json).toBeNull();
    const discovery = await trpcGet(clerkApp, "discovery", cookie);
    expect(discovery.status).toBe(200);
    expect(JSON.stringify(discovery.body)).toContain(publicPictureId);
  });

  it("a tampered or foreign-key session cookie signs no one in", async () => {
    const good = await mintSessionToken(key, { sub: ADA.id });
    const tampered = tamperedSubject(good, "user_clerk_mallory");
    const foreign = await mintSessionToken({ ...createClerkKey(), kid: key.kid }, { sub: "user_clerk_mallory" });
    for (const token of [tampered, foreign]) {
      const res = await page(clerkApp, "/discover", clerkSessionCookies(token));
      expect(res.status).toBe(200);
      expect(siteHeader(res.html)).not.toContain('data-testid="current-user"');
      const root = rootData(res.html);
      expect(root.user).toBeNull();
      expect(root.clerkState?.__internal_clerk_state.__clerk_ssr_state.userId).toBeNull();
      expect(res.html).toContain(`/g/${publicPictureId}`);
    }
    expect(await services.db.user.count({ where: { id: "user_clerk_mallory" } })).toBe(0);
  });

  it("/sign-in renders Clerk's <SignIn/> mount point, not the local form", async () => {
    const res = await page(clerkApp, "/sign-in");
    // <SignIn/> throws outside ClerkProvider: a 200 means the page rendered inside it.
    expect(res.status).toBe(200);
    expect(res.html).toContain('data-testid="clerk-sign-in"');
    expect(res.html).not.toMatch(/name="(name|password)"/);
    // The control: local mode's sign-in page is the form.
    const local = await page(localApp, "/sign-in");
    expect(local.status).toBe(200);
    expect(local.html).toMatch(/name="name"/);
    expect(local.html).not.toContain('data-testid="clerk-sign-in"');
  });
});

describe("Clerk's browser code is not loaded up front", () => {
  const clerkInputs = (outputs: Iterable<string>) => inputsOf(meta, outputs).filter((i) => i.includes("node_modules/@clerk/"));
  const loadedChunks = (html: string) => {
    const urls = scriptUrlsLoadedBy(html);
    expect(urls.some((u) => u.includes("/entry.client-"))).toBe(true);
    return staticClosure(meta, urls.map(outputForUrl));
  };

  it("local mode: /discover loads no chunk with Clerk code and carries no clerkState", async () => {
    const res = await page(localApp, "/discover");
    expect(res.status).toBe(200);
    const chunks = loadedChunks(res.html);
    expect(inputsOf(meta, chunks)).toContain("app/routes/discover.tsx");
    expect(clerkInputs(chunks)).toEqual([]);
    expect(rootData(res.html)).not.toHaveProperty("clerkState");
  });

  it("Clerk mode: /discover loads the same chunks; the provider is one dynamic import away", async () => {
    const cookie = clerkSessionCookies(await mintSessionToken(key, { sub: ADA.id }));
    const res = await page(clerkApp, "/discover", cookie);
    expect(res.status).toBe(200);
    const chunks = loadedChunks(res.html);
    expect(clerkInputs(chunks)).toEqual([]);
    expect(scriptUrlsLoadedBy(res.html).sort()).toEqual(scriptUrlsLoadedBy((await page(localApp, "/discover")).html).sort());
    // entry.client's import() of the provider is what fetches it, before hydration.
    const provider = outputContaining(meta, PROVIDER_SOURCE);
    expect(chunks.has(provider)).toBe(false);
    expect(staticClosure(meta, [...dynamicImportsOf(meta, chunks)]).has(provider)).toBe(true);
    expect(rootData(res.html).clerkState).toBeDefined();
  });

  it("no route imports Clerk: /sign-in gets <SignIn/> from the provider loaded before hydration (Clerk mode) or not at all (local)", async () => {
    const clerk = await page(clerkApp, "/sign-in");
    const chunks = loadedChunks(clerk.html);
    expect(inputsOf(meta, chunks)).toContain("app/routes/sign-in.tsx");
    expect(clerkInputs(chunks)).toEqual([]);
    expect(staticClosure(meta, [...dynamicImportsOf(meta, chunks)]).has(outputContaining(meta, PROVIDER_SOURCE))).toBe(true);
    expect(rootData(clerk.html).clerkState).toBeDefined();
    // Local mode: the sign-in route's chunks carry no Clerk code (its module prints a notice when loaded).
    const local = await page(localApp, "/sign-in");
    expect(clerkInputs(loadedChunks(local.html))).toEqual([]);
    const everyRoute = Object.keys(meta.outputs).filter((o) => inputsOf(meta, [o]).some((i) => i.startsWith("app/routes/")));
    expect(clerkInputs(staticClosure(meta, everyRoute))).toEqual([]);
  });

  it("the lazily loaded provider does not make every page carry all of Remix's client API", async () => {
    // @clerk/remix is CommonJS: its require("@remix-run/react") made esbuild keep every
    // export of Remix (its server renderer, single fetch, StaticRouter) in the framework
    // chunk that every page loads. Patched (patches/@clerk+remix+*.patch) to take its
    // four hooks from an ES module in browser builds.
    const chunks = loadedChunks((await page(localApp, "/discover")).html);
    const inputs = inputsOf(meta, chunks);
    expect(inputs).toContain("node_modules/@remix-run/react/dist/esm/browser.js");
    const serverOnly = inputs.filter((i) =>
      /@remix-run\/react\/dist\/esm\/server\.js$|react-router-dom\/server\.|turbo-stream|single-fetch\.js$/.test(i),
    );
    expect(serverOnly).toEqual([]);
    // The provider's chunk takes the hooks through the patch's ES module.
    const providerClosure = staticClosure(meta, [outputContaining(meta, PROVIDER_SOURCE)]);
    expect(inputsOf(meta, providerClosure)).toContain("node_modules/@clerk/remix/dist/client/remix-hooks.mjs");
  });
});
