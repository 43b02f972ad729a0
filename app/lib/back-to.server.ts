// Where a plain (no-JavaScript) form post goes back to: a path on this site named by the
// form's `back` field, else `fallback` — never another origin ("//host", "/\host").

export function backTo(request: Request, back: FormDataEntryValue | null, fallback: string): string {
  const value = typeof back === "string" ? back : "";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  try {
    const url = new URL(value, request.url);
    return url.origin === new URL(request.url).origin ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}
