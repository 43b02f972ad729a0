// Every named limit in one place (Documenso's rate-limits.ts idea). Procedures pick a
// name; nothing else hard-codes a number.

export type FailurePolicy = "closed" | "open";

export type RateLimitSpec = {
  /** Calls per window for a signed-in user. */
  max: number;
  /** Calls per window for an anonymous caller, keyed by IP. */
  anonymousMax: number;
  windowMs: number;
  /** What to do when the limiter store is down or slow (docs/decisions/0006). */
  onStoreDown: FailurePolicy;
};

const MINUTE = 60_000;

export const rateLimits = {
  /** Renders a picture: the paid call. */
  generate: { max: 10, anonymousMax: 0, windowMs: MINUTE, onStoreDown: "closed" },
  /** Rewrites a prompt with a language model: also paid. */
  optimize: { max: 10, anonymousMax: 0, windowMs: MINUTE, onStoreDown: "closed" },
  /** Any other write (update, delete, tokens, sign-in). */
  mutation: { max: 10, anonymousMax: 10, windowMs: MINUTE, onStoreDown: "open" },
  /** Like / unlike: cheap, but each one moves a picture in top and trending. */
  like: { max: 60, anonymousMax: 0, windowMs: MINUTE, onStoreDown: "open" },
  /** History's ZIP download: up to 100 pictures read from storage in one response. */
  download: { max: 10, anonymousMax: 0, windowMs: MINUTE, onStoreDown: "open" },
  /** Cheap reads (feeds, one generation, quota). */
  read: { max: 120, anonymousMax: 60, windowMs: MINUTE, onStoreDown: "open" },
} as const satisfies Record<string, RateLimitSpec>;

export type RateLimitName = keyof typeof rateLimits;

/**
 * Daily generation quota: a rolling 24 h window over the user's own Generation rows (each
 * unit frees up 24 h after it was taken). It needs no limiter store, so it has no
 * store-down policy (server/limits/daily-quota.ts).
 */
export const dailyQuota = {
  windowMs: 24 * 60 * 60 * 1000,
  /** What a new user gets; the per-user value lives in User.dailyGenLimit. */
  defaultMax: 10,
};
