import { createCallerFactory, router } from "./init";
import { healthProcedure } from "./routers/system";
import { apiTokensRouter, meProcedure, quotaProcedure } from "./routers/identity";
import { modelsProcedure } from "./routers/models";
import { optimizeProcedure } from "./routers/optimize";
import { collectionRouter, profileProcedure } from "./routers/collection";
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
  // organising (issue 11)
  collection: collectionRouter,
  profile: profileProcedure,
  // identity
  me: meProcedure,
  quota: quotaProcedure,
  apiTokens: apiTokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
