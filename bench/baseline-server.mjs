// Figure 3 baseline: a bare node:http + pg server answering the discovery query (the first
// page of public pictures with their authors) as JSON, with nothing else around it.
// Plain JavaScript run by node itself so it carries no loader: BASELINE_DATABASE_URL, prints its port.
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: 10 });
const SQL = `SELECT g.id, g.status, g."imageUrl", g."thumbnailUrl", g.width, g.height, g."originalPrompt", g."betterPrompt",
    g."negativePrompt", g.model, g.provider, g.style, g."aspectRatio", g."detailLevel", g.seed, g."isPublic",
    g."optimizationDelta", g."generationDuration", g."createdAt", u.id AS "authorId", u.name AS "authorName", u."imageUrl" AS "authorImageUrl"
  FROM "Generation" g JOIN "User" u ON u.id = g."userId"
  WHERE g."isPublic" = true AND g.status = 'succeeded'
  ORDER BY g."createdAt" DESC, g.id DESC LIMIT 25`;

const server = http.createServer(async (req, res) => {
  try {
    const { rows } = await pool.query(SQL);
    const items = rows.slice(0, 24).map(({ authorId, authorName, authorImageUrl, ...r }) => ({
      ...r,
      author: { id: authorId, name: authorName, imageUrl: authorImageUrl },
      isOwner: false,
    }));
    const body = JSON.stringify({ items, nextCursor: rows.length > 24 ? `${rows[23].createdAt.toISOString()}|${rows[23].id}` : null });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
