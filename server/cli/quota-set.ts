// `npm run quota:set -- <userId|email|display name> <n>`: set a user's daily generation
// limit. It applies on the user's next generate (the limit is read per request). Works
// while the app runs on the embedded database (it joins that server) and against
// DATABASE_URL. A display name shared by several users lists them instead.
import path from "node:path";
import { loadEnvOrExit } from "./load-env";
import { getLogger } from "../logger";
import { openDatabase } from "./database";
import { createDb } from "../adapters/db/client";
import { runningEmbeddedUrl } from "../adapters/db/embedded-postgres";
import { describeMatch, setUserDailyLimit } from "../users/find-user";
import { AppError } from "../errors";

// The limit is the last argument; everything before it names the user, so an unquoted
// display name with spaces still works.
const args = process.argv.slice(2);
const value = args.at(-1);
const who = args.slice(0, -1).join(" ");
const limit = Number(value);
if (!who || !Number.isInteger(limit) || limit < 0 || limit > 100_000) {
  process.stderr.write("usage: npm run quota:set -- <userId|email|display name> <daily limit, 0..100000>\n");
  process.exit(2);
}

const env = loadEnvOrExit();
const logger = getLogger();
const joined = env.DATABASE_URL
  ? null
  : runningEmbeddedUrl({
      dataDir: path.join(env.DATA_DIR, "postgres"),
      port: env.EMBEDDED_PG_PORT,
      database: "studio",
      fallbackDir: env.EMBEDDED_PG_FALLBACK_DIR,
    });
const handle = joined ? { url: joined, stop: async () => {} } : await openDatabase(env, logger);
const { db, pool } = createDb({ url: handle.url, max: 1 });
let code = 0;
try {
  const user = await setUserDailyLimit(db, who, limit);
  process.stdout.write(`${describeMatch(user)}: daily generation limit is now ${user.dailyGenLimit}\n`);
} catch (e) {
  if (!(e instanceof AppError)) throw e;
  process.stderr.write(`${e.message}\n`);
  code = 1;
} finally {
  await db.$disconnect();
  await pool.end();
  await handle.stop();
}
process.exit(code);
