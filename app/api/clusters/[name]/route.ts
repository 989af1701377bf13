import { z } from "zod";
import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { deleteCluster, getCluster, updateCluster } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

export const GET = route(async ({ params }) => getCluster(db(), params.name));

/** Set-AksHciCluster -controlPlaneNodeCount / Set-AksHciLoadBalancer -loadBalancerCount. */
export const PATCH = route(async (ctx) => updateCluster(db(), ctx.params.name, await ctx.json(z.record(z.string(), z.unknown()))));

export const DELETE = route(async ({ params }) => {
  await deleteCluster(db(), params.name);
  return new Response(null, { status: 204 });
});
