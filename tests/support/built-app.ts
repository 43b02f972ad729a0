// The built server (node build/index.js) on a database of the test file's own, plus a
// direct Prisma handle on that database to seed users and API tokens and to check rows.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../../server/adapters/db/client";
import { createApiToken } from "../../server/users/api-tokens";
import { startAppServer, type AppServer } from "./app-server";
import { createTestDatabase } from "./test-db";

export type BuiltApp = {
  app: AppServer;
  db: Db;
  databaseUrl: string;
  dataDir: string;
  /** A user row and a personal API token for it. */
  userWithToken: (name: string) => Promise<{ id: string; token: string }>;
  stop: () => Promise<void>;
};

let n = 0;

export async function startBuiltApp(env: Record<string, string> = {}): Promise<BuiltApp> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-built-"));
  const { db, pool } = createDb({ url: database.url, max: 3 });
  let app: AppServer | undefined;
  try {
    app = await startAppServer({ DATABASE_URL: database.url, DATA_DIR: dataDir, ...env });
  } catch (e) {
    await db.$disconnect();
    await pool.end();
    await database.drop();
    throw e;
  }
  return {
    app,
    db,
    databaseUrl: database.url,
    dataDir,
    async userWithToken(name) {
      const id = `test_${name}_${Date.now().toString(36)}_${++n}`;
      await db.user.create({ data: { id, name } });
      const { token } = await createApiToken(db, id, "test");
      return { id, token };
    },
    async stop() {
      await app?.stop();
      await db.$disconnect();
      await pool.end();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
