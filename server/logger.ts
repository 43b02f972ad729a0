// One pino logger. Ids and timings are logged; prompts, tokens, cookies and keys never.
import pino, { type Logger } from "pino";
import { getEnv } from "./env";

const SECRET_KEYS = [
  "authorization",
  "cookie",
  "set-cookie",
  "token",
  "apiKey",
  "password",
  "secret",
  "prompt",
  "originalPrompt",
  "betterPrompt",
  "negativePrompt",
];

export const redactPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export function createLogger(options: { level?: string; pretty?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const env = getEnv();
  const level = options.level ?? env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "silent" : "info");
  const pretty = options.pretty ?? (env.NODE_ENV === "development" && !options.destination);
  const base = { level, redact: { paths: redactPaths, censor: "[redacted]" } };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: {
        target: "pino-pretty",
        options: { colorize: true, ignore: "pid,hostname", translateTime: "HH:MM:ss", singleLine: true },
      },
    });
  }
  return pino(base);
}

let root: Logger | undefined;

export function getLogger(): Logger {
  root ??= createLogger();
  return root;
}
