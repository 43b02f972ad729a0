import { Link } from "@remix-run/react";
import { Avatar } from "./avatar";

/** A card's author: avatar and name, linking to their profile (`/u/:id`). */
export function AuthorLink({ author }: { author: { id: string; name: string | null; imageUrl: string | null } }) {
  return (
    <Link
      to={`/u/${encodeURIComponent(author.id)}`}
      className="flex min-w-0 items-center gap-1.5 rounded-md text-xs font-medium text-zinc-700 hover:text-violet-700 hover:underline dark:text-zinc-300 dark:hover:text-violet-300"
    >
      <Avatar name={author.name} imageUrl={author.imageUrl} size="xs" />
      <span className="truncate">{author.name ?? "Anonymous"}</span>
    </Link>
  );
}
