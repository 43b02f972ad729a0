/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*"],
  serverModuleFormat: "esm",
  // build/index.js is the whole production server (app/server-main.ts): `node build/index.js`.
  server: "app/server-main.ts",
  serverPlatform: "node",
  tailwind: true,
  postcss: true,
  // Server code is bundled; these ship WASM or native parts and stay external.
  serverDependenciesToBundle: [],
  watchPaths: ["server/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
