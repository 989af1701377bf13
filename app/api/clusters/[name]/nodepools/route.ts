import { z } from "zod";
import { jsonResponse, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { addNodePool } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** New-AksHciNodePool */
export const POST = route(async (ctx) => jsonResponse(await addNodePool(db(), ctx.params.name, await ctx.json(z.record(z.string(), z.unknown()))), 201));
