// Lint: typescript-eslint's recommended rules, React hooks, and the layering of
// DESIGN.md enforced by eslint-plugin-boundaries — arrows point down only:
// app → server/trpc → server/<domain> → server/services → server/adapters → core.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import boundaries from "eslint-plugin-boundaries";

const layers = [
  // Browser-safe constants shared by the server, the browser and the typed client: import-free.
  { type: "contract", pattern: "server/{contract,http/request-limits}.ts", mode: "file" },
  // Browser-side code: may not reach into the server at all (types only, see below).
  { type: "components", pattern: "app/components/**" },
  { type: "client", pattern: "app/lib/*.client.ts", mode: "file" },
  { type: "shared", pattern: "app/lib/shared/**" },
  // Pages, resource routes and the loader bridge.
  { type: "app", pattern: "app/**" },
  // Entry points: compose everything.
  { type: "cli", pattern: "server/cli/**" },
  { type: "http", pattern: "server/http/**" },
  { type: "trpc", pattern: "server/trpc/**" },
  { type: "adapters", pattern: "server/adapters/**" },
  // Process-wide definitions every layer may use.
  { type: "core", pattern: "server/{env,logger,errors,request-scope}.ts", mode: "file" },
  { type: "core", pattern: "server/models/catalogue.ts", mode: "file" },
  { type: "services", pattern: "server/services.ts", mode: "file" },
  { type: "domain", pattern: "server/*/**" },
  { type: "client-lib", pattern: "client/**" },
];

// Which layers each layer may import: its own and the ones below it ("type" = type imports only).
const allowed = {
  components: ["contract", "components", "shared"],
  shared: ["shared"],
  // The browser tRPC client needs only `type AppRouter`.
  client: ["client", "shared", "components", "contract", "type:trpc", "type:domain"],
  "client-lib": ["client-lib", "contract", "type:trpc"],
  contract: [],
  app: ["contract", "app", "components", "client", "shared", "http", "trpc", "domain", "services", "core", "type:adapters"],
  cli: ["contract", "cli", "http", "trpc", "domain", "services", "adapters", "core"],
  http: ["contract", "http", "domain", "services", "adapters", "core"],
  trpc: ["contract", "trpc", "http", "domain", "services", "core", "type:adapters"],
  domain: ["contract", "domain", "services", "adapters", "core"],
  services: ["contract", "adapters", "core"],
  adapters: ["contract", "adapters", "core"],
  core: ["contract", "core"],
};
const policies = Object.entries(allowed).map(([from, targets]) => ({
  from: { element: { type: from } },
  allow: targets.map((t) =>
    t.startsWith("type:") ? { to: { element: { type: t.slice(5) } }, dependency: { kind: "type" } } : { to: { element: { type: t } } },
  ),
}));

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "build/**",
      "public/build/**",
      "data/**",
      "server/adapters/db/generated/**",
      "tests/artifacts/**",
      "bench/results/**",
      ".cache/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "error",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts", "client/**/*.ts"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": layers,
      "boundaries/include": ["app/**/*", "server/**/*", "client/**/*"],
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".js"] } },
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", policies }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { process: "readonly", global: "readonly", console: "readonly", require: "readonly", module: "writable" } },
  },
  {
    files: ["server/cli/**", "bench/**", "tests/**", "*.config.*"],
    rules: { "no-console": "off" },
  },
);
