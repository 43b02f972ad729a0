// The HTTP server in front of the app: request ids, and whose address limits are keyed on.
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const servers: AppServer[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.drop();
});

async function serve(env: Record<string, string | undefined> = {}) {
  const app = await startAppServer({ DATABASE_URL: db.url, LIMITER_PREFIX: `app-server-${Date.now()}-${servers.length}`, ...env });
  servers.push(app);
  return app;
}

// no-cache: past the shared cache of anonymous reads (a cached answer counts against no limit).
const discovery = (app: AppServer, headers: Record<string, string>) =>
  fetch(`${app.url}/api/trpc/discovery`, { headers: { "cache-control": "no-cache", ...headers } });

/** Anonymous reads until the first 429 (the catalogue allows 60 a minute per address). */
async function readsUntilLimited(app: AppServer, headersFor: (i: number) => Record<string, string>): Promise<number> {
  for (let i = 0; i < 70; i++) {
    const res = await discovery(app, headersFor(i));
    await res.arrayBuffer();
    if (res.status === 429) return i;
    expect(res.status).toBe(200);
  }
  return Infinity;
}

describe("app server", () => {
  it("gives every response a request id, keeping a well-formed one from the caller", async () => {
    const app = await serve();
    const fresh = await fetch(`${app.url}/healthz`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${app.url}/healthz`, { headers: { "x-request-id": "trace-abc_123" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-abc_123");
    const replaced = await fetch(`${app.url}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("bad id with spaces");
  });

  it("keys anonymous limits on the socket address: forged forwarding headers change nothing", async () => {
    const app = await serve();
    const allowed = await readsUntilLimited(app, (i) => ({ "x-forwarded-for": `203.0.113.${i}`, "x-studio-client-ip": `198.51.100.${i}` }));
    expect(allowed).toBe(60);
  });

  it("believes X-Forwarded-For only from a trusted proxy (TRUST_PROXY)", async () => {
    const app = await serve({ TRUST_PROXY: "loopback" });
    const allowed = await readsUntilLimited(app, (i) => ({ "x-forwarded-for": `203.0.113.${i}` }));
    expect(allowed).toBe(Infinity);
  });

  it.skipIf(process.platform !== "linux")(
    "starts with glibc malloc capped (arenas, mmap threshold), and says so when it is not",
    async () => {
      // Read by the C library at exec: without them a soak of generates left the server at
      // 2-3x its idle RSS (bench/soak.ts, docs/decisions/0014-memory-under-load.md).
      const app = await serve();
      const environ = fs.readFileSync(`/proc/${app.pid}/environ`, "utf8").split("\0");
      expect(environ).toContain("MALLOC_ARENA_MAX=2");
      expect(environ).toContain("MALLOC_MMAP_THRESHOLD_=1048576");
      expect(app.output()).not.toMatch(/memory: start the server with/);

      const bare = await serve({ MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined });
      expect(fs.readFileSync(`/proc/${bare.pid}/environ`, "utf8")).not.toMatch(/MALLOC_/);
      expect(bare.output()).toMatch(/memory: start the server with MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576/);
    },
  );
});

/**
 * One raw HTTP/1.1 exchange on its own socket (written, not half-closed: Node aborts a
 * request whose client ends its side early): the status line's code, or what went wrong.
 */
function rawRequest(app: AppServer, head: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(app.port, "127.0.0.1", () => socket.write(head));
    let data = "";
    socket.setTimeout(5000, () => (socket.destroy(), resolve(`timeout after: ${data.slice(0, 80)}`)));
    socket.on("data", (d) => (data += d));
    socket.on("error", (e) => resolve(`error: ${e.message}`));
    socket.on("close", () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? `no status line: ${data.slice(0, 80)}`));
  });
}

describe("hostile requests against the built server", () => {
  it("a method fetch cannot carry (TRACE, CONNECT, TRACK) or nothing serves is a 405, and the server stays up", async () => {
    const app = await serve();
    for (const method of ["TRACE", "PROPFIND", "PURGE"]) {
      for (const path of ["/", "/discover", "/api/trpc/discovery", "/healthz", "/build/nope.js"]) {
        expect(await rawRequest(app, `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), `${method} ${path}`).toBe(
          "405",
        );
      }
    }
    // A method Node's parser does not know is its own 400.
    expect(await rawRequest(app, "TRACK / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toBe("400");
    // CONNECT is Node's own event; unanswered, the socket is closed — the process must not end.
    await rawRequest(app, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const allowed = await fetch(`${app.url}/discover`, { method: "PROPFIND" });
    expect(allowed.headers.get("allow")).toContain("GET");
  });

  it("junk in the headers a page reads (Host, forwarding, cookies, token, encodings) is never a 5xx", async () => {
    const app = await serve({ TRUST_PROXY: "true" });
    const junk = [
      "",
      " ",
      "\u00ff\u00fe",
      "%",
      "a".repeat(4000),
      "::::",
      "1.2.3.4, garbage",
      "Bearer",
      "Bearer ",
      "=;=;=",
      "br;q=x, *;q=-1",
    ];
    for (const value of junk) {
      for (const header of [
        "host",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
        "cookie",
        "authorization",
        "accept-encoding",
        "x-request-id",
      ]) {
        const head = `GET /discover HTTP/1.1\r\n${header === "host" ? "" : "Host: x\r\n"}${header}: ${value}\r\nConnection: close\r\n\r\n`;
        const status = await rawRequest(app, head);
        expect(Number(status), `${header}: ${JSON.stringify(value.slice(0, 20))} → ${status}`).toBeLessThan(500);
      }
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
