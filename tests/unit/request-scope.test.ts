import { describe, expect, it } from "vitest";
import { newRequestScope, oncePerRequest } from "../../server/request-scope";

describe("request scope", () => {
  it("computes a value once per scope, across awaits", async () => {
    let calls = 0;
    const scope = newRequestScope();
    const who = () => oncePerRequest(scope, "caller", async () => `user-${++calls}`);
    const a = await who();
    await new Promise((r) => setTimeout(r, 1));
    expect([a, await who()]).toEqual(["user-1", "user-1"]);
    expect(calls).toBe(1);
  });

  it("keeps concurrent requests apart", async () => {
    let calls = 0;
    const request = async (name: string) => {
      const scope = newRequestScope();
      const first = await oncePerRequest(scope, "caller", async () => `${name}-${++calls}`);
      await new Promise((r) => setTimeout(r, 5));
      return [first, await oncePerRequest(scope, "caller", async () => "recomputed")];
    };
    const [a, b] = await Promise.all([request("a"), request("b")]);
    expect(a).toEqual(["a-1", "a-1"]);
    expect(b).toEqual(["b-2", "b-2"]);
    expect(calls).toBe(2);
  });

  it("remembers nothing without a scope", async () => {
    let calls = 0;
    await oncePerRequest(undefined, "caller", async () => ++calls);
    await oncePerRequest(null, "caller", async () => ++calls);
    expect(calls).toBe(2);
  });
});
