/**
 * Level of detail: fold the pods of each owner (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) into one
 * `owner:<ns>/<kind>/<name>` element with a count. Expanded owners keep their first `cap` pods (by name) as pods and
 * fold only the rest ("N more"). Done in the model (not with cytoscape-expand-collapse, which is unmaintained), so
 * the browser never receives one element per pod of a 30,000-pod cluster. An owner whose pods all run on one node sits
 * inside that node; an owner spread over several nodes sits outside them and lists them in `data.nodes` (no edge per
 * node: at 30,000 pods those would outnumber every other edge).
 */
import { edgeId } from "./ids";
import type { TopologyEdge, TopologyGraph, TopologyNode } from "./model";

export const DEFAULT_EXPAND_CAP = 200;
/** pod-10 after pod-9; one collator (creating one per comparison is what makes localeCompare slow). */
const natural = new Intl.Collator("en", { numeric: true });

export interface AggregateOptions {
  /** Owner ids whose pods stay individual elements (up to `cap`). */
  expand?: Iterable<string>;
  /** Pods shown per expanded owner (default 200). */
  cap?: number;
}

/** Fold pods into their owners. Pods without an owner stay pods. Edges to folded pods go to the owner, de-duplicated with a count. */
export function aggregateByOwner(graph: TopologyGraph, opts: AggregateOptions = {}): TopologyGraph {
  const expand = new Set(opts.expand ?? []);
  const cap = Math.max(0, opts.cap ?? DEFAULT_EXPAND_CAP);
  const byOwner = new Map<string, TopologyNode[]>();
  for (const n of graph.nodes) {
    const owner = n.data.kind === "Pod" ? (n.data.owner as string | null) : null;
    if (!owner) continue;
    const list = byOwner.get(owner);
    if (list) list.push(n);
    else byOwner.set(owner, [n]);
  }
  const foldedTo = new Map<string, string>(); // pod id → owner id
  const ownerNodes = new Map<string, TopologyNode>();
  for (const [owner, pods] of byOwner) {
    const sorted = [...pods].sort((a, b) => natural.compare(a.data.name, b.data.name));
    const folded = expand.has(owner) ? sorted.slice(cap) : sorted;
    if (folded.length === 0) continue;
    for (const p of folded) foldedTo.set(p.data.id, owner);
    const nodes = [...new Set(folded.map((p) => p.data.nodeName as string | null).filter((x): x is string => !!x))].sort();
    const parents = new Set(folded.map((p) => p.data.parent));
    const ready = folded.filter((p) => p.data.ready === true).length;
    const first = folded[0].data;
    const more = expand.has(owner);
    const count = folded.length;
    ownerNodes.set(owner, {
      data: {
        id: owner,
        kind: "Owner",
        name: first.ownerName as string,
        namespace: first.namespace,
        ...(parents.size === 1 && first.parent ? { parent: first.parent } : {}),
        label: more ? `${first.ownerName} +${count} more` : `${first.ownerName} ×${count}`,
        ownerKind: first.ownerKind,
        count,
        total: pods.length,
        ready,
        notReady: count - ready,
        nodes,
        more,
        labels: first.labels ?? {},
      },
      classes: ["owner", ready < count ? "not-ready" : "", more ? "more" : ""].filter(Boolean).join(" "),
    });
  }

  const nodes: TopologyNode[] = [];
  const placed = new Set<string>();
  for (const n of graph.nodes) {
    const owner = foldedTo.get(n.data.id);
    if (!owner) {
      nodes.push(n);
      continue;
    }
    if (placed.has(owner)) continue;
    placed.add(owner);
    nodes.push(ownerNodes.get(owner)!);
  }

  const edges: TopologyEdge[] = [];
  const merged = new Map<string, TopologyEdge>();
  for (const e of graph.edges) {
    const source = foldedTo.get(e.data.source) ?? e.data.source;
    const target = foldedTo.get(e.data.target) ?? e.data.target;
    if (source === e.data.source && target === e.data.target) {
      edges.push(e);
      continue;
    }
    const id = edgeId(e.data.kind, source, target);
    const existing = merged.get(id);
    const ready = e.data.ready !== false;
    if (existing) {
      existing.data.count = (existing.data.count as number) + 1;
      if (!ready) existing.data.notReady = (existing.data.notReady as number) + 1;
      existing.classes = (existing.data.notReady as number) > 0 ? "not-ready" : undefined;
      continue;
    }
    const edge: TopologyEdge = { data: { id, source, target, kind: e.data.kind, count: 1, notReady: ready ? 0 : 1 } };
    if (!ready) edge.classes = "not-ready";
    merged.set(id, edge);
    edges.push(edge);
  }
  return { nodes, edges, ...(graph.nodePorts ? { nodePorts: graph.nodePorts } : {}) };
}
