// POST only: a link or prefetch must not sign anyone out.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/lib/auth.server";

export const action = ({ request }: ActionFunctionArgs) => signOut(request);
export const loader = () => redirect("/");
