// The studio's form reducer and generation state, and the words it shows people.
import { describe, expect, it } from "vitest";
import { describePromptChange, generateRequest, initialStudioForm, studioFormReducer, type StudioPrefill } from "../../app/lib/studio-form";
import { decodeDraft, encodeDraft, splitStudioSearch, withThenGenerate } from "../../app/lib/studio-draft";
import { generationReducer, initialGenerationState, type Picture } from "../../app/lib/use-generation";
import { formatReset } from "../../app/components/quota-badge";
import { downloadName, promptTitle } from "../../app/lib/generation-view";

const prefill: StudioPrefill = {
  prompt: "",
  negativePrompt: "",
  style: "",
  aspectRatio: "1:1",
  detailLevel: "medium",
  model: "local-procedural",
  seed: "",
  promptCut: 0,
  parentId: "",
};

describe("the studio form", () => {
  it("sends the optimized prompt only when chosen, and skips the optimizer as the person said", () => {
    let s = initialStudioForm({ ...prefill, prompt: "a cat" });
    expect(generateRequest(s)).toMatchObject({
      prompt: "a cat",
      betterPrompt: undefined,
      skipOptimize: false,
      style: undefined,
      seed: undefined,
    });
    s = studioFormReducer(s, { type: "set", field: "autoOptimize", value: false });
    expect(generateRequest(s).skipOptimize).toBe(true);
    s = studioFormReducer(s, { type: "optimized", text: "a cat, soft light" });
    expect(generateRequest(s)).toMatchObject({ betterPrompt: "a cat, soft light", skipOptimize: false });
    s = studioFormReducer(s, { type: "useOptimized", use: "original" });
    expect(generateRequest(s)).toMatchObject({ betterPrompt: undefined, skipOptimize: true });
    s = studioFormReducer(s, { type: "set", field: "seed", value: "12a3" });
    s = studioFormReducer(s, { type: "set", field: "style", value: "watercolor" });
    expect(generateRequest(s)).toMatchObject({ seed: 123, style: "watercolor" });
  });

  it("counts what a long paste lost at the 2,000-character limit, and forgets it once the prompt is shorter", () => {
    let s = initialStudioForm({ ...prefill, prompt: "x".repeat(100) });
    s = studioFormReducer(s, { type: "pasted", text: "y".repeat(1950), selectionLength: 0 });
    expect(s.promptCut).toBe(50);
    // Replacing a selection frees its room.
    expect(
      studioFormReducer(initialStudioForm({ ...prefill, prompt: "x".repeat(100) }), {
        type: "pasted",
        text: "y".repeat(1950),
        selectionLength: 100,
      }).promptCut,
    ).toBe(0);
    s = studioFormReducer(s, { type: "set", field: "prompt", value: "z".repeat(2000) });
    expect(s.promptCut).toBe(50);
    s = studioFormReducer(s, { type: "set", field: "prompt", value: "short" });
    expect(s.promptCut).toBe(0);
  });

  it("a remix sends its source as parentId with the source's seed until either is changed", () => {
    let s = initialStudioForm({ ...prefill, prompt: "a lighthouse", seed: "4242", parentId: "g_parent" });
    expect(generateRequest(s)).toMatchObject({ parentId: "g_parent", seed: 4242 });
    s = studioFormReducer(s, { type: "set", field: "prompt", value: "a lighthouse at night" });
    expect(generateRequest(s)).toMatchObject({ parentId: "g_parent", seed: 4242 });
    s = studioFormReducer(s, { type: "set", field: "seed", value: "7" });
    expect(generateRequest(s)).toMatchObject({ parentId: "g_parent", seed: 7 });
    // "Not a remix": the settings stay, the parent goes.
    s = studioFormReducer(s, { type: "clearRemix" });
    expect(generateRequest(s)).toMatchObject({ parentId: undefined, seed: 7, prompt: "a lighthouse at night" });
    // Without a source, no parentId at all.
    expect(generateRequest(initialStudioForm(prefill)).parentId).toBeUndefined();
  });

  it("moves to a shape the chosen model can draw", () => {
    const s = studioFormReducer(initialStudioForm({ ...prefill, aspectRatio: "3:2" }), {
      type: "model",
      id: "openai",
      sizes: ["1:1", "16:9", "9:16"],
    });
    expect(s).toMatchObject({ model: "openai", aspectRatio: "1:1" });
  });

  it("describes the optimizer's change in plain words, never as a percentage", () => {
    expect(describePromptChange("a cat on a windowsill", "a cat on a windowsill, soft golden-hour light, rule-of-thirds composition")).toBe(
      "Kept your prompt and added 5 words of detail.",
    );
    expect(describePromptChange("a cat", "a small tabby cat asleep in the sun")).toBe("Rewritten and expanded: your 2 words became 8.");
    expect(describePromptChange("a very very long winded prompt", "a long prompt")).toBe("Rewritten more briefly: your 6 words became 3.");
    expect(describePromptChange("a cat.", "A cat")).toBe("No changes: your prompt was already clear.");
    expect(describePromptChange("a cat", "one dog")).toBe("Reworded, about the same length.");
  });
});

