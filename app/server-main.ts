// The production server's entry: remix.config.js `server` bundles this file, the app
// and the server code into build/index.js, so `node build/index.js` serves the app with
// nothing compiled at run time.
import * as build from "@remix-run/dev/server-build";
import type { ServerBuild } from "@remix-run/node";
import { runAppServer } from "../server/http/run-app-server";
import { handleTrpcRequest } from "../server/trpc/http-handler";

runAppServer(build as unknown as ServerBuild, (req) => handleTrpcRequest(req));
