/**
 * The topology as cytoscape's own elements JSON, `{"elements": {"nodes": [{data, position?, classes?}], "edges":
 * [{data, classes?}]}}`, optionally with the layered layout's positions (load with `layout: {name: "preset"}`).
 * Also the one entry point the API and the CLI share: {@link topologyView}.
 */
import type { ClusterSnapshot } from "../kube/types";
import { aggregateByOwner, DEFAULT_EXPAND_CAP } from "./aggregate";
import { filterGraph, type TopologyFilter } from "./filter";
import { layeredLayout } from "./layout";
import { topologyGraph, type TopologyContext, type TopologyEdge, type TopologyGraph, type TopologyNode } from "./model";

export interface CytoscapeElements {
  elements: { nodes: TopologyNode[]; edges: TopologyEdge[] };
}

export function toCytoscapeElements(graph: TopologyGraph, opts: { positions?: Map<string, { x: number; y: number }> } = {}): CytoscapeElements {
  const nodes = graph.nodes.map((n) => {
    const out: TopologyNode = { data: n.data };
    if (n.classes) out.classes = n.classes;
    const p = opts.positions?.get(n.data.id);
    if (p) out.position = { x: Math.round(p.x), y: Math.round(p.y) };
    return out;
  });
  const edges = graph.edges.map((e) => (e.classes ? { data: e.data, classes: e.classes } : { data: e.data }));
  return { elements: { nodes, edges } };
}

export interface TopologyViewOptions extends TopologyFilter {
  aggregate?: "none" | "owner";
  expand?: string[];
  cap?: number;
  /** add the layered layout's positions (default true) */
  positions?: boolean;
}

export interface TopologyView extends CytoscapeElements {
  summary: { cluster: string; namespaces: string[]; nodePorts: { port: number; protocol: string; service: string }[]; pods: number; services: number; nodes: number; elements: number; edges: number; aggregate: "none" | "owner" };
}

/** Graph → filters → aggregation → layout → elements: what `GET …/topology` and `hcinet topology` return. */
export function topologyView(snapshot: ClusterSnapshot, ctx: TopologyContext, opts: TopologyViewOptions = {}): TopologyView {
  let graph = filterGraph(topologyGraph(snapshot, ctx), opts);
  const aggregate = opts.aggregate ?? "none";
  if (aggregate === "owner") graph = aggregateByOwner(graph, { expand: opts.expand ?? [], cap: opts.cap ?? DEFAULT_EXPAND_CAP });
  const out = toCytoscapeElements(graph, opts.positions === false ? {} : { positions: layeredLayout(graph) });
  return {
    ...out,
    summary: {
      cluster: snapshot.name,
      namespaces: snapshot.namespaces.map((n) => n.metadata.name),
      nodePorts: graph.nodePorts ?? [],
      pods: snapshot.pods.length,
      services: snapshot.services.length,
      nodes: snapshot.nodes.length,
      elements: graph.nodes.length,
      edges: graph.edges.length,
      aggregate,
    },
  };
}