describe("the studio's generation state", () => {
  const picture = { id: "g1" } as Picture;
  const quota = { limit: 10, used: 1, remaining: 9, resetAt: "2030-01-01T00:00:00.000Z" };

  it("keeps the last picture through a per-minute refusal and pauses only the refused button", () => {
    let s = initialGenerationState(quota);
    s = generationReducer(s, {
      type: "started",
      run: { stage: "queued", failedAt: null, skipOptimize: false, aspectRatio: "1:1", count: 1 },
    });
    // Queued: the unit is taken, and Generate is free again while it renders.
    s = generationReducer(s, { type: "queued", batchId: "b1", ids: ["g1"] });
    expect(s).toMatchObject({
      generating: false,
      quota: { used: 2, remaining: 8 },
      run: { batchId: "b1", slots: [{ id: "g1", stage: "queued" }] },
    });
    s = generationReducer(s, { type: "stage", id: "g1", stage: "rendering" });
    expect(s.run).toMatchObject({ stage: "rendering" });
    s = generationReducer(s, { type: "slotDone", id: "g1", picture });
    expect(s).toMatchObject({ pictures: [picture], run: null, generating: false, quota: { used: 2, remaining: 8 } });
    s = generationReducer(s, {
      type: "started",
      run: { stage: "queued", failedAt: null, skipOptimize: false, aspectRatio: "1:1", count: 1 },
    });
    const now = Date.parse("2030-01-01T00:00:00Z");
    s = generationReducer(s, {
      type: "limited",
      from: "generate",
      details: { limit: "rate", max: 1, remaining: 0, resetAt: new Date(now + 30_000).toISOString() },
      now,
    });
    expect(s.pictures).toEqual([picture]);
    expect(s.run).toBeNull();
    expect(s.rateLimit).toMatchObject({ from: "generate", until: now + 30_000 });
    expect(s.quota).toMatchObject({ used: 2 });
    s = generationReducer(s, { type: "rateLimitOver" });
    expect(s.rateLimit).toBeNull();
  });

  it("shows several variations as they finish, and a partial failure with the pictures that came", () => {
    const p2 = { id: "g2" } as Picture;
    let s = generationReducer(initialGenerationState(quota), {
      type: "started",
      run: { stage: "queued", failedAt: null, skipOptimize: true, aspectRatio: "1:1", count: 3 },
    });
    expect(s.run!.slots).toHaveLength(3);
    s = generationReducer(s, { type: "queued", batchId: "b", ids: ["g1", "g2", "g3"] });
    s = generationReducer(s, { type: "stage", id: "g1", stage: "storing" });
    s = generationReducer(s, { type: "slotDone", id: "g2", picture: p2 });
    // Still running: the slowest slot sets the run's stage; the finished one is already in its slot.
    expect(s.run).toMatchObject({ stage: "queued", slots: [{ stage: "storing" }, { stage: "done", picture: p2 }, { stage: "queued" }] });
    s = generationReducer(s, { type: "slotDone", id: "g1", picture });
    s = generationReducer(s, { type: "slotFailed", id: "g3", message: "The image model didn't answer." });
    expect(s).toMatchObject({
      run: null,
      pictures: [picture, p2],
      error: { from: "generate", message: "1 of 3 pictures failed: The image model didn't answer." },
    });
  });

  it("a cancelled run with nothing to show leaves the last pictures alone", () => {
    let s = generationReducer(initialGenerationState(quota), { type: "succeeded", pictures: [picture] });
    s = generationReducer(s, {
      type: "started",
      run: { stage: "queued", failedAt: null, skipOptimize: true, aspectRatio: "1:1", count: 1 },
    });
    s = generationReducer(s, { type: "queued", batchId: "b", ids: ["g9"] });
    s = generationReducer(s, { type: "slotFailed", id: "g9", message: "Cancelled.", cancelled: true });
    expect(s).toMatchObject({ run: null, pictures: [picture], error: null });
  });

  it("a daily refusal opens the popup and empties the badge; a failure keeps the pictures and marks the stage", () => {
    let s = generationReducer(initialGenerationState(quota), { type: "succeeded", pictures: [picture] });
    s = generationReducer(s, {
      type: "started",
      run: { stage: "queued", failedAt: null, skipOptimize: true, aspectRatio: "16:9", count: 1 },
    });
    s = generationReducer(s, { type: "failed", message: "The image model didn't answer.", failedAt: "rendering" });
    expect(s).toMatchObject({
      pictures: [picture],
      generating: false,
      run: { stage: "failed", failedAt: "rendering" },
      error: { from: "generate" },
    });
    s = generationReducer(s, {
      type: "limited",
      from: "generate",
      details: { limit: "daily", max: 10, remaining: 0, resetAt: quota.resetAt },
      now: 0,
    });
    expect(s).toMatchObject({ dailyLimit: { max: 10 }, quota: { remaining: 0, used: 10 }, rateLimit: null });
  });
});

