import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** The TRPCError a call rejected with (fails the test if it resolved or threw something else). */
export async function trpcErrorOf(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}
