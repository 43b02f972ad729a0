// Remix lineage for a picture's page (issue 11): what it was remixed from and its remixes.
// Only what the viewer may see is shown: a parent that is gone, a tombstone or someone
// else's private picture all read "a deleted picture" (nothing says which), and remixes
// count only public finished ones plus the viewer's own.
import type { Db, GenerationStatus } from "../adapters/db/client";
import { generationViewSelect, likedIdsOf, toGenerationViews, type GenerationView, type ViewUrlSigner } from "./generation-view";
import { getGeneration } from "./manage-generation";

export const REMIX_PREVIEWS = 6;

export type RemixParent = { status: "available"; picture: GenerationView } | { status: "deleted" };

export type GenerationDetail = GenerationView & {
  /** null when it is not a remix. */
  parent: RemixParent | null;
  /** How many remixes the viewer can see, and the newest few. */
  remixes: { count: number; items: GenerationView[] };
};

const visibleTo = (viewerId: string | null) => ({
  OR: [
    { isPublic: true, status: "succeeded" as GenerationStatus },
    ...(viewerId ? [{ userId: viewerId, status: "succeeded" as GenerationStatus }] : []),
  ],
});

export async function getGenerationDetail(
  deps: { db: Db; storage: ViewUrlSigner },
  viewerId: string | null,
  id: string,
): Promise<GenerationDetail> {
  const view = await getGeneration(deps, viewerId, id);
  const { db, storage } = deps;
  const [self, count, children] = await Promise.all([
    db.generation.findUnique({ where: { id }, select: { parentId: true } }),
    db.generation.count({ where: { parentId: id, ...visibleTo(viewerId) } }),
    db.generation.findMany({
      where: { parentId: id, ...visibleTo(viewerId) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: REMIX_PREVIEWS,
      select: generationViewSelect,
    }),
  ]);
  let parent: RemixParent | null = null;
  if (self?.parentId) {
    const row = await db.generation.findFirst({ where: { id: self.parentId, ...visibleTo(viewerId) }, select: generationViewSelect });
    parent = row
      ? { status: "available", picture: (await toGenerationViews([row], viewerId, storage, await likedIdsOf(db, viewerId, [row.id])))[0]! }
      : { status: "deleted" };
  }
  const liked = await likedIdsOf(
    db,
    viewerId,
    children.map((c) => c.id),
  );
  return { ...view, parent, remixes: { count, items: await toGenerationViews(children, viewerId, storage, liked) } };
}
