import { route } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { revokeToken } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** Revokes a token (its owner or an admin). */
export const DELETE = route(async ({ params, principal }) => {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id < 1) throw badRequest("id must be a positive integer", [{ path: "id", message: "must be a positive integer" }]);
  return revokeToken(db(), principal!, id);
});
