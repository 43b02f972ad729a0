// A page's loaders share one request scope (the load context the app server gives Remix):
// the caller is looked up once and each per-minute limit counts once per page view, and
// concurrent pages of different people never share one. Against the built server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { awayFromWindowEdge } from "../support/limit-window";

let built: BuiltApp;

beforeAll(async () => {
  // /discover signed in calls three "read" procedures (discovery, me, collection.mine).
  built = await startBuiltApp({ RATE_LIMITS: "read:3" });
}, 60_000);

afterAll(async () => {
  await built?.stop();
});

describe("a page's request scope", () => {
  it("a signed-in /discover view counts as one read: three views pass a limit of 3, the fourth is refused", async () => {
    const { token } = await built.userWithToken("Scope Sam");
    await awayFromWindowEdge();
    const view = () => fetch(`${built.app.url}/discover`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) {
      const res = await view();
      expect(res.status, `view ${i + 1}`).toBe(200);
      expect(await res.text()).toContain("Scope Sam");
    }
    const refused = await view();
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("<title>Request refused | Image Studio</title>");
  });

  it("concurrent pages of two people each show their own caller", async () => {
    const ann = await built.userWithToken("Scope Ann");
    const bob = await built.userWithToken("Scope Bob");
    // Three each, within the limit, all in flight together.
    const pages = await Promise.all(
      [ann, bob, ann, bob, ann, bob].map(async (u) => {
        const res = await fetch(`${built.app.url}/settings`, { headers: { authorization: `Bearer ${u.token}` } });
        return { u, status: res.status, html: await res.text() };
      }),
    );
    for (const { u, status, html } of pages) {
      expect(status).toBe(200);
      expect(html).toContain(u.id);
      expect(html).not.toContain(u === ann ? bob.id : ann.id);
    }
  });
});
