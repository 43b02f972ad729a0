// Clerk users in Postgres: kept in sync by the webhook (server/users/clerk-webhook.ts);
// a verified session for a user the webhook has not delivered yet creates a bare row.
import type { Db } from "../adapters/db/client";
import { sessionUserSelect, toSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";

export async function ensureClerkUser(db: Db, clerkId: string): Promise<SessionUser | null> {
  const row = await db.user.findUnique({ where: { id: clerkId }, select: sessionUserSelect });
  if (row) return toSessionUser(row, "clerk");
  // A deleted user's token can outlive the deletion by up to its lifetime (~60 s).
  if (await db.deletedUser.findUnique({ where: { id: clerkId }, select: { id: true } })) return null;
  const created = await db.user.upsert({ where: { id: clerkId }, create: { id: clerkId }, update: {}, select: sessionUserSelect });
  return toSessionUser(created, "clerk");
}
