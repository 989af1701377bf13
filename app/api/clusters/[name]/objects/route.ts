import { route } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { deleteClusterObject } from "@/lib/db/apply";
import { clusterSnapshot } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** Stored objects as JSON; ?kind=Service filters by kind. */
export const GET = route(async ({ params, url }) => {
  const { objects } = await clusterSnapshot(db(), params.name);
  const kind = url.searchParams.get("kind");
  return kind ? objects.filter((o) => o.kind === kind) : objects;
});

/** kubectl delete: ?kind=Service&namespace=shop&name=web — frees what the object held. */
export const DELETE = route(async ({ params, url }) => {
  const q = (k: string) => url.searchParams.get(k) ?? "";
  const missing = ["kind", "name"].filter((k) => !q(k));
  if (missing.length) throw badRequest("kind and name are required", missing.map((m) => ({ path: m, message: "required" })));
  return deleteClusterObject(db(), params.name, q("kind"), q("namespace"), q("name"));
});
