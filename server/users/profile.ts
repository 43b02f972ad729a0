// A profile (/u/:id, issue 11): name and avatar, public pictures (paged as discovery is)
// and public collections. Nothing private appears, not even to the profile's owner:
// this is the page others see.
import { AppError } from "../errors";
import { listUserPictures, type FeedDeps, type FeedPage } from "../generations/feeds";
import type { FeedInput } from "../generations/schemas";
import { listUserCollections, type CollectionSummary } from "../collections/collections";

export type Profile = {
  user: { id: string; name: string | null; imageUrl: string | null };
  pictures: FeedPage;
  collections: CollectionSummary[];
};

export async function getProfile(deps: FeedDeps, viewerId: string | null, userId: string, input: FeedInput): Promise<Profile> {
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, imageUrl: true } });
  if (!user) throw new AppError("NOT_FOUND", "No such user.");
  const [pictures, collections] = await Promise.all([
    listUserPictures(deps, viewerId, userId, input),
    // Public ones only, as others see them.
    listUserCollections(deps.db, null, userId),
  ]);
  return { user, pictures, collections: collections.map((c) => ({ ...c, isOwner: c.ownerId === viewerId })) };
}
