// Comments and docs point at decision records by number: each must exist.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const roots = ["server", "app", "tests", "client", "bench", "docs", "prisma"];
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : walk(p);
    return /\.(ts|tsx|md|prisma)$/.test(e.name) ? [p] : [];
  });
}
const files = [".env.example", "README.md", ...roots.flatMap(walk)];
const adrs = fs.readdirSync("docs/decisions");

describe("references to decision records", () => {
  it("name ADRs that exist, and the README's links resolve", () => {
    const dangling: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/docs\/decisions\/(\d{4})(-[a-z0-9-]+\.md)?/g)) {
        if (m[2] ? !adrs.includes(`${m[1]}${m[2]}`) : !adrs.some((a) => a.startsWith(`${m[1]}-`))) dangling.push(`${file}: ${m[0]}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it("cite the limits ADR for limits and the identity ADR for accounts", () => {
    const limits = adrs.find((a) => a.includes("limits"))!.slice(0, 4);
    const identity = adrs.find((a) => a.includes("identity"))!.slice(0, 4);
    expect(fs.readFileSync("server/limits/catalogue.ts", "utf8")).toContain(`docs/decisions/${limits}`);
    expect(fs.readFileSync(".env.example", "utf8")).toContain(`docs/decisions/${limits}`);
    expect(fs.readFileSync("server/users/local-accounts.ts", "utf8")).toContain(`docs/decisions/${identity}`);
    expect(fs.readFileSync("server/adapters/auth/clerk.ts", "utf8")).toContain(`docs/decisions/${identity}`);
  });
});
