import { z } from "zod";
import { route, jsonResponse } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { createNetwork, listNetworks } from "@/lib/db/networks";

export const dynamic = "force-dynamic";

export const GET = route(async () => listNetworks(db()));

export const POST = route(async (ctx) => {
  const body = await ctx.json(z.record(z.string(), z.unknown()));
  return jsonResponse(await createNetwork(db(), body), 201);
});
