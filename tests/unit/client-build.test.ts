// The client build leaves Remix's single fetch out (patches/@remix-run+react+*.patch maps
// single-fetch.js to a stub in browser bundles, ADR 0017). That holds only while the
// future flag stays off: this test is the reminder if someone turns it on.
import { describe, expect, it } from "vitest";
import remixConfig from "../../remix.config.js";

describe("the client build", () => {
  it("keeps Remix's v3_singleFetch off, which the browser stub of single fetch relies on", () => {
    const future = (remixConfig as { future?: Record<string, boolean> }).future ?? {};
    expect(future.v3_singleFetch ?? false).toBe(false);
  });

  it("the stub names what to undo if single fetch is ever reached", async () => {
    const stub = (await import("@remix-run/react/dist/esm/single-fetch.browser.js" as string)) as Record<string, () => unknown>;
    expect(Object.keys(stub).sort()).toEqual(["StreamTransfer", "decodeViaTurboStream", "getSingleFetchDataStrategy", "singleFetchUrl"]);
    expect(() => stub.singleFetchUrl!()).toThrow(/single fetch is not in this client build.*patches/);
  });
});
