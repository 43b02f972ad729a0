// Every procedure of the app's router, read from the router itself, so a test that walks
// them covers procedures added later without being edited.
import type { AnyProcedure } from "@trpc/server";
import { appRouter } from "../../server/trpc/root";

export type ProcedureInfo = { path: string; type: "query" | "mutation" | "subscription" };

export function listProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** One call over plain HTTP, as tRPC's wire format has it (GET for queries and subscriptions). */
export function trpcRequest(baseUrl: string, proc: ProcedureInfo, input: unknown, headers: Record<string, string> = {}): Request {
  const url = `${baseUrl}/api/trpc/${proc.path}`;
  const envelope = input === undefined ? undefined : JSON.stringify(input);
  if (proc.type === "mutation") {
    return new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: envelope ?? "" });
  }
  return new Request(envelope === undefined ? url : `${url}?input=${encodeURIComponent(envelope)}`, { headers });
}

/**
 * The HTTP status a call was answered with. A subscription answers 200 and reports errors
 * inside its event stream: its status is the one in the first `serialized-error` event,
 * or 200 if it sent data or stayed open and quiet until the timeout.
 */
export async function answeredStatus(
  res: Response,
  type: ProcedureInfo["type"],
  timeoutMs = 3000,
): Promise<{ status: number; text: string }> {
  if (type !== "subscription" || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
    return { status: res.status, text: await res.text() };
  }
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const events = text.split("\n\n").slice(0, -1);
      for (const event of events) {
        const name = /^event: (.*)$/m.exec(event)?.[1];
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (name === "serialized-error") {
          // The error shape, as superjson serialised it: { json: { message, code, data }, meta }.
          const shape = (JSON.parse(data ?? "{}") as { json?: { data?: { httpStatus?: number } } }).json;
          return { status: shape?.data?.httpStatus ?? 500, text };
        }
        if (name !== "connected" && name !== "ping" && data !== undefined) return { status: 200, text };
      }
    }
  } catch {
    // cancelled by the timer: the stream was open and healthy
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
  return { status: 200, text };
}

/**
 * The keys a procedure's input object has, and whether each is required, read from its
 * zod schemas (unwrapping optional/default/nullable/pipe), so fuzzing can aim values at
 * real fields too.
 */
export function inputKeys(path: string): { key: string; required: boolean }[] {
  const proc = (appRouter._def.procedures as unknown as Record<string, AnyProcedure>)[path];
  const keys = new Map<string, boolean>();
  type Zodish = { _zod?: { def: Record<string, unknown> } } | undefined;
  for (const input of (proc?._def as { inputs?: unknown[] } | undefined)?.inputs ?? []) {
    let schema = input as Zodish;
    for (let i = 0; i < 10 && schema?._zod; i++) {
      const def = schema._zod.def;
      if (def.type === "object") {
        for (const [k, field] of Object.entries(def.shape as Record<string, Zodish>)) {
          const kind = field?._zod?.def.type;
          keys.set(k, (keys.get(k) ?? false) || (kind !== "optional" && kind !== "default" && kind !== "nullable"));
        }
        break;
      }
      schema = (def.innerType ?? def.in) as Zodish;
    }
  }
  return [...keys].map(([key, required]) => ({ key, required }));
}
