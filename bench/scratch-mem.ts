import fs from "node:fs";
import autocannon from "autocannon";
import { startAppServer } from "../server/cli/app-process";
import { cpuMs, peakRssMiB, DISCOVERY_PATH } from "./throughput";
const T = fs.readFileSync("/work/scratch/token", "utf8");
for (const args of [[], ["--max-semi-space-size=4"], ["--max-semi-space-size=8"]]) {
  const app = await startAppServer({ APP_ENV: "production", ALLOW_EMBEDDED_IN_PRODUCTION: "true", ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/studio_prof", DATA_DIR: "/work/scratch/data", RATE_LIMITS: "read:1000000000", RATE_LIMITS_ANONYMOUS: "read:1000000000" }, 30000, args);
  const before = peakRssMiB(app.pid);
  const out: string[] = [];
  for (const [p, h] of [["/discover", { authorization: `Bearer ${T}` }], [DISCOVERY_PATH, { authorization: `Bearer ${T}` }], ["/discover", {}], ["/g/bench000000002", { authorization: `Bearer ${T}` }]] as const) {
    const c0 = cpuMs(app.pid);
    const r = await autocannon({ url: app.url + p, connections: 64, duration: 4, headers: h });
    out.push(`${p.slice(0, 20)} ${((cpuMs(app.pid) - c0) / r.requests.total).toFixed(2)}ms`);
  }
  console.log(JSON.stringify(args), "idle", before, "peak", peakRssMiB(app.pid), out.join(" | "));
  await app.stop();
}
