// What the offline renderer takes from a prompt: a subject from a small vocabulary, the
// setting around it, the time of day, colours and moods, weather and viewpoint. Plain
// word matching: the point is an honest preview that follows the prompt, not AI.

export type TimeOfDay = "dawn" | "day" | "sunset" | "dusk" | "night";

export type Animal = "fox" | "cat" | "dog" | "wolf" | "bird" | "owl" | "horse" | "deer" | "rabbit" | "bear" | "whale" | "fish";
export type Dish = "bowl" | "pizza" | "cake" | "cup" | "fruit" | "sushi" | "burger";
export type Building = "cabin" | "lighthouse" | "castle" | "pagoda" | "windmill";

export type Subject =
  | { kind: "animal"; animal: Animal }
  | { kind: "food"; dish: Dish; noodles: boolean }
  | { kind: "portrait" }
  | { kind: "building"; building: Building };

export type Setting =
  "mountains" | "field" | "desert" | "snowfield" | "forest" | "sea" | "city" | "space" | "abstract" | "table" | "studio";

/** A colour as the prompt names it: hue in degrees, with how saturated and light it is. */
export type NamedColour = { hue: number; sat: number; light: number };

export type SceneSpec = {
  subject: Subject | null;
  setting: Setting;
  time: TimeOfDay;
  /** Said outright in the prompt (else chosen by the seed). */
  timeSaid: boolean;
  /** A colour word right before the subject ("a red fox"). */
  subjectColour: NamedColour | null;
  /** The other colour words, in order: they tint the scene ("lavender fields"). */
  colours: NamedColour[];
  mood: { sat: number; light: number; warmth: number };
  snow: boolean;
  rain: boolean;
  fog: boolean;
  neon: boolean;
  /** Food seen from above ("top view", "overhead", "flat lay"). */
  topView: boolean;
  /** Boats on the water, flowers in the field, the aurora in the sky... */
  extras: Set<"boat" | "flowers" | "aurora" | "moon" | "planet" | "rainbow" | "steam" | "waves">;
};

const COLOURS: Array<[RegExp, NamedColour]> = [
  [/^(lavender|lilac)$/, { hue: 268, sat: 55, light: 72 }],
  [/^(purple|violet|amethyst|plum)$/, { hue: 278, sat: 60, light: 50 }],
  [/^(indigo)$/, { hue: 250, sat: 60, light: 40 }],
  [/^(magenta|fuchsia)$/, { hue: 312, sat: 75, light: 55 }],
  [/^(pink|rosy|blush)$/, { hue: 335, sat: 70, light: 72 }],
  [/^(rose|cherry|raspberry)$/, { hue: 345, sat: 70, light: 58 }],
  [/^(red|scarlet|crimson|ruby)$/, { hue: 5, sat: 75, light: 48 }],
  [/^(maroon|burgundy|wine)$/, { hue: 350, sat: 60, light: 30 }],
  [/^(orange|tangerine|rust|copper)$/, { hue: 24, sat: 85, light: 52 }],
  [/^(amber|golden|gold|honey|ochre)$/, { hue: 42, sat: 85, light: 55 }],
  [/^(yellow|lemon|sunflower|mustard)$/, { hue: 52, sat: 90, light: 58 }],
  [/^(lime|chartreuse)$/, { hue: 85, sat: 70, light: 50 }],
  [/^(green|verdant|leafy)$/, { hue: 125, sat: 50, light: 40 }],
  [/^(emerald|jade)$/, { hue: 150, sat: 60, light: 38 }],
  [/^(mint|sage)$/, { hue: 150, sat: 35, light: 70 }],
  [/^(olive|moss)$/, { hue: 75, sat: 40, light: 35 }],
  [/^(teal|turquoise|aqua)$/, { hue: 178, sat: 65, light: 45 }],
  [/^(cyan)$/, { hue: 188, sat: 80, light: 52 }],
  [/^(blue|azure|cobalt|sapphire)$/, { hue: 218, sat: 70, light: 50 }],
  [/^(navy)$/, { hue: 228, sat: 60, light: 25 }],
  [/^(brown|chocolate|coffee|mahogany|chestnut)$/, { hue: 25, sat: 45, light: 30 }],
  [/^(beige|tan|sand|sandy|cream)$/, { hue: 38, sat: 45, light: 78 }],
  [/^(white|ivory|snowy)$/, { hue: 40, sat: 10, light: 95 }],
  [/^(black|ebony|jet|inky)$/, { hue: 240, sat: 10, light: 10 }],
  [/^(gr[ae]y|silver|ashen|slate)$/, { hue: 220, sat: 8, light: 58 }],
];

const has = (text: string, re: RegExp) => re.test(text);

/** The time of day a (lower-cased) text names, if any. */
export function timeOf(text: string): TimeOfDay | null {
  if (has(text, /\b(night|midnight|nighttime|moonlit|moonlight|starry|starlit|neon|cyberpunk|after dark)\b/)) return "night";
  if (has(text, /\b(blue hour|twilight|dusk|nightfall)\b/)) return "dusk";
  if (has(text, /\b(sunset|sundown|golden hour|evening|late afternoon)\b/)) return "sunset";
  if (has(text, /\b(dawn|sunrise|daybreak|early morning|morning)\b/)) return "dawn";
  if (has(text, /\b(noon|midday|daytime|day|afternoon|sunny|sunlit|bright|summer)\b/)) return "day";
  return null;
}

