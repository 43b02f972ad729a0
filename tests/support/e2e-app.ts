// One browser-test file's world: the built app (node build/index.js) on its own database and
// image folder, plus in-process services on the *same* database and folder so a test
// can seed users and pictures, or change a user's limit, directly.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { createServices, type Services } from "../../server/services";
import { createLogger } from "../../server/logger";
import { parseEnv } from "../../server/env";
import { startAppServer, type AppServer } from "./app-server";
import { createTestDatabase } from "./test-db";
import { callerFor, createUser } from "./pipeline";
import type { SessionUser } from "../../server/users/session-user";

export type E2eApp = {
  app: AppServer;
  services: Services;
  dataDir: string;
  /** Signs a browser context in as `user` with the app's own signed session cookie. */
  signInContext: (context: BrowserContext, user: SessionUser) => Promise<void>;
  createUser: (name: string) => Promise<SessionUser>;
  caller: (user: SessionUser | null) => ReturnType<typeof callerFor>;
  dispose: () => Promise<void>;
};

export async function startE2eApp(extraEnv: Record<string, string> = {}): Promise<E2eApp> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-e2e-"));
  const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, SESSION_SECRET: `e2e-session-secret-${"x".repeat(40)}`, ...extraEnv };
  const app = await startAppServer(env);
  const services = createServices({
    env: parseEnv({ NODE_ENV: "test", ...env }),
    databaseUrl: database.url,
    logger: createLogger({ level: "silent" }),
  });
  return {
    app,
    services,
    dataDir,
    async signInContext(context, user) {
      if (services.auth.kind !== "local") throw new Error("signInContext needs local auth");
      const setCookie = await services.auth.local.signIn(new Request(app.url), user.id);
      const [pair] = setCookie.split(";");
      const eq = pair!.indexOf("=");
      await context.addCookies([{ name: pair!.slice(0, eq), value: pair!.slice(eq + 1), url: app.url }]);
    },
    createUser: (name) => createUser(services, name),
    caller: (user) => callerFor(services, user),
    async dispose() {
      await app.stop();
      await services.close();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
