// What one request may ask of the built server: a tRPC batch holds at most 20 calls (more
// is a 400 before any runs), a tRPC body at most 1 MiB, a Clerk webhook body and a page's
// form post at most 256 KiB (more is a 413, decided on the declared length or while
// counting the stream — a 100 MB upload is answered long before it has been sent, and
// never buffered). A page post that is not a form is a 415, a broken one a 400.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { startBuiltApp, type BuiltApp } from "../support/built-app";

const MiB = 1024 * 1024;
let built: BuiltApp;
let token: string;

beforeAll(async () => {
  built = await startBuiltApp({
    RATE_LIMITS: "read:1000,mutation:1000,generate:1000",
    CLERK_WEBHOOK_SECRET: `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`,
  });
  ({ token } = await built.userWithToken("limits"));
});
afterAll(async () => {
  await built?.stop();
});

type Upload = { status: number; writtenBytes: number; body: string };

/**
 * POSTs `totalBytes` as fast as the socket takes them (chunked, or with the length
 * declared up front) and stops writing as soon as the answer arrives.
 */
function upload(
  path: string,
  totalBytes: number,
  opts: { declare?: boolean; sendBytes?: number; contentType?: string } = {},
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const sendBytes = opts.sendBytes ?? totalBytes;
    const req = http.request(`${built.app.url}${path}`, {
      method: "POST",
      headers: {
        "content-type": opts.contentType ?? "application/json",
        authorization: `Bearer ${token}`,
        ...(opts.declare ? { "content-length": String(totalBytes) } : {}),
      },
    });
    const timer = setTimeout(() => (req.destroy(), reject(new Error(`no answer after ${written} bytes`))), 20_000);
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d: Buffer) => (body += d));
      res.on("end", () => (clearTimeout(timer), resolve({ status: res.statusCode!, writtenBytes: written, body })));
    });
    // The server closes the connection once it has answered: a write racing that is expected.
    req.on("error", (e) => {
      if (!answered) {
        clearTimeout(timer);
        reject(e);
      }
    });
    // Headers go out now, even when no body byte will follow.
    req.flushHeaders();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && written < sendBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered && written >= totalBytes) req.end();
    };
    pump();
  });
}

async function quotaUsed(): Promise<number> {
  return (await createClient({ url: built.app.url, token }).quota.query()).used;
}

describe("batch size", () => {
  it("a batch of 21 generate calls is a 400 before any of them runs", async () => {
    const n = 21;
    const paths = Array.from({ length: n }, () => "generate").join(",");
    const body = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [i, { json: { prompt: `batch picture ${i}`, skipOptimize: true } }]),
    );
    const res = await fetch(`${built.app.url}/api/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("A batch may hold at most 20 calls");
    expect(await built.db.generation.count()).toBe(0);
    expect(await quotaUsed()).toBe(0);
  });

  it("a batch of 20 is served, and the typed client splits bigger ones by itself", async () => {
    const paths = Array.from({ length: 20 }, () => "health").join(",");
    const res = await fetch(`${built.app.url}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(20);
    const studio = createClient({ url: built.app.url, token });
    const all = await Promise.all(Array.from({ length: 45 }, () => studio.health.query({ includeDatabase: false })));
    expect(all.every((h) => h.ok)).toBe(true);
  });
});