const ANIMALS: Array<[RegExp, Animal]> = [
  [/\b(fox|foxes|vixen)\b/, "fox"],
  [/\b(wolf|wolves)\b/, "wolf"],
  [/\b(cat|cats|kitten|kitty|tabby)\b/, "cat"],
  [/\b(dog|dogs|puppy|hound|corgi|retriever)\b/, "dog"],
  [/\b(owl|owls)\b/, "owl"],
  [/\b(bird|birds|sparrow|robin|crow|raven|eagle|hawk|parrot|finch|swallow|seagull|gull)\b/, "bird"],
  [/\b(horse|horses|pony|stallion|mare|unicorn)\b/, "horse"],
  [/\b(deer|stag|doe|elk|moose|reindeer)\b/, "deer"],
  [/\b(rabbit|rabbits|bunny|hare)\b/, "rabbit"],
  [/\b(bear|bears|grizzly|panda)\b/, "bear"],
  [/\b(whale|whales|orca|dolphin)\b/, "whale"],
  [/\b(fish|koi|goldfish|salmon|shark)\b/, "fish"],
];

const DISHES: Array<[RegExp, Dish]> = [
  [/\b(ramen|pho|udon|soba|noodles?|soup|broth|curry|stew|salad|porridge|oatmeal|rice bowl)\b/, "bowl"],
  [/\b(pizza|pizzas)\b/, "pizza"],
  [/\b(cake|cupcake|birthday cake|dessert|pie|tart)\b/, "cake"],
  [/\b(coffee|latte|cappuccino|espresso|tea|mug|cup of|teacup|cocoa)\b/, "cup"],
  [/\b(sushi|maki|nigiri|sashimi)\b/, "sushi"],
  [/\b(burger|hamburger|cheeseburger|sandwich)\b/, "burger"],
  [/\b(fruit|fruits|apples?|oranges|an orange|pears?|lemons|grapes|still life|bread|vase)\b/, "fruit"],
];

const BUILDINGS: Array<[RegExp, Building]> = [
  [/\b(lighthouse|beacon)\b/, "lighthouse"],
  [/\b(castle|fortress|palace|citadel|tower)\b/, "castle"],
  [/\b(pagoda|temple|shrine|torii)\b/, "pagoda"],
  [/\b(windmill|mill)\b/, "windmill"],
  [/\b(cabin|cottage|house|hut|barn|chalet|farmhouse|church|chapel)\b/, "cabin"],
];

/** The earliest-mentioned match of a vocabulary: "a cat watching a bird" is about the cat. */
function firstOf<T>(text: string, vocab: Array<[RegExp, T]>): { value: T; index: number } | null {
  let best: { value: T; index: number } | null = null;
  for (const [re, value] of vocab) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.index)) best = { value, index: m.index };
  }
  return best;
}

