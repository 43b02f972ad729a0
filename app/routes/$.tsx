// Any URL no other route claims: a 404 answered inside the app's layout, so the root
// loader runs and the header still shows who is signed in.
import type { MetaFunction } from "@remix-run/node";

function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

export const loader = notFound;
export const action = notFound;

export const meta: MetaFunction = () => [{ title: "Not found | Image Studio" }, { name: "robots", content: "noindex" }];

export default function NoSuchPage() {
  return null;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
