import { publicProcedure } from "../init";
import { describeCatalogue } from "../../models/describe-catalogue";

export const modelsProcedure = publicProcedure.query(({ ctx }) => describeCatalogue(ctx.services.models));
