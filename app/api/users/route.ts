import { z } from "zod";
import { jsonResponse, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { createUser, listUsers } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

export const GET = route(async () => listUsers(db()));

/** {username, password, role} → 201 */
export const POST = route(async (ctx) => {
  const b = await ctx.json(z.object({ username: z.string(), password: z.string(), role: z.string() }));
  return jsonResponse(await createUser(db(), b), 201);
});
