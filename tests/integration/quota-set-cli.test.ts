// `npm run quota:set -- <user> <n>` changes a user's daily limit, by id or by email.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";

const require = createRequire(import.meta.url);
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
  await services.db.user.create({ data: { id: "user_cli_1", email: "Quota@Example.test", name: "Q" } });
});
afterAll(async () => {
  await services?.dispose();
});

function quotaSet(...args: string[]) {
  const tsx = require.resolve("tsx/cli");
  return spawnSync(process.execPath, [tsx, "server/cli/quota-set.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: services.databaseUrl, LOG_LEVEL: "silent", NODE_ENV: "test" },
  });
}

const limitOf = async (id: string) => (await services.db.user.findUniqueOrThrow({ where: { id }, select: { dailyGenLimit: true } })).dailyGenLimit;

describe("quota:set", () => {
  it("sets the limit by user id and by email (any case)", async () => {
    const byId = quotaSet("user_cli_1", "25");
    expect(byId.status).toBe(0);
    expect(byId.stdout).toContain("user_cli_1 <Quota@Example.test>: daily generation limit is now 25");
    expect(await limitOf("user_cli_1")).toBe(25);
    expect(quotaSet("quota@example.test", "3").status).toBe(0);
    expect(await limitOf("user_cli_1")).toBe(3);
  });

  it("refuses unknown users and bad numbers", async () => {
    const unknown = quotaSet("nobody@example.test", "5");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("No user with id or email nobody@example.test");
    const bad = quotaSet("user_cli_1", "-1");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage:");
    expect(await limitOf("user_cli_1")).toBe(3);
  });
});