export function readPrompt(prompt: string): SceneSpec {
  const text = ` ${prompt.toLowerCase().replace(/[-_]/g, " ")} `;
  const tokens = text.split(/[^a-z]+/).filter(Boolean);

  // Subject: an animal, a dish, a person or a building, whichever the prompt names first.
  const portraitAt =
    /\b(portrait|woman|man|girl|boy|person|face|lady|gentleman|astronaut|knight|wizard|queen|king|self portrait|bust)\b/.exec(text);
  const candidates: Array<{ subject: Subject; index: number }> = [];
  const animal = firstOf(text, ANIMALS);
  if (animal) candidates.push({ subject: { kind: "animal", animal: animal.value }, index: animal.index });
  // "A bowl" is only the vessel: "a bowl of fruit" is fruit, "a bowl" alone is a bowl.
  const dish =
    firstOf(text, DISHES) ?? (/\bbowls?\b/.exec(text) ? { value: "bowl" as const, index: /\bbowls?\b/.exec(text)!.index } : null);
  if (dish)
    candidates.push({
      subject: { kind: "food", dish: dish.value, noodles: has(text, /\b(ramen|pho|udon|soba|noodles?)\b/) },
      index: dish.index,
    });
  if (portraitAt) candidates.push({ subject: { kind: "portrait" }, index: portraitAt.index });
  const building = firstOf(text, BUILDINGS);
  if (building) candidates.push({ subject: { kind: "building", building: building.value }, index: building.index });
  candidates.sort((a, b) => a.index - b.index);
  const abstract = has(text, /\b(abstract|geometric|patterns?|fractal|bauhaus|kaleidoscope|kaleidoscopic)\b/);
  const subject = abstract && !candidates.length ? null : (candidates[0]?.subject ?? null);

  // Setting: said outright, else what suits the subject.
  const snow = has(text, /\b(snow|snowy|snowfall|winter|frozen|ice|icy|glacier|blizzard|arctic)\b/);
  let setting: Setting | null = null;
  if (abstract) setting = "abstract";
  else if (has(text, /\b(space|galaxy|nebula|cosmos|cosmic|planets?|outer space|orbit|universe|saturn|jupiter)\b/)) setting = "space";
  else if (has(text, /\b(city|cities|skyline|street|streets|downtown|metropolis|skyscrapers?|cyberpunk|urban|tokyo|new york|alley)\b/))
    setting = "city";
  else if (has(text, /\b(ocean|sea|seas|beach|waves?|harbou?r|island|coast|shore|bay|lake|boat|ship|sailboat|cliff)\b/)) setting = "sea";
  else if (has(text, /\b(forest|woods|woodland|pines?|jungle|grove|trees|rainforest|taiga)\b/)) setting = "forest";
  else if (has(text, /\b(desert|dunes?|canyon|sahara|mesa|cactus)\b/)) setting = "desert";
  else if (snow) setting = "snowfield";
  else if (has(text, /\b(fields?|meadows?|prairie|farmland|garden|flowers|tulips|poppies|lavender|sunflowers|grassland|hills)\b/))
    setting = "field";
  else if (has(text, /\b(mountains?|peaks?|valley|alps|landscape|range)\b/)) setting = "mountains";
  if (!setting) {
    if (subject?.kind === "food") setting = "table";
    else if (subject?.kind === "portrait") setting = "studio";
    else if (subject?.kind === "animal" && (subject.animal === "whale" || subject.animal === "fish")) setting = "sea";
    else if (
      subject?.kind === "animal" &&
      (subject.animal === "fox" ||
        subject.animal === "deer" ||
        subject.animal === "wolf" ||
        subject.animal === "bear" ||
        subject.animal === "owl")
    )
      setting = "forest";
    else if (subject?.kind === "animal" || subject?.kind === "building") setting = "field";
    else setting = "mountains";
  }

  // Colours: the word right before the subject colours it; the rest tint the scene.
  let subjectColour: NamedColour | null = null;
  const colours: NamedColour[] = [];
  const subjectIndex = candidates[0]?.index ?? -1;
  const subjectToken =
    subjectIndex >= 0
      ? text
          .slice(0, subjectIndex)
          .split(/[^a-z]+/)
          .filter(Boolean).length
      : -1;
  tokens.forEach((token, i) => {
    const colour = COLOURS.find(([re]) => re.test(token))?.[1];
    if (!colour) return;
    if (subject && !subjectColour && i < subjectToken && subjectToken - i <= 2) subjectColour = colour;
    else colours.push(colour);
  });

  const mood = { sat: 1, light: 1, warmth: 0 };
  if (has(text, /\b(moody|dark|gloomy|somber|sombre|brooding|ominous|noir|stormy)\b/)) Object.assign(mood, { light: 0.75, sat: 0.8 });
  if (has(text, /\b(pastel|dreamy|soft|gentle|airy|ethereal|misty)\b/)) Object.assign(mood, { light: 1.15, sat: 0.7 });
  if (has(text, /\b(vibrant|vivid|neon|psychedelic|saturated|colou?rful|bold)\b/)) mood.sat = 1.35;
  if (has(text, /\b(muted|faded|vintage|desaturated|washed out)\b/)) mood.sat = 0.55;
  if (has(text, /\b(warm|cozy|cosy|autumn|fall|fiery)\b/)) mood.warmth = 1;
  if (has(text, /\b(cold|cool|icy|frosty|wintry)\b/)) mood.warmth = -1;

  const extras = new Set<SceneSpec["extras"] extends Set<infer E> ? E : never>();
  if (has(text, /\b(boats?|ship|sailboat|sail|yacht)\b/)) extras.add("boat");
  if (has(text, /\b(flowers?|tulips|poppies|lavender|blossoms?|sunflowers|wildflowers|bloom)\b/)) extras.add("flowers");
  if (has(text, /\b(aurora|northern lights|borealis)\b/)) extras.add("aurora");
  if (has(text, /\b(moon|moonlit|moonlight|full moon)\b/)) extras.add("moon");
  if (has(text, /\b(planets?|saturn|jupiter|rings)\b/)) extras.add("planet");
  if (has(text, /\brainbow\b/)) extras.add("rainbow");
  if (has(text, /\b(steam|steaming|hot|smoke)\b/)) extras.add("steam");
  if (has(text, /\b(waves?|surf|crashing)\b/)) extras.add("waves");

  // The northern lights and a moon only show at night.
  const time = timeOf(text) ?? (extras.has("aurora") || extras.has("moon") ? "night" : null);
  return {
    subject,
    setting,
    time: time ?? "day",
    timeSaid: time != null,
    subjectColour,
    colours,
    mood,
    snow,
    rain: has(text, /\b(rain|rainy|raining|drizzle|storm|stormy|wet)\b/),
    fog: has(text, /\b(fog|foggy|mist|misty|haze|hazy)\b/),
    neon: has(text, /\b(neon|cyberpunk|synthwave)\b/),
    topView: has(text, /\b(top view|top down|from above|overhead|flat lay|bird'?s eye)\b/),
    extras,
  };
}
