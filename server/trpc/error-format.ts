// What a caller sees of an error. Two rules: a 500 never carries internal text (Prisma,
// PostgreSQL, a stack) — it says "Something went wrong" and the request id to quote; and
// a malformed request (bad JSON, a broken superjson envelope) is a plain 400 that says
// what was wrong with the envelope, not what a parser threw inside.
import { TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { AppError, httpStatusOf } from "../errors";
import { trpcCodeOf } from "./app-error";
import { MAX_BATCH_CALLS } from "../http/request-limits";

// tRPC's own text for a batch over maxBatchSize, which does not say what the limit is.
const TRPC_BATCH_TOO_LARGE = "Batch call exceeds maximum size";

export function internalErrorMessage(requestId: string | null): string {
  return requestId ? `Something went wrong. If it keeps happening, quote request id ${requestId}.` : "Something went wrong.";
}

/** A parser's or deserializer's own text (SyntaxError, TypeError, RangeError …) is never shown. */
function malformedInputMessage(cause: Error): string {
  return cause instanceof SyntaxError
    ? "The request's input is not valid JSON."
    : "The request's input is not a valid envelope: send superjson, { json, meta? }.";
}

export function formatError({
  shape,
  error,
  ctx,
}: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  ctx: { requestId: string } | undefined;
}) {
  const cause = error.cause;
  const requestId = ctx?.requestId ?? null;
  const app = cause instanceof AppError ? cause : null;
  let { message } = shape;
  let data: TRPCDefaultErrorShape["data"] = { ...shape.data };
  if (app && trpcCodeOf[app.code] !== error.code) {
    // An AppError raised outside a procedure (input envelope, context) reaches here
    // wrapped in tRPC's generic code: give it its own.
    data = { ...data, code: trpcCodeOf[app.code], httpStatus: httpStatusOf[app.code] };
    message = app.message;
  }
  const code = data.code;
  if (code === "INTERNAL_SERVER_ERROR") {
    message = internalErrorMessage(requestId);
  } else if (message === TRPC_BATCH_TOO_LARGE) {
    message = `A batch may hold at most ${MAX_BATCH_CALLS} calls; split it into several requests.`;
  } else if (!app && cause instanceof Error && !(cause instanceof ZodError) && !(cause instanceof TRPCError)) {
    message = malformedInputMessage(cause);
  }
  return {
    ...shape,
    code: TRPC_ERROR_CODES_BY_KEY[code],
    message,
    data: {
      ...data,
      // Never ship server stack traces to callers.
      stack: undefined,
      requestId,
      zodIssues: cause instanceof ZodError ? cause.issues : null,
      appCode: app ? app.code : null,
      details: app ? (app.data ?? null) : null,
    },
  };
}
