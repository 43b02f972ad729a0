import type { Prisma } from "../adapters/db/client";
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
