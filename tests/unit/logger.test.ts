import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), text: () => lines.join("") };
}

describe("logger", () => {
  it("never writes prompts, tokens, cookies or keys", () => {
    const { logger, text } = capture();
    logger.info({ prompt: "a secret castle", input: { originalPrompt: "p1", betterPrompt: "p2", negativePrompt: "p3" } }, "generate");
    logger.info({ req: { headers: { authorization: "Bearer sk_studio_abc", cookie: "__session=xyz" } } }, "request");
    logger.info({ token: "sk_studio_def", apiKey: "zai-123", password: "hunter2", secret: "s3" }, "auth");
    const out = text();
    for (const leaked of [
      "a secret castle",
      "p1",
      "p2",
      "p3",
      "sk_studio_abc",
      "__session=xyz",
      "sk_studio_def",
      "zai-123",
      "hunter2",
      '"s3"',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(10);
  });

  it("keeps ids and timings", () => {
    const { logger, text } = capture();
    logger.child({ requestId: "r-1", userId: "u-1" }).info({ ms: 12, generationId: "g-1" }, "done");
    const line = JSON.parse(text());
    expect(line).toMatchObject({ requestId: "r-1", userId: "u-1", ms: 12, generationId: "g-1", msg: "done" });
  });
});
