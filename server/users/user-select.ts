import type pg from "pg";
import type { Prisma } from "../adapters/db/client";
import { statement } from "../adapters/db/sql";
import type { SessionUser } from "./session-user";

/** What a request needs to know about its user. */
export const sessionUserSelect = {
  id: true,
  name: true,
  email: true,
  imageUrl: true,
  dailyGenLimit: true,
} satisfies Prisma.UserSelect;

export function toSessionUser(row: Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>, via: SessionUser["via"]): SessionUser {
  return { ...row, via };
}

/** The same columns as sessionUserSelect, for statements run straight on the pool (`u` is "User"). */
export const SESSION_USER_COLUMNS = `u.id, u.name, u.email, u."imageUrl", u."dailyGenLimit"`;

/** A user by id in one statement on the pool: what every signed-in page and call asks first. */
export async function findSessionUser(pool: pg.Pool, id: string, via: SessionUser["via"]): Promise<SessionUser | null> {
  const { rows } = await pool.query<Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>>(
    statement(`SELECT ${SESSION_USER_COLUMNS} FROM "User" u WHERE u.id = $1`, [id], "session_user_by_id"),
  );
  return rows[0] ? toSessionUser(rows[0], via) : null;
}
