import { z } from "zod";
import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { deleteNodePool, scaleNodePool } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** Set-AksHciNodePool -count */
export const PATCH = route(async (ctx) => {
  const body = await ctx.json(z.object({ count: z.unknown() }));
  return scaleNodePool(db(), ctx.params.name, ctx.params.pool, body.count);
});

export const DELETE = route(async ({ params }) => deleteNodePool(db(), params.name, params.pool));
