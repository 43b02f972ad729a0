// The production safety checks hold wherever the server starts: `node build/index.js`
// (what npm start spawns, and what a deployment runs) refuses local accounts on a
// non-loopback HOST and embedded defaults in production, exactly as npm start does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startAppServer } from "../support/app-server";
import { spawnAppServer, stopChild } from "../../server/cli/app-process";
import { createTestDatabase } from "../support/test-db";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** Runs build/index.js and waits for it to exit (or gives up, stops it and says so). */
async function exitOf(env: Record<string, string>, waitMs = 15_000): Promise<{ code: number | null; output: string }> {
  const child = spawnAppServer({ PORT: String(await freePort()), LOG_LEVEL: "warn", DATABASE_URL: db.url, ...env });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const code = await new Promise<number | null | "running">((resolve) => {
    const timer = setTimeout(() => resolve("running"), waitMs);
    child.once("exit", (c) => (clearTimeout(timer), resolve(c)));
  });
  if (code === "running") {
    await stopChild(child);
    throw new Error(`node build/index.js started instead of refusing:\n${output}`);
  }
  return { code, output };
}

describe("node build/index.js refuses what npm start refuses", () => {
  it("local accounts on a non-loopback HOST", async () => {
    const { code, output } = await exitOf({ APP_ENV: "test", HOST: "0.0.0.0" });
    expect(code).toBe(1);
    expect(output).toMatch(/Refusing to start:\n {2}- HOST: local accounts listen on 127\.0\.0\.1 only \(got 0\.0\.0\.0\)/);
    expect(output).not.toMatch(/^\s+at /m);
  });

  it("a DATA_DIR it cannot make a folder in (disk storage and local accounts keep files there)", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "studio-refuse-file-"));
    const file = path.join(parent, "not-a-folder");
    fs.writeFileSync(file, "");
    try {
      const { code, output } = await exitOf({ APP_ENV: "test", DATA_DIR: path.join(file, "data") });
      expect(code).toBe(1);
      expect(output).toContain(`DATA_DIR (${path.join(file, "data")}) cannot be used: a file is in the way where a folder should be`);
      expect(output).toMatch(/Set DATA_DIR to a folder this user can write/);
      expect(output).not.toMatch(/^\s+at |uncaught/m);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it("embedded defaults in production", async () => {
    const { code, output } = await exitOf({ APP_ENV: "production", HOST: "127.0.0.1" });
    expect(code).toBe(1);
    expect(output).toMatch(/Refusing to start in production on embedded defaults/);
    expect(output).toMatch(/CLERK_PUBLISHABLE_KEY: required in production/);
    expect(output).toMatch(/SUPABASE_URL: required in production/);
    // Limits on the production database are a production setup (docs/decisions/0013), not an embedded default.
    expect(output).not.toMatch(/REDIS_URL/);
  });

  it("production without DATABASE_URL (the embedded database)", async () => {
    const { code, output } = await exitOf({
      APP_ENV: "production",
      HOST: "127.0.0.1",
      DATABASE_URL: "",
      ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
    });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL: required in production/);
  });

  it("still serves when production explicitly allows the embedded defaults", async () => {
    const app = await startAppServer({
      APP_ENV: "production",
      DATABASE_URL: db.url,
      ALLOW_EMBEDDED_IN_PRODUCTION: "true",
      ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
    });
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
