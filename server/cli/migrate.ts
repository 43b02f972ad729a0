// `npm run db:migrate`: apply prisma/migrations to DATABASE_URL or the embedded database.
import { loadEnvOrExit } from "./load-env";
import { getLogger } from "../logger";
import { openMigratedDatabase } from "./database";

const env = loadEnvOrExit();
const logger = getLogger();
const db = await openMigratedDatabase(env, logger);
logger.info("database is up to date");
await db.stop();
