// Finding a user the way an admin names one: by id, by email, or by display name (local
// accounts have no email, and a name is what people know). A name shared by several
// users is not guessed: the error lists them, so the admin can pick an id.
import type { Db } from "../adapters/db/client";
import { AppError } from "../errors";

const userMatchSelect = { id: true, name: true, email: true, dailyGenLimit: true, createdAt: true } as const;
export type UserMatch = { id: string; name: string | null; email: string | null; dailyGenLimit: number; createdAt: Date };

export function describeMatch(u: UserMatch): string {
  return `${u.id}  ${u.name ? `"${u.name}"` : "(no name)"}${u.email ? ` <${u.email}>` : ""}  since ${u.createdAt.toISOString().slice(0, 10)}`;
}

export async function findUser(db: Db, who: string): Promise<UserMatch> {
  const key = who.trim();
  if (!key) throw new AppError("BAD_REQUEST", "Name a user: an id, an email or a display name.");
  const byId = await db.user.findUnique({ where: { id: key }, select: userMatchSelect });
  if (byId) return byId;
  for (const field of ["email", "name"] as const) {
    const matches = await db.user.findMany({
      where: { [field]: { equals: key, mode: "insensitive" } },
      select: userMatchSelect,
      orderBy: { createdAt: "asc" },
      take: 20,
    });
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new AppError(
        "CONFLICT",
        `${matches.length} users have the ${field === "email" ? "email" : "display name"} "${key}"; name one by id:\n${matches.map((m) => `  ${describeMatch(m)}`).join("\n")}`,
        {
          matches: matches.map((m) => m.id),
        },
      );
    }
  }
  throw new AppError("NOT_FOUND", `No user with id, email or display name "${key}".`);
}

/** Admin override of a user's daily generation limit (npm run quota:set). */
export async function setUserDailyLimit(db: Db, who: string, limit: number): Promise<UserMatch> {
  const user = await findUser(db, who);
  return db.user.update({ where: { id: user.id }, data: { dailyGenLimit: limit }, select: userMatchSelect });
}
