/** Up to two initials from a name (or an email's name part): "Ada Lovelace" → "AL". */
export function initials(name: string | null | undefined, email?: string | null): string {
  const source = name?.trim() || email?.split("@")[0]?.trim() || "?";
  const words = source.split(/[\s._-]+/).filter(Boolean);
  const letters = (words.length > 1 ? [words[0]!, words.at(-1)!] : words.slice(0, 1)).map((w) => [...w][0]!.toUpperCase());
  return letters.join("") || "?";
}

const sizes = { xs: "h-5 w-5 text-[9px]", sm: "h-7 w-7 text-[11px]", md: "h-9 w-9 text-sm", lg: "h-14 w-14 text-lg" } as const;

/** A person's picture, or their initials on the app's gradient: the same everywhere. */
export function Avatar({
  name,
  email,
  imageUrl,
  size = "sm",
}: {
  name: string | null;
  email?: string | null;
  imageUrl: string | null;
  size?: keyof typeof sizes;
}) {
  const cls = sizes[size];
  if (imageUrl) return <img src={imageUrl} alt="" width={56} height={56} className={`${cls} shrink-0 rounded-full object-cover`} />;
  return (
    <span aria-hidden className={`${cls} avatar-initials`}>
      {initials(name, email)}
    </span>
  );
}
