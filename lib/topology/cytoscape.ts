/**
 * The topology as cytoscape's own elements JSON, `{"elements": {"nodes": [{data, position?, classes?}], "edges":
 * [{data, classes?}]}}`, optionally with the layered layout's positions (load with `layout: {name: "preset"}`).
 * Also the one entry point the API and the CLI share: {@link topologyView}.
 */
import type { ClusterSnapshot } from "../kube/types";
import { aggregateByOwner, DEFAULT_EXPAND_CAP } from "./aggregate";
import { filterGraph, type TopologyFilter } from "./filter";
import { AUTO_NAMESPACE_ABOVE, foldByNamespace } from "./fold";
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
  /** `auto`: `namespace` above AUTO_NAMESPACE_ABOVE pods, else `owner` */
  aggregate?: "none" | "owner" | "namespace" | "auto";
  /** owner ids (`owner:…`) to show as pods; with `namespace`: also `namespace:<ns>` and `node:<name>` to unfold */
  expand?: string[];
  cap?: number;
  /** add the layered layout's positions (default true) */
  positions?: boolean;
}

export interface TopologyView extends CytoscapeElements {
  summary: { cluster: string; namespaces: string[]; nodePorts: { port: number; protocol: string; service: string }[]; pods: number; services: number; nodes: number; elements: number; edges: number; aggregate: "none" | "owner" | "namespace"; autoNamespaceAbove: number };
}

/** Graph → filters → aggregation → layout → elements: what `GET …/topology` and `hcinet topology` return. */
export function topologyView(snapshot: ClusterSnapshot, ctx: TopologyContext, opts: TopologyViewOptions = {}): TopologyView {
  return topologyViewOf(topologyGraph(snapshot, ctx), snapshot, opts);
}

/** The level `aggregate` means for a cluster of this many pods. */
export function effectiveAggregate(aggregate: TopologyViewOptions["aggregate"], pods: number): "none" | "owner" | "namespace" {
  const a = aggregate ?? "none";
  return a === "auto" ? (pods > AUTO_NAMESPACE_ABOVE ? "namespace" : "owner") : a;
}

/** {@link topologyView} over an already built model graph (the API caches the graph per cluster version). */
export function topologyViewOf(model: TopologyGraph, snapshot: ClusterSnapshot, opts: TopologyViewOptions = {}): TopologyView {
  let graph = filterGraph(model, opts);
  const aggregate = effectiveAggregate(opts.aggregate, snapshot.pods.length);
  if (aggregate === "namespace") graph = foldByNamespace(graph, { expand: opts.expand ?? [] });
  if (aggregate !== "none") graph = aggregateByOwner(graph, { expand: opts.expand ?? [], cap: opts.cap ?? DEFAULT_EXPAND_CAP });
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
      autoNamespaceAbove: AUTO_NAMESPACE_ABOVE,
    },
  };
}
