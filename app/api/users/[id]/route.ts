import { z } from "zod";
import { route } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { updateUser } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** {role?, disabled?, password?}: change the role, disable/enable, reset the password. */
export const PATCH = route(async (ctx) => {
  const id = Number(ctx.params.id);
  if (!Number.isInteger(id) || id < 1) throw badRequest("id must be a positive integer", [{ path: "id", message: "must be a positive integer" }]);
  const b = await ctx.json(z.object({ role: z.string().optional(), disabled: z.boolean().optional(), password: z.string().optional() }).strict());
  return updateUser(db(), id, b);
});
