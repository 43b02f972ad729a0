// Chooses where progress events travel, once from env: Redis (REDIS_URL; shared by
// every instance) or in-process. Upstash REST cannot hold a subscription, so with
// Upstash alone progress stays in-process (logged at start).
import type { Logger } from "pino";
import type { AdapterChoice, Env } from "../../env";
import { MemoryProgress } from "./memory-progress";
import { RedisProgress } from "./redis-progress";
import type { ProgressPort } from "./progress-port";

export type { ProgressEvent, ProgressPort, ProgressStage } from "./progress-port";

export function createProgressPort(env: Env, choice: AdapterChoice["progress"], logger: Logger, prefix = env.LIMITER_PREFIX): ProgressPort {
  if (choice === "redis") return new RedisProgress({ url: env.REDIS_URL!, prefix, logger });
  return new MemoryProgress();
}
