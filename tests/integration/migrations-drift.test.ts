// schema.prisma and prisma/migrations must describe the same database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaCli } from "../../server/adapters/db/migrate";
import { createTestDatabase } from "../support/test-db";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const diff = (schema: string) =>
  prismaCli(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", schema, "--exit-code"], {
    DATABASE_URL: db.url,
  });

describe("migrations", () => {
  it("match schema.prisma exactly", async () => {
    const { code, output } = await diff("prisma/schema.prisma");
    expect(output).toContain("No difference detected");
    expect(code).toBe(0);
  }, 60_000);

  it("are reported as drifted when the schema changes without a migration", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    const changed = fs
      .readFileSync("prisma/schema.prisma", "utf8")
      .replace("model User {", "model User {\n  nickname String?")
      .replace('output          = "../server/adapters/db/generated"', `output = "${dir}/gen"`);
    const file = path.join(dir, "schema.prisma");
    fs.writeFileSync(file, changed);
    const { code, output } = await diff(file);
    expect(code).toBe(2);
    expect(output).toContain("nickname");
  }, 60_000);
});
