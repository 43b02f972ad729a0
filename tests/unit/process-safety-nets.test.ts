// The app server's last-resort handlers (server/http/run-app-server.ts): an unhandled
// rejection is logged and the process keeps serving; an uncaught exception is logged,
// requests in flight are drained, and the process exits 1 for its supervisor.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");

function runChild(...args: string[]) {
  const res = spawnSync(process.execPath, [tsx, "tests/fixtures/safety-nets-child.ts", ...args], { encoding: "utf8", timeout: 20_000 });
  const lines = res.stdout.split("\n").filter(Boolean);
  const logs = lines
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } });
  return { status: res.status, lines, logs, stderr: res.stderr };
}

describe("process safety nets", () => {
  it("logs an unhandled rejection and keeps serving", () => {
    const { status, lines, logs, stderr } = runChild();
    expect(stderr).toBe("");
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: "unhandled promise rejection (kept serving)",
        err: expect.objectContaining({ message: "a provider call nobody awaited" }),
      }),
    );
    expect(lines).toContain("still serving");
    expect(status).toBe(0);
  });

  it("logs an uncaught exception, drains, and exits 1", () => {
    const { status, lines, logs } = runChild("--throw");
    expect(lines).toContain("still serving");
    expect(logs).toContainEqual(expect.objectContaining({ level: 60, err: expect.objectContaining({ message: "a bug in a callback" }) }));
    expect(lines.at(-1)).toBe("drained");
    expect(status).toBe(1);
  });
});
