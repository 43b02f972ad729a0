// Personal API tokens: `sk_studio_` + 32 random bytes. Only the sha256 is stored; the
// token is shown once, at creation, and never logged or returned again.
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import type { Db, Prisma } from "../adapters/db/client";
import { statement } from "../adapters/db/sql";
import { AppError } from "../errors";
import { SESSION_USER_COLUMNS, toSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";

export const API_TOKEN_PREFIX = "sk_studio_";
const MAX_TOKENS_PER_USER = 25;
/** lastUsedAt is a hint, not an audit log: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const apiTokenViewSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

export type ApiTokenView = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenViewSelect }>;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

export async function createApiToken(db: Db, userId: string, name: string): Promise<ApiTokenView & { token: string }> {
  const active = await db.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_TOKENS_PER_USER)
    throw new AppError("CONFLICT", `You can have at most ${MAX_TOKENS_PER_USER} active tokens; revoke one first.`);
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { userId, name, tokenHash: hashApiToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) },
    select: apiTokenViewSelect,
  });
  return { ...row, token };
}

export function listApiTokens(db: Db, userId: string): Promise<ApiTokenView[]> {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: apiTokenViewSelect,
  });
}

export async function revokeApiToken(db: Db, userId: string, id: string): Promise<ApiTokenView> {
  // Scoped by user: someone else's token id is simply not found.
  const res = await db.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await db.apiToken.findFirst({ where: { id, userId }, select: apiTokenViewSelect });
  if (!row || (res.count === 0 && !row.revokedAt)) throw new AppError("NOT_FOUND", "No such token.");
  return row;
}

/**
 * The user a token belongs to, or null when it is unknown or revoked: one indexed
 * statement on the pool (the caller lookup runs on every API call; through Prisma it was
 * the largest item of a signed-in read's CPU, docs/decisions/0017-serving-speed.md).
 */
export async function userForApiToken(deps: { db: Db; pool: pg.Pool }, token: string): Promise<SessionUser | null> {
  const { rows } = await deps.pool.query<{
    tokenId: string;
    revoked: boolean;
    lastUsedMs: number | null;
    id: string;
    name: string | null;
    email: string | null;
    imageUrl: string | null;
    dailyGenLimit: number;
  }>(
    // Prepared once per connection (server/adapters/db/sql.ts).
    statement(
      `SELECT t.id AS "tokenId", t."revokedAt" IS NOT NULL AS revoked,
       (extract(epoch FROM t."lastUsedAt") * 1000)::float8 AS "lastUsedMs", ${SESSION_USER_COLUMNS}
     FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE t."tokenHash" = $1`,
      [hashApiToken(token)],
      "caller_by_api_token",
    ),
  );
  const row = rows[0];
  if (!row || row.revoked) return null;
  const now = Date.now();
  if (row.lastUsedMs == null || now - row.lastUsedMs > LAST_USED_RESOLUTION_MS) {
    await deps.db.apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date(now) }, select: { id: true } });
  }
  const { tokenId: _t, revoked: _r, lastUsedMs: _l, ...user } = row;
  return toSessionUser(user, "api-token");
}
