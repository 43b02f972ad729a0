// PostgreSQL down, restarting or out of connections is an outage, not a bug: callers get a
// 503 that says so (and when to try again), not "Something went wrong" with a request id.
// What counts: failing to connect or losing the connection (pg and the Node socket under
// it), PostgreSQL's connection-exception and shutdown SQLSTATEs, and Prisma's own codes for
// the same. Anything else stays an internal error.
import { AppError } from "../errors";

export const DATABASE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now; try again in a moment.";

/** Seconds a client is told to wait (Retry-After) when a store (the database, picture storage) is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

// Node's socket errors on connect or mid-query (pg reports them as they are).
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
// SQLSTATE class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot
// connect now), 53300 (too many connections).
const SQLSTATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// Prisma: can't reach, timed out, server closed the connection, pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// pg's own words when a connection dies or cannot be had in time.
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;
// Prisma's driver adapter (adapter-pg) names the kind of failure.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

type Inspectable = {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  kind?: unknown;
};

function isUnreachableOne(e: Inspectable): boolean {
  const code = typeof e.code === "string" ? e.code : "";
  if (SOCKET_CODES.has(code) && (e.syscall === undefined || ["connect", "read", "write", "getaddrinfo"].includes(String(e.syscall))))
    return true;
  if (SQLSTATES.test(code) || PRISMA_CODES.has(code)) return true;
  if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind ?? e.kind;
  return typeof kind === "string" && ADAPTER_KINDS.has(kind);
}

/** The error in `e`'s cause chain that says the database is unreachable, or null. */
function unreachableCause(e: unknown): Inspectable | null {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    if (current instanceof AppError) return null;
    // An HTTP client's failure (undici's "fetch failed": Supabase, Upstash, a model) wraps
    // the same socket errors, but it is not the database.
    if (current instanceof TypeError && current.message === "fetch failed") return null;
    if (isUnreachableOne(current as Inspectable)) return current as Inspectable;
    current = (current as Inspectable).cause;
  }
  return null;
}

/** Whether `e` (or what caused it, a few levels down) is the database being unreachable. */
export function isDatabaseUnreachable(e: unknown): boolean {
  return unreachableCause(e) !== null;
}

/**
 * What to log of such an error: its code, and pg's or Node's one-line message. Never
 * Prisma's message, which quotes the query's arguments (a prompt, a search).
 */
export function outageLogFields(e: unknown): { code?: string; message?: string } {
  const found = unreachableCause(e);
  if (!found) return {};
  const code = typeof found.code === "string" ? found.code : undefined;
  const kind = found.meta?.driverAdapterError?.cause?.kind;
  if (code && PRISMA_CODES.has(code)) return { code, message: typeof kind === "string" ? kind : undefined };
  const firstLine = typeof found.message === "string" ? found.message.trim().split("\n")[0]!.slice(0, 200) : undefined;
  return { code, message: firstLine };
}

export function databaseUnavailableError(cause: unknown): AppError {
  return new AppError("SERVICE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, { reason: "database" }, { cause });
}
