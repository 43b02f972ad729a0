// Local accounts (no Clerk keys): a display name and, optionally, a password. A name
// that has a password needs it; a name without one is a shared local profile, which is
// acceptable only because local mode listens on 127.0.0.1 (docs/decisions/0005).
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Db } from "../adapters/db/client";
import { AppError } from "../errors";
import { DISPLAY_NAME_MAX_CHARS } from "../contract";
import { isStorableText } from "../validation/safe-text";
import { sessionUserSelect, toSessionUser } from "./user-select";
import type { SessionUser } from "./session-user";

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
const LOCAL_ID_PREFIX = "local_";

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 64);
  return `scrypt$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length);
  return timingSafeEqual(actual, expected);
}

export type LocalSignIn = { name: string; password?: string };

export async function signInLocal(db: Db, input: LocalSignIn): Promise<SessionUser> {
  const name = input.name.trim();
  const password = input.password || undefined;
  if (!name || name.length > DISPLAY_NAME_MAX_CHARS)
    throw new AppError("BAD_REQUEST", `Enter a display name of at most ${DISPLAY_NAME_MAX_CHARS} characters.`);
  if (!isStorableText(name) || (password && !isStorableText(password))) {
    throw new AppError("BAD_REQUEST", "Names and passwords can't contain the NUL character or unpaired UTF-16 surrogates.");
  }
  const existing = await db.user.findFirst({
    where: { id: { startsWith: LOCAL_ID_PREFIX }, name: { equals: name, mode: "insensitive" } },
    select: { ...sessionUserSelect, passwordHash: true },
    orderBy: { createdAt: "asc" },
  });
  if (existing) {
    const { passwordHash, ...user } = existing;
    if (passwordHash && !(password && (await verifyPassword(password, passwordHash)))) {
      throw new AppError("UNAUTHORIZED", "That name is protected by a password, and the password does not match.");
    }
    if (!passwordHash && password) {
      // First password set on a shared profile protects it from now on.
      await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) }, select: { id: true } });
    }
    return toSessionUser(user, "local-session");
  }
  const created = await db.user.create({
    data: {
      id: `${LOCAL_ID_PREFIX}${randomBytes(12).toString("base64url")}`,
      name,
      passwordHash: password ? await hashPassword(password) : null,
    },
    select: sessionUserSelect,
  });
  return toSessionUser(created, "local-session");
}
