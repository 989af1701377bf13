import { route } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { clusterMigrationPlan } from "@/lib/db/migration";

export const dynamic = "force-dynamic";

/** The path to the other plugin (a new cluster): PowerShell, commands, warnings. `?name=` names the new cluster. */
export const GET = route(async ({ params, url }) => {
  const name = url.searchParams.get("name") ?? undefined;
  if (name !== undefined && !/^[a-z0-9]+$/.test(name)) throw badRequest("name: lowercase letters and digits only", [{ path: "name", message: "must match ^[a-z0-9]+$" }]);
  return clusterMigrationPlan(db(), params.name, name);
});
