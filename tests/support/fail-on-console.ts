// A stray console.error or console.warn fails the test that printed it (Epic Stack's rule):
// unexpected errors must not scroll by unnoticed.
import { afterEach, beforeEach, vi } from "vitest";

let calls: string[] = [];

beforeEach(() => {
  calls = [];
  for (const method of ["error", "warn"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(" ")}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length) {
    const printed = calls.join("\n");
    calls = [];
    throw new Error(`Unexpected console output:\n${printed}`);
  }
});
