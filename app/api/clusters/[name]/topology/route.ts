import { route } from "@/lib/api/handler";
import { MAX_TOPOLOGY_ELEMENTS, topologyQuery } from "@/lib/api/topology";
import { unprocessable } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { clusterTopology } from "@/lib/db/topology";

export const dynamic = "force-dynamic";

/**
 * The cluster's topology as cytoscape elements JSON with layered-layout positions:
 * ?namespace=&kind=Pod,Service&aggregate=none|owner&expand=owner:ns/Kind/name&cap=200&selector=app=web
 */
export const GET = route(async ({ params, url }) => {
  const opts = topologyQuery(url);
  const view = await clusterTopology(db(), params.name, opts);
  if (view.elements.nodes.length + view.elements.edges.length > MAX_TOPOLOGY_ELEMENTS) {
    throw unprocessable(`the topology has ${view.elements.nodes.length + view.elements.edges.length} elements, more than the limit of ${MAX_TOPOLOGY_ELEMENTS}: use aggregate=owner or a namespace filter`, [
      { path: "aggregate", message: `more than ${MAX_TOPOLOGY_ELEMENTS} elements; use aggregate=owner` },
    ]);
  }
  return view;
});
