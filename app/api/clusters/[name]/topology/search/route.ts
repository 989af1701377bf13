import { route } from "@/lib/api/handler";
import { topologySearchQuery } from "@/lib/api/topology";
import { db } from "@/lib/db/client";
import { clusterTopologySearch } from "@/lib/db/topology";

export const dynamic = "force-dynamic";

/**
 * Search the cluster's whole topology, folded elements included:
 * ?q=web-1&limit=20 plus the view's parameters (aggregate, namespace, kind, selector, expand, cap). Each match names
 * the drawn elements that hold it (`containers`: a namespace badge, a folded node VM, an owner) and the ids to add to
 * `expand` to draw it (lib/topology/find.ts). Runs on the model cached per cluster version (lib/db/topology.ts).
 */
export const GET = route(async ({ params, url }) => {
  const { q, ...opts } = topologySearchQuery(url);
  return Response.json(await clusterTopologySearch(db(), params.name, q, opts));
});
