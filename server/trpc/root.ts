import { createCallerFactory, router } from "./init";
import { healthProcedure } from "./routers/system";
import { apiTokensRouter, meProcedure, quotaProcedure } from "./routers/identity";

export const appRouter = router({
  health: healthProcedure,
  me: meProcedure,
  quota: quotaProcedure,
  apiTokens: apiTokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
