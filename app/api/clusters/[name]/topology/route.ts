import { route } from "@/lib/api/handler";
import { MAX_TOPOLOGY_ELEMENTS, topologyQuery } from "@/lib/api/topology";
import { unprocessable } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { clusterTopologyJson } from "@/lib/db/topology";

export const dynamic = "force-dynamic";

/**
 * The cluster's topology as cytoscape elements JSON with layered-layout positions:
 * ?namespace=&kind=Pod,Service&aggregate=none|owner|namespace|auto&expand=owner:ns/Kind/name&expand=namespace:ns&expand=node:vm&cap=200&selector=app=web
 * Served from a per-cluster-version cache (lib/db/topology.ts); `x-topology-cache: hit|miss` says which.
 */
export const GET = route(async ({ params, url }) => {
  const opts = topologyQuery(url);
  const { text, elements, cached } = await clusterTopologyJson(db(), params.name, opts);
  if (elements > MAX_TOPOLOGY_ELEMENTS) {
    throw unprocessable(`the topology has ${elements} elements, more than the limit of ${MAX_TOPOLOGY_ELEMENTS}: use aggregate=owner or a namespace filter`, [
      { path: "aggregate", message: `more than ${MAX_TOPOLOGY_ELEMENTS} elements; use aggregate=owner` },
    ]);
  }
  return new Response(text, { status: 200, headers: { "content-type": "application/json; charset=utf-8", "x-topology-cache": cached ? "hit" : "miss" } });
});
