// POST /api/webhooks/clerk with Svix-signed bodies: valid, forged, stale, duplicated
// and out-of-order deliveries; deletion removes rows and stored images.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "svix";
import { clerkWebhook } from "~/lib/auth.server";
import { createTestServices, type TestServices } from "../support/test-db";
import { filesUnder, tempImageStorage, testPng } from "../support/pipeline";

const secret = `whsec_${randomBytes(24).toString("base64")}`;
let services: TestServices;
let images: Awaited<ReturnType<typeof tempImageStorage>>;

beforeAll(async () => {
  services = await createTestServices({ CLERK_WEBHOOK_SECRET: secret });
  images = await tempImageStorage();
  services.storage = images.storage;
});
afterAll(async () => {
  await services?.dispose();
  await images?.cleanup();
});

let seq = 0;
function userEvent(type: string, id: string, updatedAt: number, over: Record<string, unknown> = {}) {
  return {
    type,
    object: "event",
    timestamp: updatedAt,
    data:
      type === "user.deleted"
        ? { id, object: "user", deleted: true }
        : {
            id,
            object: "user",
            first_name: "Ada",
            last_name: "Lovelace",
            image_url: "https://img.clerk.example/ada.png",
            primary_email_address_id: "idn_1",
            email_addresses: [{ id: "idn_1", email_address: "ada@example.test" }],
            updated_at: updatedAt,
            ...over,
          },
  };
}

function signed(payload: unknown, opts: { secret?: string; at?: Date; msgId?: string } = {}) {
  const body = JSON.stringify(payload);
  const msgId = opts.msgId ?? `msg_${++seq}`;
  const at = opts.at ?? new Date();
  const signature = new Webhook(opts.secret ?? secret).sign(msgId, at, body);
  return new Request("http://127.0.0.1/api/webhooks/clerk", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": msgId,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": signature,
    },
    body,
  });
}

const deliver = (req: Request) => clerkWebhook(req, services);
const userRow = (id: string) =>
  services.db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, imageUrl: true } });

describe("Clerk webhook", () => {
  it("creates and updates users; repeated deliveries change nothing", async () => {
    const t = Date.now();
    const created = signed(userEvent("user.created", "user_wh_1", t));
    const again = created.clone();
    expect((await deliver(created)).status).toBe(200);
    expect(await userRow("user_wh_1")).toEqual({
      id: "user_wh_1",
      name: "Ada Lovelace",
      email: "ada@example.test",
      imageUrl: "https://img.clerk.example/ada.png",
    });
    expect((await deliver(again)).status).toBe(200);
    expect(await services.db.user.count({ where: { id: "user_wh_1" } })).toBe(1);

    expect((await deliver(signed(userEvent("user.updated", "user_wh_1", t + 1000, { first_name: "Augusta" })))).status).toBe(200);
    expect((await userRow("user_wh_1"))?.name).toBe("Augusta Lovelace");
  });

  it("caps a display name at 60 characters, never splitting a character", async () => {
    const t = Date.now();
    const long = `${"🦊".repeat(30)} ${"Lovelace".repeat(30)}`;
    expect((await deliver(signed(userEvent("user.created", "user_wh_long", t, { first_name: long, last_name: null })))).status).toBe(200);
    const name = (await userRow("user_wh_long"))!.name!;
    expect(Array.from(name)).toHaveLength(60);
    expect(name.startsWith("🦊".repeat(30))).toBe(true);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("ignores an update older than what is stored (out of order)", async () => {
    const t = Date.now();
    await deliver(signed(userEvent("user.updated", "user_wh_2", t + 5000, { first_name: "Newest" })));
    const late = await deliver(signed(userEvent("user.updated", "user_wh_2", t, { first_name: "Older" })));
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ outcome: "ignored (stale)" });
    const lateCreate = await deliver(signed(userEvent("user.created", "user_wh_2", t - 1000, { first_name: "Oldest" })));
    expect(lateCreate.status).toBe(200);
    expect((await userRow("user_wh_2"))?.name).toBe("Newest Lovelace");
  });

  it("answers 400 to forged, stale and unsigned deliveries, and changes nothing", async () => {
    const t = Date.now();
    const forged = signed(userEvent("user.created", "user_wh_forged", t), { secret: `whsec_${randomBytes(24).toString("base64")}` });
    const stale = signed(userEvent("user.created", "user_wh_stale", t), { at: new Date(Date.now() - 10 * 60_000) });
    const unsigned = new Request("http://127.0.0.1/api/webhooks/clerk", {
      method: "POST",
      body: JSON.stringify(userEvent("user.created", "user_wh_unsigned", t)),
    });
    const good = signed(userEvent("user.updated", "user_wh_1", t + 60_000, { first_name: "Mallory" }));
    const tampered = new Request(good.url, { method: "POST", headers: good.headers, body: (await good.text()).replace("Mallory", "Eve") });
    for (const req of [forged, stale, unsigned, tampered]) expect((await deliver(req)).status).toBe(400);
    expect(await services.db.user.count({ where: { id: { in: ["user_wh_forged", "user_wh_stale", "user_wh_unsigned"] } } })).toBe(0);
    expect((await userRow("user_wh_1"))?.name).toBe("Augusta Lovelace");
  });

  it("deletes the user's rows and stored images; later events cannot bring them back", async () => {
    const t = Date.now();
    await deliver(signed(userEvent("user.created", "user_wh_3", t)));
    const keys = ["ab/AAAAAAAAAAAAAAAAAAAAAAAA.png", "ab/AAAAAAAAAAAAAAAAAAAAAAAA.thumb.webp"];
    const png = await testPng();
    for (const k of keys) await services.storage.put(k, png, "image/png");
    await services.db.generation.create({
      data: {
        userId: "user_wh_3",
        status: "succeeded",
        width: 64,
        height: 64,
        originalPrompt: "p",
        model: "m",
        provider: "local",
        aspectRatio: "1:1",
        storageKey: keys[0],
        thumbnailKey: keys[1],
      },
    });
    await services.db.apiToken.create({
      data: { userId: "user_wh_3", name: "t", tokenHash: randomBytes(32).toString("hex"), prefix: "sk_studio_x" },
    });
    expect(await filesUnder(images.dir)).toHaveLength(2);

    const del = signed(userEvent("user.deleted", "user_wh_3", t + 1000));
    const delAgain = del.clone();
    expect((await deliver(del)).status).toBe(200);
    expect(await userRow("user_wh_3")).toBeNull();
    expect(await services.db.generation.count({ where: { userId: "user_wh_3" } })).toBe(0);
    expect(await services.db.apiToken.count({ where: { userId: "user_wh_3" } })).toBe(0);
    expect(await filesUnder(images.dir)).toEqual([]);

    expect((await deliver(delAgain)).status).toBe(200);
    // A delayed update (even one stamped later) must not resurrect a deleted user.
    expect(await deliver(signed(userEvent("user.updated", "user_wh_3", t + 5000)))).toHaveProperty("status", 200);
    expect(await userRow("user_wh_3")).toBeNull();
  });

  it("handles concurrent duplicate deliveries", async () => {
    const t = Date.now();
    const payload = userEvent("user.created", "user_wh_4", t);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(signed(payload, { msgId: "msg_dup" }))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await services.db.user.count({ where: { id: "user_wh_4" } })).toBe(1);
  });
});
