// What counts as "the database is unreachable" (a 503) and what stays an internal error.
import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { isDatabaseUnreachable, outageLogFields } from "../../server/system/database-unavailable";

const sys = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code}`), { code, syscall });

describe("isDatabaseUnreachable", () => {
  it.each([
    ["pg's connect refused", sys("ECONNREFUSED", "connect")],
    ["a reset mid-query", sys("ECONNRESET", "read")],
    ["an unknown host", sys("ENOTFOUND", "getaddrinfo")],
    ["pg losing its connection", new Error("Connection terminated unexpectedly")],
    ["pg's pool timing out", new Error("timeout exceeded when trying to connect")],
    [
      "PostgreSQL shutting down (57P01)",
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ],
    ["PostgreSQL starting up (57P03)", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["too many connections (53300)", Object.assign(new Error("sorry, too many clients already"), { code: "53300" })],
    ["a connection exception (08006)", Object.assign(new Error("connection failure"), { code: "08006" })],
    [
      "Prisma's P1001 through the pg driver adapter",
      Object.assign(new Error("Can't reach database server"), {
        code: "P1001",
        meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
      }),
    ],
    ["one wrapped in another", new Error("lookup failed", { cause: sys("ECONNREFUSED", "connect") })],
  ])("%s: yes", (_, e) => expect(isDatabaseUnreachable(e)).toBe(true));

  it.each([
    ["a unique violation (23505)", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a missing file", sys("ENOENT", "open")],
    ["a refused connection that is not a socket's (a spawn)", sys("ECONNREFUSED", "spawn")],
    [
      "a domain error",
      new AppError("SERVICE_UNAVAILABLE", "Limits cannot be checked right now.", undefined, { cause: sys("ECONNREFUSED", "connect") }),
    ],
    ["a plain bug", new TypeError("Cannot read properties of undefined")],
    [
      "Supabase unreachable (supabase-js over fetch, refused underneath)",
      Object.assign(new Error("supabase delete failed: fetch failed"), {
        cause: Object.assign(new Error("fetch failed"), {
          name: "StorageUnknownError",
          cause: new TypeError("fetch failed", { cause: sys("ECONNREFUSED", "connect") }),
        }),
      }),
    ],
    ["nothing", undefined],
    ["a string", "ECONNREFUSED"],
  ])("%s: no", (_, e) => expect(isDatabaseUnreachable(e)).toBe(false));
});

describe("outageLogFields", () => {
  it("logs pg's one line and code, and never Prisma's message (it quotes the query's arguments)", () => {
    expect(outageLogFields(sys("ECONNREFUSED", "connect"))).toEqual({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" });
    const prisma = Object.assign(
      new Error(
        'Invalid `db.generation.findMany()` invocation:\n{ where: { originalPrompt: "a secret prompt" } }\nCan\'t reach database server',
      ),
      {
        code: "P1001",
        meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
      },
    );
    expect(outageLogFields(prisma)).toEqual({ code: "P1001", message: "DatabaseNotReachable" });
    expect(JSON.stringify(outageLogFields(prisma))).not.toContain("secret prompt");
    expect(outageLogFields(new TypeError("a bug"))).toEqual({});
  });
});
