// PublicCache's own rules, on a real node:http server with an origin this test controls:
// one origin call however many wait, and answers that set a cookie (or are not 200, or say
// private) are never stored or handed to anyone but the request that made them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PublicCache, type Origin } from "../../server/http/public-cache";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(origin: (n: number) => Promise<{ status: number; headers: Headers; body: Buffer }>) {
  const cache = new PublicCache("/api/trpc/");
  let calls = 0;
  server = http.createServer((req, res) => {
    const pathname = req.url!.split("?")[0]!;
    if (!cache.eligible(req, pathname)) {
      res.writeHead(299).end("not eligible");
      return;
    }
    const o: Origin = () => origin(++calls);
    void cache.serve(req, res, req.url!, o);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { cache, url, calls: () => calls };
}

const answer = (body: string, headers: Record<string, string> = {}, status = 200) => ({
  status,
  headers: new Headers({ "content-type": "text/html", ...headers }),
  body: Buffer.from(body),
});

describe("PublicCache", () => {
  it("asks the origin once for 50 concurrent misses of one URL, and serves them all", async () => {
    const { url, calls } = await serve(async (n) => {
      await new Promise((r) => setTimeout(r, 50));
      return answer(`page ${n}`);
    });
    const bodies = await Promise.all(Array.from({ length: 50 }, () => fetch(url + "/discover").then((r) => r.text())));
    expect(new Set(bodies)).toEqual(new Set(["page 1"]));
    expect(calls()).toBe(1);
  });

  it("never stores or shares an answer that sets a cookie: each waiting request asks for its own", async () => {
    const { url, calls } = await serve(async (n) => {
      await new Promise((r) => setTimeout(r, 30));
      return answer(`page ${n}`, { "set-cookie": `session=${n}` });
    });
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(url + "/")));
    const cookies = responses.map((r) => r.headers.get("set-cookie"));
    expect(new Set(cookies).size).toBe(5);
    expect(calls()).toBe(5);
    const later = await fetch(url + "/");
    expect(later.headers.get("set-cookie")).toBe("session=6");
  });

  it("does not store errors or answers the app marks private", async () => {
    let status = 404;
    let cacheControl = "";
    const { url, calls } = await serve(async (n) => answer(`page ${n}`, cacheControl ? { "cache-control": cacheControl } : {}, status));
    expect((await fetch(url + "/g/x")).status).toBe(404);
    expect((await fetch(url + "/g/x")).status).toBe(404);
    expect(calls()).toBe(2);
    status = 200;
    cacheControl = "private, no-store";
    await fetch(url + "/g/y");
    const second = await fetch(url + "/g/y");
    expect(second.headers.get("cache-control")).toBe("private, no-store");
    expect(calls()).toBe(4);
  });

  it("is eligible only for cookie-less, Authorization-less GETs of public paths and procedures", async () => {
    const { url } = await serve(async () => answer("ok"));
    const status = async (path: string, init: RequestInit = {}) => (await fetch(url + path, init)).status;
    expect(await status("/discover")).toBe(200);
    expect(await status("/api/trpc/discovery,generation.get")).toBe(200);
    expect(await status("/discover", { headers: { cookie: "a=b" } })).toBe(299);
    expect(await status("/discover", { headers: { authorization: "Bearer x" } })).toBe(299);
    expect(await status("/history")).toBe(299);
    expect(await status("/api/trpc/discovery,me")).toBe(299);
    expect(await status("/discover", { method: "POST", body: "x" })).toBe(299);
  });

  it("drops every entry when told public content changed", async () => {
    const { url, cache, calls } = await serve(async (n) => answer(`page ${n}`));
    expect(await (await fetch(url + "/discover")).text()).toBe("page 1");
    expect(await (await fetch(url + "/discover")).text()).toBe("page 1");
    cache.clear();
    expect(await (await fetch(url + "/discover")).text()).toBe("page 2");
    expect(calls()).toBe(2);
  });
});
