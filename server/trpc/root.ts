import { createCallerFactory, router } from "./init";
import { healthProcedure } from "./routers/system";
import { apiTokensRouter, meProcedure, quotaProcedure } from "./routers/identity";
import { modelsProcedure } from "./routers/models";
import { optimizeProcedure } from "./routers/optimize";
import {
  discoveryProcedure,
  generateProcedure,
  generationProgressProcedure,
  generationRouter,
  historyProcedure,
  queueProcedure,
} from "./routers/generation";

export const appRouter = router({
  health: healthProcedure,
  // pipeline
  models: modelsProcedure,
  optimize: optimizeProcedure,
  generate: generateProcedure,
  generationProgress: generationProgressProcedure,
  history: historyProcedure,
  discovery: discoveryProcedure,
  generation: generationRouter,
  queue: queueProcedure,
  // identity
  me: meProcedure,
  quota: quotaProcedure,
  apiTokens: apiTokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