describe("tRPC body size", () => {
  it("a body over 1 MiB is a typed 413", async () => {
    const studio = createClient({ url: built.app.url, token });
    const e = await studio.apiTokens.create.mutate({ name: "x".repeat(MiB + 1) }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TRPCClientError);
    const err = e as TRPCClientError<AppRouter>;
    expect(err.data?.httpStatus).toBe(413);
    expect(err.data?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(err.message).toContain("1024 KiB");
    expect(await built.db.apiToken.count()).toBe(1);
  });

  it("a body just under the limit is read and judged on its content", async () => {
    const studio = createClient({ url: built.app.url, token });
    const e = (await studio.apiTokens.create
      .mutate({ name: "x".repeat(MiB - 100) })
      .catch((err: unknown) => err)) as TRPCClientError<AppRouter>;
    expect(e.data?.httpStatus).toBe(400);
  });

  it("a 100 MB chunked upload is answered 413 after at most a few MiB, and the server stays up", async () => {
    const res = await upload("/api/trpc/generate", 100 * MiB);
    expect(res.status).toBe(413);
    expect(res.body).toContain("PAYLOAD_TOO_LARGE");
    expect(res.writtenBytes).toBeLessThan(32 * MiB);
    expect((await fetch(`${built.app.url}/healthz`)).status).toBe(200);
  });

  it("a declared 100 MB body is refused before a byte of it is sent", async () => {
    const res = await upload("/api/trpc/generate", 100 * MiB, { declare: true, sendBytes: 0 });
    expect(res.status).toBe(413);
    expect(res.writtenBytes).toBe(0);
  });
});

describe("Clerk webhook body size", () => {
  const signed = { "svix-id": "msg_1", "svix-timestamp": String(Math.floor(Date.now() / 1000)), "svix-signature": "v1,bogus" };

  it("over 256 KiB is a 413 before the signature is looked at", async () => {
    const big = JSON.stringify({ type: "user.created", data: { id: "user_x", pad: "x".repeat(300 * 1024) } });
    const res = await fetch(`${built.app.url}/api/webhooks/clerk`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signed },
      body: big,
    });
    expect(res.status).toBe(413);
    // The same bogus signature on a small body is judged on the signature.
    const small = await fetch(`${built.app.url}/api/webhooks/clerk`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signed },
      body: "{}",
    });
    expect(small.status).toBe(400);
    expect(await small.json()).toMatchObject({ error: "invalid signature" });
  });

  it("a 100 MB chunked delivery is answered 413 after at most a few MiB", async () => {
    const res = await upload("/api/webhooks/clerk", 100 * MiB);
    expect(res.status).toBe(413);
    expect(res.writtenBytes).toBeLessThan(32 * MiB);
  });

  it("a declared 100 MB delivery is refused before a byte of it is sent", async () => {
    const res = await upload("/api/webhooks/clerk", 100 * MiB, { declare: true, sendBytes: 0 });
    expect(res.status).toBe(413);
    expect((await fetch(`${built.app.url}/healthz`)).status).toBe(200);
  });
});

describe("page form posts", () => {
  const FORM = "application/x-www-form-urlencoded";

  it("over 256 KiB is a 413; a 100 MB chunked post is answered after at most a few MiB", async () => {
    const declared = await upload("/create", 300 * 1024, { declare: true, sendBytes: 0, contentType: FORM });
    expect(declared.status).toBe(413);
    const chunked = await upload("/create", 100 * MiB, { contentType: FORM });
    expect(chunked.status).toBe(413);
    expect(chunked.writtenBytes).toBeLessThan(32 * MiB);
    expect((await fetch(`${built.app.url}/healthz`)).status).toBe(200);
  });

  it("a post that is not a form is a 415 that says what to send; a broken multipart body is a 400", async () => {
    for (const [type, body] of [
      ["application/json", JSON.stringify({ prompt: "a lighthouse" })],
      ["text/plain", "prompt=a lighthouse"],
    ] as const) {
      const res = await fetch(`${built.app.url}/create`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": type },
        body,
      });
      expect(res.status, type).toBe(415);
      const html = await res.text();
      expect(html).toContain("application/x-www-form-urlencoded or multipart/form-data");
      // Titled as what it is, not as the studio it was posted to.
      expect(html).toContain("<title>Request refused | Image Studio</title>");
    }
    const broken = await fetch(`${built.app.url}/create`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "multipart/form-data; boundary=abc" },
      body: "--abc\r\nnot a part header\r\n",
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain("The form could not be read");
    // None of them made a picture.
    expect(await built.db.generation.count({ where: { originalPrompt: "a lighthouse" } })).toBe(0);
  });

  it("an answer that did not need the upload leaves the kept-alive connection usable", async () => {
    // Signed out, /create answers "sign in" without reading the form: the rest of the
    // upload is read and dropped, and the same connection serves the next request.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const req = http.request(
          `${built.app.url}${path}`,
          { method, agent, headers: body ? { "content-type": FORM, "content-length": String(body.length) } : {} },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode!, socket: req.socket }));
          },
        );
        req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
        req.on("error", reject);
        req.end(body);
      });
    try {
      const first = await send("POST", "/create", Buffer.alloc(200 * 1024, 0x61));
      expect(first.status).toBe(302);
      for (let i = 0; i < 3; i++) {
        const next = await send("GET", "/healthz");
        expect(next.status).toBe(200);
        expect(next.socket).toBe(first.socket);
      }
    } finally {
      agent.destroy();
    }
  });

  it("a path that decodes to //… or /\\… is a 400, not a page that crashes", async () => {
    for (const path of ["/%5c", "/%5cevil.example", "/%2f%2fevil.example/x", "/%5C%5C"]) {
      const res = await fetch(`${built.app.url}${path}`);
      expect(res.status, path).toBe(400);
    }
  });
});
