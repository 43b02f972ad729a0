// The built app served as `npm start` serves it (node build/index.js), on a free
// loopback port, against a test database.
import { startAppServer as start, type AppServer } from "../../server/cli/app-process";

export { freePort, type AppServer } from "../../server/cli/app-process";

export function startAppServer(env: Record<string, string>): Promise<AppServer> {
  return start({ APP_ENV: "test", ...env });
}
