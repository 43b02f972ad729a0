// The one place an AppError (server/errors.ts, transport-free) becomes a tRPC error: the
// error-mapping middleware uses it for every procedure, the error formatter for errors
// raised outside a procedure (input envelope, context), the progress stream for errors
// raised after the middleware has returned.
import { TRPCError } from "@trpc/server";
import { AppError, type AppErrorCode } from "../errors";

type TRPCErrorCode = TRPCError["code"];

export const trpcCodeOf: Record<AppErrorCode, TRPCErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  CONTENT_BLOCKED: "UNPROCESSABLE_CONTENT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  PROVIDER_ERROR: "BAD_GATEWAY",
  PROVIDER_TIMEOUT: "GATEWAY_TIMEOUT",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

export function toTRPCError(e: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeOf[e.code], message: e.message, cause: e });
}

/** An AppError becomes its tRPC error; anything else is passed through unchanged. */
export function mapAppError(e: unknown): unknown {
  return e instanceof AppError ? toTRPCError(e) : e;
}
