import { createCallerFactory, router } from "./init";
import { healthProcedure } from "./routers/system";

export const appRouter = router({
  health: healthProcedure,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
