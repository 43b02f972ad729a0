import type { Prisma } from "../adapters/db/client";

/**
 * What a deleted picture leaves while its quota window runs: no prompt, no files, not public,
 * status "deleted". It keeps counting as a used unit, so deleting never hands one back
 * (docs/decisions/0013).
 */
export const tombstoneData = {
  status: "deleted",
  originalPrompt: "",
  betterPrompt: null,
  negativePrompt: null,
  imageUrl: null,
  thumbnailUrl: null,
  storageKey: null,
  thumbnailKey: null,
  isPublic: false,
} satisfies Prisma.GenerationUpdateManyMutationInput;
