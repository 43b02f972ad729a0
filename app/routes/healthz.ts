import { json } from "@remix-run/node";
import { healthCheck } from "~/lib/trpc.server";

export const loader = async () => {
  const health = await healthCheck();
  return json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
