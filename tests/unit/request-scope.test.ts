import { describe, expect, it } from "vitest";
import { oncePerRequest, runInRequestScope } from "../../server/request-scope";

describe("request scope", () => {
  it("computes a value once per request, across awaits", async () => {
    let calls = 0;
    const who = () => oncePerRequest("caller", async () => `user-${++calls}`);
    const answers = await runInRequestScope(async () => {
      const a = await who();
      await new Promise((r) => setTimeout(r, 1));
      return [a, await who()];
    });
    expect(answers).toEqual(["user-1", "user-1"]);
    expect(calls).toBe(1);
  });

  it("keeps concurrent requests apart", async () => {
    let calls = 0;
    const request = (name: string) =>
      runInRequestScope(async () => {
        const first = await oncePerRequest("caller", async () => `${name}-${++calls}`);
        await new Promise((r) => setTimeout(r, 5));
        return [first, await oncePerRequest("caller", async () => "recomputed")];
      });
    const [a, b] = await Promise.all([request("a"), request("b")]);
    expect(a).toEqual([a[0], a[0]]);
    expect(b).toEqual([b[0], b[0]]);
    expect(a[0]).not.toBe(b[0]);
    expect(calls).toBe(2);
  });

  it("remembers nothing outside a request", async () => {
    let calls = 0;
    await oncePerRequest("caller", async () => ++calls);
    await oncePerRequest("caller", async () => ++calls);
    expect(calls).toBe(2);
  });
});
