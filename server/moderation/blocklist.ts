// A deliberately simple, documented moderator: a blocklist of phrases per category,
// matched on word boundaries after normalising case, accents and leetspeak. It is a
// floor, not a classifier; remote providers add their own filter (the "output" stage).
// Extend the lists here; every block is written to ModerationLog with its stage.

export type BlockCategory = "sexual-minors" | "sexual-explicit" | "graphic-violence" | "hate" | "self-harm";

const BLOCKLIST: Record<BlockCategory, string[]> = {
  "sexual-minors": [
    "child porn",
    "cp porn",
    "csam",
    "loli",
    "lolicon",
    "shota",
    "underage nude",
    "underage sex",
    "naked child",
    "nude child",
    "naked kid",
    "nude minor",
  ],
  "sexual-explicit": ["porn", "pornographic", "hardcore sex", "explicit sex", "xxx", "hentai", "nsfw", "genitals", "blowjob"],
  "graphic-violence": ["gore", "gory", "beheading", "beheaded", "decapitated", "dismembered", "disembowel", "mutilated corpse", "snuff"],
  hate: ["nazi propaganda", "white power", "kkk rally", "ethnic cleansing", "genocide propaganda"],
  "self-harm": ["self harm", "self-harm", "suicide method", "cutting wrists", "slit wrists"],
};

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };

export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[0134579@$]/g, (c) => LEET[c] ?? c)
    .replace(/[_\-.*]+/g, " ")
    .replace(/\s+/g, " ");
}

const PATTERNS: Array<{ category: BlockCategory; term: string; re: RegExp }> = Object.entries(BLOCKLIST).flatMap(([category, terms]) =>
  terms.map((term) => {
    const escaped = normalise(term).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return { category: category as BlockCategory, term, re: new RegExp(`(^|[^a-z])${escaped}s?($|[^a-z])`) };
  }),
);

export type ModerationVerdict = { allowed: true } | { allowed: false; category: BlockCategory; reason: string };

export function checkText(text: string): ModerationVerdict {
  const n = normalise(text);
  for (const p of PATTERNS) {
    if (p.re.test(n)) return { allowed: false, category: p.category, reason: `blocked: ${p.category}` };
  }
  return { allowed: true };
}
