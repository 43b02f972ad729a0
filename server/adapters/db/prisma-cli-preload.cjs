// Preloaded into `prisma` CLI runs (server/adapters/db/migrate.ts). The WASM schema
// engine arms a 10 s timer while applying migrations and the CLI waits for it before
// exiting; the work itself is done in ~1 s. Long timers are unref'd so they cannot
// keep the finished process alive (they still fire if the process is busy anyway).
const original = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
