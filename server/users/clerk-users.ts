// Clerk users in Postgres: kept in sync by the webhook (server/users/clerk-webhook.ts);
// a verified session for a user the webhook has not delivered yet creates a bare row.
import type pg from "pg";
import type { Db } from "../adapters/db/client";
import { findSessionUser, sessionUserSelect, toSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";

export async function ensureClerkUser({ db, pool }: { db: Db; pool: pg.Pool }, clerkId: string): Promise<SessionUser | null> {
  const found = await findSessionUser(pool, clerkId, "clerk");
  if (found) return found;
  // A deleted user's token can outlive the deletion by up to its lifetime (~60 s).
  if (await db.deletedUser.findUnique({ where: { id: clerkId }, select: { id: true } })) return null;
  const created = await db.user.upsert({ where: { id: clerkId }, create: { id: clerkId }, update: {}, select: sessionUserSelect });
  return toSessionUser(created, "clerk");
}
