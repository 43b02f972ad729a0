// POST /api/webhooks/clerk: Svix-verified user.created / user.updated / user.deleted.
// Deliveries repeat and arrive out of order: an update older than what is stored is
// ignored (User.clerkUpdatedAt), and a deleted id is tombstoned (DeletedUser) so a
// late create/update cannot bring it back.
import { Webhook, WebhookVerificationError } from "svix";
import type { Logger } from "pino";
import type { Db } from "../adapters/db/client";
import { deleteUserAndImages, type StoredImageDeleter } from "./delete-user";
import { forgetRecentCallers } from "./authenticate-request";
import { DISPLAY_NAME_MAX_CHARS } from "../contract";

type ClerkUserData = {
  id: string;
  email_addresses?: { id: string; email_address: string }[];
  primary_email_address_id?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  username?: string | null;
  image_url?: string | null;
  updated_at?: number;
  deleted?: boolean;
};

type ClerkEvent = { type: string; data: ClerkUserData; timestamp?: number };

export type WebhookOutcome = { status: number; body: { ok: boolean; outcome?: string; error?: string } };

export type WebhookDeps = { db: Db; logger: Logger; secret: string | undefined; storage: StoredImageDeleter };

export async function handleClerkWebhook(deps: WebhookDeps, rawBody: string, headers: Headers): Promise<WebhookOutcome> {
  if (!deps.secret) return { status: 503, body: { ok: false, error: "CLERK_WEBHOOK_SECRET is not configured" } };
  let event: ClerkEvent;
  try {
    event = new Webhook(deps.secret).verify(rawBody, {
      "svix-id": headers.get("svix-id") ?? "",
      "svix-timestamp": headers.get("svix-timestamp") ?? "",
      "svix-signature": headers.get("svix-signature") ?? "",
    }) as ClerkEvent;
  } catch (e) {
    if (e instanceof WebhookVerificationError || e instanceof Error) {
      deps.logger.warn({ svixId: headers.get("svix-id"), reason: e.message }, "clerk webhook rejected");
      return { status: 400, body: { ok: false, error: "invalid signature" } };
    }
    throw e;
  }
  const id = event.data?.id;
  if (typeof id !== "string" || !id) return { status: 400, body: { ok: false, error: "event without a user id" } };

  const outcome = await applyEvent(deps, event, id);
  // Renamed or deleted: this process stops answering with what it remembered at once.
  forgetRecentCallers();
  deps.logger.info({ type: event.type, userId: id, outcome, svixId: headers.get("svix-id") }, "clerk webhook");
  return { status: 200, body: { ok: true, outcome } };
}

async function applyEvent(deps: WebhookDeps, event: ClerkEvent, id: string): Promise<string> {
  switch (event.type) {
    case "user.created":
    case "user.updated":
      return upsertClerkUser(deps.db, event.data, eventTime(event));
    case "user.deleted": {
      await deps.db.$transaction(async (tx) => {
        await lockClerkId(tx, id);
        await tx.deletedUser.upsert({ where: { id }, create: { id }, update: {}, select: { id: true } });
      });
      const { deletedImages } = await deleteUserAndImages(deps, id);
      return `deleted (${deletedImages} images)`;
    }
    default:
      return "ignored";
  }
}

/** Serialises deliveries for one user id (a delete racing an update). */
async function lockClerkId(tx: Pick<Db, "$queryRaw">, id: string) {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${id}))) AS l`;
}

function eventTime(event: ClerkEvent): Date {
  return new Date(event.data.updated_at ?? event.timestamp ?? Date.now());
}

function profileOf(d: ClerkUserData) {
  const primary = d.email_addresses?.find((e) => e.id === d.primary_email_address_id) ?? d.email_addresses?.[0];
  const full = [d.first_name, d.last_name].filter(Boolean).join(" ") || d.username || null;
  // Display names are capped as local ones are (whole characters, not UTF-16 halves).
  const name = full ? Array.from(full.trim()).slice(0, DISPLAY_NAME_MAX_CHARS).join("") || null : null;
  return { email: primary?.email_address ?? null, name, imageUrl: d.image_url ?? null };
}

async function upsertClerkUser(db: Db, d: ClerkUserData, at: Date): Promise<string> {
  return db.$transaction(async (tx) => {
    await lockClerkId(tx, d.id);
    if (await tx.deletedUser.findUnique({ where: { id: d.id }, select: { id: true } })) return "ignored (deleted)";
    const profile = profileOf(d);
    // Insert, or update only when this event is newer than what was applied: one
    // statement, so concurrent deliveries cannot interleave.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "User" ("id", "email", "name", "imageUrl", "clerkUpdatedAt", "updatedAt")
      VALUES (${d.id}, ${profile.email}, ${profile.name}, ${profile.imageUrl}, ${at}, now())
      ON CONFLICT ("id") DO UPDATE SET
        "email" = EXCLUDED."email", "name" = EXCLUDED."name", "imageUrl" = EXCLUDED."imageUrl",
        "clerkUpdatedAt" = EXCLUDED."clerkUpdatedAt", "updatedAt" = now()
      WHERE "User"."clerkUpdatedAt" IS NULL OR "User"."clerkUpdatedAt" < EXCLUDED."clerkUpdatedAt"
      RETURNING "id"`;
    return rows.length ? "upserted" : "ignored (stale)";
  });
}
