import { z } from "zod";
import { jsonResponse, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { completeSetup } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** The one-time setup link printed by `npm start`: {token, username, password} creates the first admin (201). */
export const POST = route(async (ctx) => {
  const b = await ctx.json(z.object({ token: z.string().min(1).max(200), username: z.string().max(64), password: z.string().max(256) }));
  return jsonResponse(await completeSetup(db(), b.token, b.username, b.password), 201);
});
