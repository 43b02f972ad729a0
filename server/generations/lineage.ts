// Remix lineage for a picture's page (issue 11): what it was remixed from and its remixes.
// Only what the viewer may see is shown: a parent that is gone, a tombstone or someone
// else's private picture all read "a deleted picture" (nothing says which), and remixes
// count only public finished ones plus the viewer's own.
import type pg from "pg";
import { Prisma } from "../adapters/db/client";
import { pgRunner } from "../adapters/db/sql";
import { AppError } from "../errors";
import {
  generationViewColumns,
  likedByMeColumn,
  rowsToGenerationViews,
  type GenerationView,
  type GenerationViewRow,
  type ViewUrlSigner,
} from "./generation-view";

export const REMIX_PREVIEWS = 6;

export type RemixParent = { status: "available"; picture: GenerationView } | { status: "deleted" };

export type GenerationDetail = GenerationView & {
  /** null when it is not a remix. */
  parent: RemixParent | null;
  /** How many remixes the viewer can see, and the newest few. */
  remixes: { count: number; items: GenerationView[] };
};

export function getGenerationDetail(
  deps: { pool: pg.Pool; storage: ViewUrlSigner },
  viewerId: string | null,
  id: string,
): Promise<GenerationDetail> {
  return detailInOneStatement(deps, viewerId, id);
}

type DetailRow = GenerationViewRow & { role: "self" | "parent" | "child"; parentId: string | null; remixCount: number | null };

/**
 * The page of one picture in one statement on the pool (a picture page is the most-read
 * signed-in page after the gallery; as five Prisma queries it cost ~2× a gallery page's
 * CPU, docs/decisions/0017-serving-speed.md): the picture (public and finished, or the
 * viewer's own, finished or in flight) with its remix count, the parent it remixes and
 * its newest remixes (each public and finished, or the viewer's own and finished).
 */
async function detailInOneStatement(
  deps: { pool: pg.Pool; storage: ViewUrlSigner },
  viewerId: string | null,
  id: string,
): Promise<GenerationDetail> {
  const visible = viewerId
    ? Prisma.sql`g.status = 'succeeded' AND (g."isPublic" OR g."userId" = ${viewerId})`
    : Prisma.sql`g.status = 'succeeded' AND g."isPublic"`;
  const selfVisible = viewerId
    ? Prisma.sql`((g."isPublic" AND g.status = 'succeeded') OR (g."userId" = ${viewerId} AND g.status IN ('succeeded', 'queued', 'running')))`
    : Prisma.sql`g."isPublic" AND g.status = 'succeeded'`;
  const columns = Prisma.sql`${generationViewColumns}, ${likedByMeColumn(viewerId)}, g."parentId"`;
  const from = Prisma.sql`FROM "Generation" g JOIN "User" u ON u.id = g."userId"`;
  const rows = await pgRunner(deps.pool)<DetailRow>(Prisma.sql`
    SELECT 'self' AS role, ${columns},
      (SELECT count(*)::int FROM "Generation" g WHERE g."parentId" = ${id} AND ${visible}) AS "remixCount"
      ${from} WHERE g.id = ${id} AND ${selfVisible}
    UNION ALL
    SELECT 'parent', ${columns}, NULL ${from}
      WHERE g.id = (SELECT p."parentId" FROM "Generation" p WHERE p.id = ${id}) AND ${visible}
    UNION ALL
    (SELECT 'child', ${columns}, NULL ${from}
      WHERE g."parentId" = ${id} AND ${visible}
      ORDER BY g."createdAt" DESC, g.id DESC LIMIT ${REMIX_PREVIEWS})`);
  const self = rows.find((r) => r.role === "self");
  if (!self) throw new AppError("NOT_FOUND", "No such picture.");
  const parentRow = rows.find((r) => r.role === "parent");
  const children = rows.filter((r) => r.role === "child");
  const [view, ...rest] = await rowsToGenerationViews([self, ...(parentRow ? [parentRow] : []), ...children], viewerId, deps.storage);
  const parent: RemixParent | null = self.parentId
    ? parentRow
      ? { status: "available", picture: rest.shift()! }
      : { status: "deleted" }
    : null;
  return { ...view!, parent, remixes: { count: self.remixCount ?? 0, items: rest } };
}
