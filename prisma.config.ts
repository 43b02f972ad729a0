// Prisma CLI configuration. Prisma 6.19 in driver-adapter mode migrates with a WASM
// schema engine and downloads nothing (docs/decisions/0002-prisma-6-driver-adapter.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./server/adapters/db/migration-adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DIRECT_URL || process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL (or DIRECT_URL) must be set for Prisma CLI commands");
    return createMigrationAdapter(url);
  },
});
