// Helpers for pipeline tests: users, authenticated callers, a test PNG, temp image dirs.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { createContextInner } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/root";
import type { Services } from "../../server/services";
import type { SessionUser } from "../../server/users/session-user";
import type { GenerationView } from "../../server/generations/generation-view";
import type { TRPCClient } from "@trpc/client";
import { generateAndWait, type AppRouter, type GenerateInput } from "../../client";
import { createDiskStorage } from "../../server/adapters/storage/disk-storage";
import type { Db, Prisma } from "../../server/adapters/db/client";

let n = 0;

export async function createUser(services: Services, name = `user${++n}`): Promise<SessionUser> {
  const id = `test_${name}_${Date.now().toString(36)}_${n}`;
  await services.db.user.create({ data: { id, name, email: `${id}@example.test` } });
  return { id, name, email: `${id}@example.test`, imageUrl: null, dailyGenLimit: 10, via: "test" };
}

/**
 * A finished picture row written straight to the database, for feed, search and
 * organisation tests (no model run; no files unless the fields name storage keys).
 * Defaults: succeeded, public, 64×64, 1:1, model "m" on "local".
 */
export async function insertPicture(
  db: Db,
  userId: string,
  fields: Omit<Prisma.GenerationUncheckedCreateInput, "userId" | "width" | "height" | "model" | "provider" | "aspectRatio"> &
    Partial<Pick<Prisma.GenerationUncheckedCreateInput, "width" | "height" | "model" | "provider" | "aspectRatio">>,
): Promise<string> {
  const row = await db.generation.create({
    data: {
      status: "succeeded",
      width: 64,
      height: 64,
      model: "m",
      provider: "local",
      aspectRatio: "1:1",
      isPublic: true,
      ...fields,
      userId,
    },
    select: { id: true },
  });
  return row.id;
}

export function callerFor(services: Services, user: SessionUser | null) {
  return createCaller(createContextInner({ services, user }));
}

type Caller = ReturnType<typeof callerFor>;

/**
 * One picture, finished: `generate` with `wait: true` (a worker must be running, in this
 * process or the app's). A failed generation rejects with its error, as generate did when
 * it rendered in the request.
 */
export async function generateOne(
  caller: Caller,
  input: Omit<Parameters<Caller["generate"]>[0], "wait" | "count">,
): Promise<GenerationView> {
  const { generations } = await caller.generate({ ...input, wait: true });
  const g = generations[0]!;
  if (!g.picture) throw new Error(`generation ${g.id} did not finish: ${g.status}`);
  return g.picture;
}

export async function tempImageStorage() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "studio-images-"));
  return { storage: createDiskStorage(dir), dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out;
}

export function testPng(width = 64, height = 64, color = "#3366cc"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

/** One finished picture through the typed client over HTTP (the app's own workers render it). */
export async function pictureVia(studio: TRPCClient<AppRouter>, input: Omit<GenerateInput, "wait" | "count">) {
  const { generations } = await generateAndWait(studio, input);
  const g = generations[0]!;
  if (!g.picture) throw new Error(`generation ${g.id} did not finish: ${g.status}`);
  return g.picture;
}
