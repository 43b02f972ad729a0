// `npm run db:new-migration -- <name>`: write the SQL that takes the migrations folder
// to schema.prisma (prisma migrate diff), then apply it. Fast and offline (ADR 0002).
import fs from "node:fs";
import path from "node:path";
import { loadEnvOrExit } from "./load-env";
import { getLogger } from "../logger";
import { openMigratedDatabase } from "./database";
import { migrateDatabase, prismaCli } from "../adapters/db/migrate";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: npm run db:new-migration -- <snake_case_name>\n");
  process.exit(1);
}
const env = loadEnvOrExit();
const logger = getLogger();
const db = await openMigratedDatabase(env, logger);
try {
  const { code, output } = await prismaCli(
    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { DATABASE_URL: db.url, DIRECT_URL: db.directUrl },
  );
  if (code !== 0) throw new Error(output);
  const sql = output
    .split("\n")
    .filter((l) => !/^(Loaded Prisma config|Prisma config detected|npm warn)/.test(l))
    .join("\n")
    .trim();
  if (!sql || /^-- This is an empty migration/.test(sql)) {
    logger.info("schema.prisma matches the migrations: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    logger.info({ dir }, "migration written");
    await migrateDatabase(db.url, { directUrl: db.directUrl });
    logger.info("migration applied");
  }
} finally {
  await db.stop();
}
