// Domain code throws AppError and must not pull in the transport: nothing reachable by
// static imports from server/errors.ts or from a domain module (server/<domain>, not
// server/trpc) may import tRPC. The mapping to tRPC lives in server/trpc/app-error.ts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { toTRPCError } from "../../server/trpc/app-error";

const root = path.resolve("server");

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  // Type-only imports vanish at compile time; only value imports drag a module in.
  return [...src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!);
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Packages reachable from `entry` through value imports of our own files. */
function reachablePackages(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const walk = (file: string) => {
    if (seen.has(file) || file.includes(`${path.sep}generated${path.sep}`)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      const local = resolveLocal(file, spec);
      if (local) walk(local);
      else if (!spec.startsWith(".")) packages.set(spec, path.relative(root, file));
    }
  };
  walk(entry);
  return packages;
}

function domainModules(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory() || ["trpc", "adapters", "cli", "http"].includes(dir.name)) continue;
    for (const f of fs.readdirSync(path.join(root, dir.name))) if (f.endsWith(".ts")) out.push(path.join(root, dir.name, f));
  }
  return out;
}

describe("AppError is transport-free", () => {
  it("server/errors.ts imports no tRPC", () => {
    expect([...reachablePackages(path.join(root, "errors.ts")).keys()].filter((p) => p.startsWith("@trpc/"))).toEqual([]);
  });

  it("no domain module reaches tRPC through its imports", () => {
    const offenders = domainModules().flatMap((f) =>
      [...reachablePackages(f)].filter(([p]) => p.startsWith("@trpc/")).map(([p, via]) => `${path.relative(root, f)} → ${via} → ${p}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the tRPC layer maps every code to the tRPC code with the same HTTP status", () => {
    for (const code of [
      "BAD_REQUEST",
      "NOT_FOUND",
      "RATE_LIMITED",
      "CONTENT_BLOCKED",
      "PAYLOAD_TOO_LARGE",
      "PROVIDER_TIMEOUT",
      "INTERNAL",
    ] as const) {
      const e = new AppError(code, "x");
      const mapped = toTRPCError(e);
      expect(mapped.cause).toBe(e);
      const status = {
        BAD_REQUEST: 400,
        NOT_FOUND: 404,
        TOO_MANY_REQUESTS: 429,
        UNPROCESSABLE_CONTENT: 422,
        PAYLOAD_TOO_LARGE: 413,
        GATEWAY_TIMEOUT: 504,
        INTERNAL_SERVER_ERROR: 500,
      }[mapped.code as string];
      expect(status, code).toBe(e.httpStatus);
    }
  });
});
