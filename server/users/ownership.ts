import type { Prisma } from "../adapters/db/client";

/** What the ownership base procedure loads; routers select more as they need. */
export const ownedGenerationSelect = {
  id: true,
  userId: true,
  isPublic: true,
  storageKey: true,
  thumbnailKey: true,
} satisfies Prisma.GenerationSelect;
