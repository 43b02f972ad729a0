import { followLink } from "~/lib/client-nav";
import { Avatar } from "./avatar";

/** A card's author: avatar and name, linking to their profile (`/u/:id`); a plain link (lib/client-nav). */
export function AuthorLink({ author }: { author: { id: string; name: string | null; imageUrl: string | null } }) {
  return (
    <a href={`/u/${encodeURIComponent(author.id)}`} onClick={followLink} className="author-link">
      <Avatar name={author.name} imageUrl={author.imageUrl} size="xs" />
      <span className="truncate">{author.name ?? "Anonymous"}</span>
    </a>
  );
}
