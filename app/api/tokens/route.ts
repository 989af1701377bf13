import { z } from "zod";
import { jsonResponse, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { createToken, listTokens } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** The caller's API tokens (an admin sees all), never their secrets. */
export const GET = route(async ({ principal }) => listTokens(db(), principal!));

/** {name} → 201 {token, info}: the secret is shown this once; the token acts with its user's role. */
export const POST = route(async (ctx) => {
  const b = await ctx.json(z.object({ name: z.string() }));
  return jsonResponse(await createToken(db(), ctx.principal!, b.name), 201, { "cache-control": "no-store" });
});
