import { z } from "zod";
import { publicProcedure } from "../init";
import { checkHealth } from "../../system/health";

export const healthProcedure = publicProcedure
  .input(z.object({ includeDatabase: z.boolean().default(true) }).optional())
  .query(({ ctx, input }) => checkHealth(ctx.services, { includeDatabase: input?.includeDatabase ?? true }));
