// CLIs read an optional .env file (Node's own loader) before validating the env.
import fs from "node:fs";
import { EnvError, getEnv, type Env } from "../env";

export function loadEnvOrExit(file = ".env"): Env {
  if (fs.existsSync(file)) process.loadEnvFile(file);
  try {
    return getEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`${e.message}\n\nSee .env.example for what each variable means.\n`);
      process.exit(1);
    }
    throw e;
  }
}