describe("words and names the pages show", () => {
  it("says 'tomorrow' when the quota resets on the next calendar day", () => {
    const now = new Date(2030, 0, 1, 14, 30).getTime();
    expect(formatReset(new Date(2030, 0, 1, 16, 45), now)).toMatch(/^at \d{1,2}:45.*\(in 2 h 15 min\)$/);
    expect(formatReset(new Date(2030, 0, 2, 14, 19), now)).toMatch(/^tomorrow at \d{1,2}:19.*\(in 23 h 49 min\)$/);
    expect(formatReset(new Date(2030, 0, 4, 9, 0), now)).toMatch(/^on Friday, Jan 4 at /);
  });

  it("names downloads from the prompt's first words and the id", () => {
    expect(downloadName({ id: "cm1", originalPrompt: "A red fox in the snow!", imageUrl: "/images/u/cm1.png" })).toBe(
      "a-red-fox-in-the-snow-cm1.png",
    );
    expect(
      downloadName({
        id: "cm2",
        originalPrompt: "Crème brûlée, top view, on a marble table with a silver spoon and berries",
        imageUrl: "https://x.test/a.webp?x=1",
      }),
    ).toBe("creme-brulee-top-view-on-a-marble-table-with-a-cm2.webp");
    expect(downloadName({ id: "cm3", originalPrompt: "夜の街", imageUrl: null })).toBe("picture-cm3.png");
  });

  it("titles a long prompt by its first words", () => {
    const long = `a lighthouse on a cliff at dusk ${"with waves crashing below ".repeat(20)}`;
    const title = promptTitle(long, 80);
    expect(title.length).toBeLessThanOrEqual(81);
    expect(title).toMatch(/^a lighthouse on a cliff at dusk with waves.*…$/);
    expect(promptTitle("short prompt")).toBe("short prompt");
  });

  it("folds any whitespace in a title as a space, exactly as folding every run would", () => {
    const folded = (p: string, max: number) => {
      const flat = p.replace(/\s+/g, " ").trim();
      if (flat.length <= max) return flat;
      const cut = flat.slice(0, max + 1);
      const space = cut.lastIndexOf(" ");
      return `${(space > max * 0.5 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,.;:!?-]+$/, "")}…`;
    };
    const pieces = ["a", "fox", " ", "  ", "\t", "\n", "\u00a0", "\u2003", ",", "-", "夜"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const p = Array.from({ length: next() % 60 }, () => pieces[next() % pieces.length]).join("");
      const max = 5 + (next() % 40);
      expect(promptTitle(p, max), JSON.stringify(p)).toBe(folded(p, max));
    }
    expect(promptTitle("two  spaces\tand a tab", 80)).toBe("two spaces and a tab");
  });
});

