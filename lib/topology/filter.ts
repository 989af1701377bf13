/**
 * Filters of the topology API and page: namespace, element kinds, label selector. Namespaced elements of other
 * namespaces (or not matching the selector) are dropped; then VIPs with no Service left (except the API server VIP),
 * externals with no edge left, and every edge with a missing end. A dropped parent leaves its children unparented.
 */
import { matchesLabelSelector } from "../kube/selectors";
import type { LabelSelector } from "../kube/types";
import type { TopologyGraph, TopologyKind } from "./model";

export interface TopologyFilter {
  namespace?: string;
  kinds?: TopologyKind[];
  /** applies to Pods, Owners, Services and Ingresses */
  labelSelector?: LabelSelector;
}

const LABELLED: ReadonlySet<string> = new Set(["Pod", "Owner", "Service", "Ingress"]);

export function filterGraph(graph: TopologyGraph, f: TopologyFilter): TopologyGraph {
  const kinds = f.kinds && f.kinds.length > 0 ? new Set<string>(f.kinds) : undefined;
  const selector = f.labelSelector && (Object.keys(f.labelSelector.matchLabels ?? {}).length > 0 || (f.labelSelector.matchExpressions ?? []).length > 0) ? f.labelSelector : undefined;
  if (!kinds && !f.namespace && !selector) return graph;
  // (NodePorts stay the cluster's: they are open on every node whatever is filtered)
  let nodes = graph.nodes.filter((n) => {
    if (kinds && !kinds.has(n.data.kind)) return false;
    if (f.namespace && n.data.namespace !== undefined && n.data.namespace !== f.namespace) return false;
    if (selector && LABELLED.has(n.data.kind) && !matchesLabelSelector(selector, n.data.labels as Record<string, string>)) return false;
    return true;
  });
  const kept = () => new Set(nodes.map((n) => n.data.id));
  let ids = kept();
  let edges = graph.edges.filter((e) => ids.has(e.data.source) && ids.has(e.data.target));
  if (f.namespace || selector) {
    // VIPs that route to no Service left, and externals left without edges, go too.
    const touched = new Set<string>();
    for (const e of edges) if (e.data.kind !== "client" && e.data.kind !== "frontend") (touched.add(e.data.source), touched.add(e.data.target));
    nodes = nodes.filter((n) => {
      if (n.data.kind === "VIP") return n.data.apiServer === true && !f.namespace ? true : touched.has(n.data.id);
      if (n.data.kind === "External" && n.data.id !== "ext:client") return touched.has(n.data.id);
      return true;
    });
    if (!nodes.some((n) => n.data.kind === "VIP")) nodes = nodes.filter((n) => n.data.id !== "ext:client");
    ids = kept();
    edges = edges.filter((e) => ids.has(e.data.source) && ids.has(e.data.target));
  }
  nodes = nodes.map((n) => {
    if (!n.data.parent || ids.has(n.data.parent)) return n;
    const { parent: _dropped, ...data } = n.data;
    return { ...n, data: data as typeof n.data };
  });
  return { nodes, edges, ...(graph.nodePorts ? { nodePorts: graph.nodePorts } : {}) };
}

/** Parse `app=web,tier in (a,b),!canary,env!=dev,team` (kubectl's selector syntax) into a LabelSelector; throws on bad syntax. */
export function parseLabelSelector(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector["matchExpressions"]> = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim() !== "") parts.push(cur);
  const key = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^(\S+?)\s+(in|notin)\s+\(([^)]*)\)$/i))) {
      if (!key.test(m[1])) throw new Error(`bad label key "${m[1]}"`);
      matchExpressions.push({ key: m[1], operator: m[2].toLowerCase() === "in" ? "In" : "NotIn", values: m[3].split(",").map((v) => v.trim()).filter(Boolean) });
    } else if ((m = p.match(/^(\S+?)\s*!=\s*(\S*)$/))) {
      if (!key.test(m[1])) throw new Error(`bad label key "${m[1]}"`);
      matchExpressions.push({ key: m[1], operator: "NotIn", values: [m[2]] });
    } else if ((m = p.match(/^(\S+?)\s*==?\s*(\S*)$/))) {
      if (!key.test(m[1])) throw new Error(`bad label key "${m[1]}"`);
      matchLabels[m[1]] = m[2];
    } else if ((m = p.match(/^!(\S+)$/))) {
      if (!key.test(m[1])) throw new Error(`bad label key "${m[1]}"`);
      matchExpressions.push({ key: m[1], operator: "DoesNotExist" });
    } else if (key.test(p)) {
      matchExpressions.push({ key: p, operator: "Exists" });
    } else throw new Error(`cannot parse "${p}"`);
  }
  return { matchLabels, matchExpressions };
}
