// The bridge between Remix routes and the identity domain: the root loader (current
// user, Clerk state), local sign-in/out, the Clerk webhook.
import { json, redirect, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { rootAuthLoader } from "@clerk/remix/ssr.server";
import { getServices, type Services } from "../../server/services";
import { authenticateRequest } from "../../server/users/authenticate-request";
import { signInLocal } from "../../server/users/local-accounts";
import { handleClerkWebhook } from "../../server/users/clerk-webhook";
import { AppError } from "../../server/errors";
import { orDatabaseUnavailable } from "./loader-errors.server";
import "./load-context";
import { payloadTooLarge, readBodyWithin } from "../../server/http/body-limit";
import { MAX_WEBHOOK_BODY_BYTES } from "../../server/http/request-limits";

export type RootUser = { id: string; name: string | null; email: string | null; imageUrl: string | null };
export type RootAuthData = {
  user: RootUser | null;
  authMode: "local" | "clerk";
};

export async function currentUser(
  request: Request,
  context?: AppLoadContext,
  services: Services = getServices(),
): Promise<RootUser | null> {
  // Looking up a session or token needs the database: if it is down, the page is a 503.
  const u = await orDatabaseUnavailable(authenticateRequest(services, request, context?.scope));
  return u ? { id: u.id, name: u.name, email: u.email, imageUrl: u.imageUrl } : null;
}

/** Root loader: `{ user, authMode }` (+ `clerkState` etc. injected by Clerk in Clerk mode). */
export async function rootLoader(args: LoaderFunctionArgs) {
  const services = getServices();
  const data = async (): Promise<RootAuthData> => ({
    user: await currentUser(args.request, args.context, services),
    authMode: services.auth.kind,
  });
  if (services.auth.kind === "clerk") {
    return rootAuthLoader(args, async () => data(), services.auth.clerk.options);
  }
  // A plain object: Remix hands it to the page as data (patches/: no JSON Response to read back).
  return await data();
}

export function authMode(): "local" | "clerk" {
  return getServices().auth.kind;
}

/** Where to go after signing in: only same-site paths. */
export function safeRedirectTo(value: FormDataEntryValue | string | null, fallback = "/create"): string {
  const to = typeof value === "string" ? value : "";
  return to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\") ? to : fallback;
}

export async function localSignIn(request: Request, form: FormData) {
  const services = getServices();
  if (services.auth.kind !== "local") throw new Response("Not Found", { status: 404 });
  try {
    const user = await signInLocal(services.db, {
      name: String(form.get("name") ?? ""),
      password: String(form.get("password") ?? "") || undefined,
    });
    const cookie = await services.auth.local.signIn(request, user.id);
    return redirect(safeRedirectTo(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    if (e instanceof AppError && (e.code === "BAD_REQUEST" || e.code === "UNAUTHORIZED")) {
      return json({ error: e.message }, { status: e.httpStatus });
    }
    throw e;
  }
}

export async function signOut(request: Request) {
  const services = getServices();
  if (services.auth.kind === "local") {
    return redirect("/", { headers: { "Set-Cookie": await services.auth.local.signOut(request) } });
  }
  // Clerk sessions end in the browser (<UserButton/> / clerk.signOut); clear what we can.
  return redirect("/", { headers: { "Set-Cookie": "__session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" } });
}

export async function clerkWebhook(request: Request, services: Services = getServices()) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
  // Size first, signature second: an unauthenticated caller must not make us read 100 MB.
  const limited = await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES);
  if (!limited.ok) return payloadTooLarge(MAX_WEBHOOK_BODY_BYTES);
  const body = new TextDecoder().decode(limited.bytes);
  const out = await handleClerkWebhook(
    { db: services.db, logger: services.logger, secret: services.env.CLERK_WEBHOOK_SECRET, storage: services.storage },
    body,
    request.headers,
  );
  return json(out.body, { status: out.status });
}
