// `npm run quota:set -- <user> <n>` changes a user's daily limit, by id, email or display name.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../support/test-db";

const require = createRequire(import.meta.url);
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
  await services.db.user.create({ data: { id: "user_cli_1", email: "Quota@Example.test", name: "Q" } });
  // Local accounts: a display name and no email.
  await services.db.user.create({ data: { id: "local_cli_ada", name: "Ada Lovelace" } });
  await services.db.user.create({ data: { id: "local_cli_sam1", name: "Sam", createdAt: new Date("2026-01-02T00:00:00Z") } });
  await services.db.user.create({ data: { id: "local_cli_sam2", name: "sam", createdAt: new Date("2026-03-04T00:00:00Z") } });
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

const limitOf = async (id: string) =>
  (await services.db.user.findUniqueOrThrow({ where: { id }, select: { dailyGenLimit: true } })).dailyGenLimit;

describe("quota:set", () => {
  it("sets the limit by user id and by email (any case)", async () => {
    const byId = quotaSet("user_cli_1", "25");
    expect(byId.status).toBe(0);
    expect(byId.stdout).toMatch(/^user_cli_1 {2}"Q" <Quota@Example\.test> {2}since \d{4}-\d\d-\d\d: daily generation limit is now 25\n$/);
    expect(await limitOf("user_cli_1")).toBe(25);
    expect(quotaSet("quota@example.test", "3").status).toBe(0);
    expect(await limitOf("user_cli_1")).toBe(3);
  });

  it("sets it by a unique display name, quoted or not, in any case", async () => {
    const quoted = quotaSet("ada lovelace", "7");
    expect(quoted.status, quoted.stderr).toBe(0);
    expect(quoted.stdout).toContain('local_cli_ada  "Ada Lovelace"');
    expect(await limitOf("local_cli_ada")).toBe(7);
    expect(quotaSet("Ada", "Lovelace", "8").status).toBe(0);
    expect(await limitOf("local_cli_ada")).toBe(8);
  });

  it("lists the users a shared display name could mean, and changes none of them", async () => {
    const ambiguous = quotaSet("Sam", "50");
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toContain('2 users have the display name "Sam"; name one by id:');
    expect(ambiguous.stderr).toContain('local_cli_sam1  "Sam"  since 2026-01-02');
    expect(ambiguous.stderr).toContain('local_cli_sam2  "sam"  since 2026-03-04');
    expect(await limitOf("local_cli_sam1")).toBe(10);
    expect(await limitOf("local_cli_sam2")).toBe(10);
    expect(quotaSet("local_cli_sam2", "50").status).toBe(0);
    expect(await limitOf("local_cli_sam2")).toBe(50);
  });

  it("refuses unknown users and bad numbers", async () => {
    const unknown = quotaSet("nobody@example.test", "5");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No user with id, email or display name "nobody@example.test".');
    const bad = quotaSet("user_cli_1", "-1");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage:");
    expect(quotaSet("5").status).toBe(2);
    expect(await limitOf("user_cli_1")).toBe(3);
  });
});