describe("the studio's kept draft", () => {
  const page = { search: "", prefill, modelIds: ["local-procedural", "other-model"] };
  const typed = studioFormReducer(
    studioFormReducer(initialStudioForm({ ...prefill, prompt: "a fox in snow", style: "watercolor", aspectRatio: "16:9" }), {
      type: "set",
      field: "count",
      value: 4,
    }),
    { type: "set", field: "autoOptimize", value: false },
  );

  it("gives back what was typed, on the address it was typed on only", () => {
    const raw = encodeDraft(typed, "");
    expect(decodeDraft(raw, page)).toEqual({ ...typed, promptCut: 0 });
    expect(decodeDraft(raw, { ...page, search: "?prompt=a+cat&from=abc" })).toBeNull();
    expect(decodeDraft(null, page)).toBeNull();
    expect(decodeDraft("{not json", page)).toBeNull();
    expect(decodeDraft(JSON.stringify({ ...JSON.parse(raw), v: 99 }), page)).toBeNull();
  });

  it("checks a stale or edited draft as a link is checked: unknown values fall back to defaults", () => {
    const raw = JSON.stringify({
      v: 1,
      search: "",
      fields: { prompt: "x".repeat(5000), style: "<script>", aspectRatio: "99:1", detailLevel: "max", model: "gone", seed: "-1" },
      count: 3,
      isPublic: "yes",
      autoOptimize: 0,
      optimized: { text: 42, use: "optimized" },
    });
    const form = decodeDraft(raw, { ...page, prefill: { ...prefill, parentId: "from-the-page" } })!;
    expect(form).toMatchObject({
      style: "",
      aspectRatio: "1:1",
      detailLevel: "medium",
      model: "local-procedural",
      seed: "",
      count: 1,
      isPublic: false,
      autoOptimize: true,
      optimized: null,
      promptCut: 0,
      parentId: "from-the-page",
    });
    expect(form.prompt).toHaveLength(2000);
  });
});

describe("the sign-in redirect's marker", () => {
  it("comes off the studio's address, which is always spelled one way", () => {
    expect(splitStudioSearch("")).toEqual({ search: "", thenGenerate: false });
    expect(splitStudioSearch("?then=generate")).toEqual({ search: "", thenGenerate: true });
    expect(splitStudioSearch("?prompt=a%20cat&from=x&then=generate")).toEqual({ search: "?prompt=a+cat&from=x", thenGenerate: true });
    expect(splitStudioSearch("?prompt=a%20cat&from=x").search).toBe(splitStudioSearch("?prompt=a+cat&from=x&then=generate").search);
    expect(splitStudioSearch("?then=other")).toEqual({ search: "", thenGenerate: false });
    expect(withThenGenerate("")).toBe("?then=generate");
    expect(withThenGenerate("?prompt=a+cat")).toBe("?prompt=a+cat&then=generate");
  });
});
