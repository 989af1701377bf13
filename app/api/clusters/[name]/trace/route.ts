import { route } from "@/lib/api/handler";
import { runTrace, traceRequestSchema } from "@/lib/api/trace";
import { db } from "@/lib/db/client";
import { clusterTracePlan } from "@/lib/db/trace";

export const dynamic = "force-dynamic";

/** {from, to, protocol?, plugin?} → {verdict, hops, reason, ...}: how a packet gets from A to B, hop by hop. */
export const POST = route(async (ctx) => {
  const body = await ctx.json(traceRequestSchema);
  return runTrace(await clusterTracePlan(db(), ctx.params.name), body);
});
