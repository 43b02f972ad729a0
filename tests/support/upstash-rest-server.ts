// A loopback server speaking the Upstash Redis REST contract (POST / with a JSON
// command array, /pipeline and /multi-exec with arrays of them, Bearer auth,
// `Upstash-Encoding: base64` replies), backed by the real Redis, so @upstash/redis and
// @upstash/ratelimit run their own code paths against it. Like Upstash it accepts Lua
// scripts with a `#!lua flags=...` shebang (stock Redis 7.0 does not: we strip it).
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";
import { stripLuaShebang } from "../../server/adapters/limiter/tcp-redis";

type Reply = { result: unknown } | { error: string };

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

function encode(v: unknown): unknown {
  if (typeof v === "string") return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(encode);
  return v;
}

export type UpstashRestServer = { url: string; token: string; requests: () => number; close: () => Promise<void> };

export async function startUpstashRestServer(redisUrl: string, token = "test-upstash-token"): Promise<UpstashRestServer> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const scripts = new Map<string, string>(); // sha of the script as sent → stripped script
  let count = 0;

  async function exec(cmd: unknown[]): Promise<Reply> {
    if (!Array.isArray(cmd) || cmd.length === 0) return { error: "ERR command must be a non-empty array" };
    const [name, ...args] = cmd.map((a) => (typeof a === "string" ? a : JSON.stringify(a)));
    try {
      const upper = name.toUpperCase();
      if (upper === "EVAL") {
        const [script, ...rest] = args;
        const stripped = stripLuaShebang(script);
        scripts.set(sha1(script), stripped);
        return { result: await redis.call("EVAL", stripped, ...rest) };
      }
      if (upper === "EVALSHA") {
        const [sha, ...rest] = args;
        const stripped = scripts.get(sha);
        if (!stripped) return { error: "NOSCRIPT No matching script. Please use EVAL." };
        return { result: await redis.call("EVAL", stripped, ...rest) };
      }
      if (upper === "SCRIPT" && args[0]?.toUpperCase() === "LOAD") {
        scripts.set(sha1(args[1]), stripLuaShebang(args[1]));
        return { result: sha1(args[1]) };
      }
      return { result: await redis.call(name, ...args) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  const server = http.createServer(async (req, res) => {
    count++;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST") return send(405, { error: "method not allowed" });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(400, { error: "ERR failed to parse command" });
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const out = (r: Reply) => ("result" in r && base64 ? { result: encode(r.result) } : r);
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body)) return send(400, { error: "ERR pipeline body must be an array of commands" });
      const replies: Reply[] = [];
      // Our pipelines are small; sequential execution keeps order like Upstash does.
      for (const cmd of body) replies.push(out(await exec(cmd as unknown[])));
      return send(200, replies);
    }
    const reply = out(await exec(body as unknown[]));
    return send("error" in reply ? 400 : 200, reply);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests: () => count,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      redis.disconnect();
    },
  };
}

/** A TCP/HTTP peer that accepts connections and never answers (a hung Redis or proxy). */
export async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const net = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
