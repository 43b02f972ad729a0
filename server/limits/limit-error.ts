import { AppError } from "../errors";

/** What callers (and the UI) learn about a limit: which one, and when it resets. */
export type LimitDetails = {
  /** rate: per minute; daily: the 24 h quota; queue: too many of your generations waiting or running. */
  limit: "rate" | "daily" | "queue";
  max: number;
  remaining: number;
  /** ISO time the limit resets. */
  resetAt: string;
};

export function rateLimitedError(details: LimitDetails): AppError {
  const message =
    details.limit === "daily"
      ? `Daily generation limit reached (${details.max} per day${details.remaining > 0 ? `; ${details.remaining} left, fewer than you asked for` : ""}). It resets at ${details.resetAt}.`
      : details.limit === "queue"
        ? `You already have ${details.max - details.remaining} generations waiting or running (at most ${details.max}). Start more when some finish.`
        : `Too many requests: at most ${details.max} per minute. Try again at ${details.resetAt}.`;
  return new AppError("RATE_LIMITED", message, details);
}

export function limiterDownError(cause: unknown): AppError {
  return new AppError("SERVICE_UNAVAILABLE", "Limits cannot be checked right now; try again in a moment.", undefined, { cause });
}

/** HTTP headers for a limit decision (Retry-After only when refused). */
export function limitHeaders(details: LimitDetails, refused: boolean): Record<string, string> {
  const resetMs = Date.parse(details.resetAt);
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(details.max),
    "X-RateLimit-Remaining": String(Math.max(0, details.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(resetMs / 1000)),
  };
  if (refused) headers["Retry-After"] = String(Math.max(1, Math.ceil((resetMs - Date.now()) / 1000)));
  return headers;
}
