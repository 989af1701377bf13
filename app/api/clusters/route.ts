import { z } from "zod";
import { jsonResponse, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { createCluster, listClusters } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

export const GET = route(async () => listClusters(db()));

/** New-AksHciCluster, parameters by their PowerShell names. */
export const POST = route(async (ctx) => {
  const body = await ctx.json(z.record(z.string(), z.unknown()));
  return jsonResponse(await createCluster(db(), body), 201);
});
