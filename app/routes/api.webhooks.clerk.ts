// Clerk → Svix → here: keeps User rows in sync (server/users/clerk-webhook.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { clerkWebhook } from "~/lib/auth.server";

export const action = ({ request }: ActionFunctionArgs) => clerkWebhook(request);

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
