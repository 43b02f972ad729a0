import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/fail-on-console.ts"],
    env: { NODE_ENV: "test", APP_ENV: "test", LOG_LEVEL: "silent" },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: more workers only add contention.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
