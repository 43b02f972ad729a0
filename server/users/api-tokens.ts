// Personal API tokens: `sk_studio_` + 32 random bytes. Only the sha256 is stored; the
// token is shown once, at creation, and never logged or returned again.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Prisma } from "../adapters/db/client";
import { AppError } from "../errors";
import { sessionUserSelect, toSessionUser } from "./user-select";
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

/** The user a token belongs to, or null when it is unknown or revoked. */
export async function userForApiToken(db: Db, token: string): Promise<SessionUser | null> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: sessionUserSelect } },
  });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) }, select: { id: true } });
  }
  return toSessionUser(row.user, "api-token");
}
