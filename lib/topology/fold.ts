/**
 * The coarse first level for big clusters (`aggregate=namespace`, and `aggregate=auto` above
 * {@link AUTO_NAMESPACE_ABOVE} pods): the node VMs are collapsed (each carries its pod count) and every namespaced
 * element — pods, Services, Ingresses, and the VIPs that serve only one folded namespace — folds into one
 * `namespace:<ns>` badge per namespace (as Headlamp and Kiali start big graphs, see
 * shared research topology-trace-notes.md §A3). Expanding a namespace (`namespace:<ns>` in `expand`) brings back its
 * Services, Ingresses, VIPs and pods; expanding a node VM (`node:<name>`) brings back the pods on it. What comes back
 * then goes through the owner folding (./aggregate.ts) as usual, so owners still expand to pods, capped.
 *
 * Every pod is in exactly one place: drawn (expanded namespace or node) or counted in its namespace badge
 * (`data.pods`). Edges to folded elements are merged per (kind, source, target) with `count` and `notReady`; edges
 * inside one badge disappear. The outside client's edges to folded VIPs become one `client` edge to each HAProxy VM
 * (the VMs serve those VIPs) rather than one per namespace, which keeps the first level at about one element per
 * node VM and two per namespace.
 */
import { edgeId, EXTERNAL_CLIENT_ID } from "./ids";
import type { TopologyEdge, TopologyGraph, TopologyNode } from "./model";

/** `aggregate=auto` folds namespaces above this many pods (below it: by owner). */
export const AUTO_NAMESPACE_ABOVE = 1500;

export const namespaceBadgeId = (namespace: string) => `namespace:${namespace}`;

export interface FoldOptions {
  /** `namespace:<ns>` and `node:<name>` ids to show unfolded (other ids are ignored here). */
  expand?: Iterable<string>;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Badge {
  namespace: string;
  pods: number;
  total: number;
  ready: number;
  services: number;
  ingresses: number;
  vips: string[];
  nodes: Set<string>;
}

export function foldByNamespace(graph: TopologyGraph, opts: FoldOptions = {}): TopologyGraph {
  const expandedNs = new Set<string>();
  const expandedNodes = new Set<string>();
  for (const id of opts.expand ?? []) {
    if (id.startsWith("namespace:")) expandedNs.add(id.slice("namespace:".length));
    else if (id.startsWith("node:")) expandedNodes.add(id);
  }
  const badges = new Map<string, Badge>();
  const badge = (namespace: string): Badge => {
    let b = badges.get(namespace);
    if (!b) badges.set(namespace, (b = { namespace, pods: 0, total: 0, ready: 0, services: 0, ingresses: 0, vips: [], nodes: new Set() }));
    return b;
  };
  const foldedTo = new Map<string, string>();
  const podsOnNode = new Map<string, { pods: number; ready: number }>();

  for (const n of graph.nodes) {
    const d = n.data;
    if (d.kind === "Pod") {
      const ns = d.namespace!;
      const b = badge(ns);
      b.total++;
      if (d.parent) {
        const c = podsOnNode.get(d.parent) ?? { pods: 0, ready: 0 };
        c.pods++;
        if (d.ready === true) c.ready++;
        podsOnNode.set(d.parent, c);
      }
      if (expandedNs.has(ns) || (d.parent && expandedNodes.has(d.parent))) continue;
      b.pods++;
      if (d.ready === true) b.ready++;
      if (d.parent) b.nodes.add(d.parent);
      foldedTo.set(d.id, namespaceBadgeId(ns));
    } else if ((d.kind === "Service" || d.kind === "Ingress") && d.namespace) {
      const b = badge(d.namespace);
      if (expandedNs.has(d.namespace)) continue;
      if (d.kind === "Service") b.services++;
      else b.ingresses++;
      foldedTo.set(d.id, namespaceBadgeId(d.namespace));
    }
  }
  // VIPs whose every Service is in one folded namespace fold into it (the API server VIP never does)
  for (const n of graph.nodes) {
    if (n.data.kind !== "VIP" || n.data.apiServer === true) continue;
    const namespaces = new Set(((n.data.ports as { service?: string }[]) ?? []).map((p) => p.service?.split("/")[0]).filter((x): x is string => !!x));
    if (namespaces.size !== 1) continue;
    const [ns] = namespaces;
    if (expandedNs.has(ns)) continue;
    badge(ns).vips.push(n.data.name);
    foldedTo.set(n.data.id, namespaceBadgeId(ns));
  }

  const badgeNodes = new Map<string, TopologyNode>();
  for (const b of [...badges.values()].sort((x, y) => cmp(x.namespace, y.namespace))) {
    if (expandedNs.has(b.namespace)) continue;
    if (b.pods === 0 && b.services === 0 && b.ingresses === 0 && b.vips.length === 0) continue;
    const id = namespaceBadgeId(b.namespace);
    const notReady = b.pods - b.ready;
    badgeNodes.set(id, {
      data: {
        id,
        kind: "Namespace",
        name: b.namespace,
        namespace: b.namespace,
        label: `${b.namespace}\n${b.pods} pods · ${b.services} svc`,
        pods: b.pods,
        total: b.total,
        ready: b.ready,
        notReady,
        services: b.services,
        ingresses: b.ingresses,
        vips: b.vips,
        nodes: [...b.nodes].sort(),
        folded: true,
      },
      classes: ["namespace-badge", "folded", notReady > 0 ? "not-ready" : ""].filter(Boolean).join(" "),
    });
  }

  const nodes: TopologyNode[] = [];
  for (const n of graph.nodes) {
    if (foldedTo.has(n.data.id)) continue;
    if (n.data.kind === "Node") {
      const c = podsOnNode.get(n.data.id) ?? { pods: 0, ready: 0 };
      const folded = !expandedNodes.has(n.data.id) && c.pods > 0;
      nodes.push({
        ...n,
        data: { ...n.data, pods: c.pods, podsReady: c.ready, folded, ...(folded ? { label: `${n.data.label}\n${c.pods} pods` } : {}) },
        ...(folded ? { classes: [n.classes, "folded"].filter(Boolean).join(" ") } : {}),
      });
      continue;
    }
    nodes.push(n);
  }
  // badges after the other namespaced elements (the layout orders columns by kind anyway)
  nodes.push(...badgeNodes.values());

  const edges: TopologyEdge[] = [];
  const merged = new Map<string, TopologyEdge>();
  const lbIds = graph.nodes.filter((n) => n.data.kind === "LoadBalancer").map((n) => n.data.id);
  const mergeInto = (kind: string, source: string, target: string, ready: boolean) => {
    const id = edgeId(kind, source, target);
    const existing = merged.get(id);
    if (existing) {
      existing.data.count = (existing.data.count as number) + 1;
      if (!ready) existing.data.notReady = (existing.data.notReady as number) + 1;
      if ((existing.data.notReady as number) > 0) existing.classes = "not-ready";
      return;
    }
    const edge: TopologyEdge = { data: { id, source, target, kind: kind as TopologyEdge["data"]["kind"], count: 1, notReady: ready ? 0 : 1 } };
    if (!ready) edge.classes = "not-ready";
    merged.set(id, edge);
    edges.push(edge);
  };
  for (const e of graph.edges) {
    const source = foldedTo.get(e.data.source) ?? e.data.source;
    const target = foldedTo.get(e.data.target) ?? e.data.target;
    if (source === e.data.source && target === e.data.target) {
      edges.push(e);
      continue;
    }
    if (source === target) continue; // inside one badge
    if (e.data.kind === "client" && source === EXTERNAL_CLIENT_ID) {
      // client → folded VIP: the client reaches it through the HAProxy VMs that serve it
      for (const lb of lbIds) mergeInto("client", EXTERNAL_CLIENT_ID, lb, true);
      continue;
    }
    mergeInto(e.data.kind, source, target, e.data.ready !== false);
  }
  return { nodes, edges, ...(graph.nodePorts ? { nodePorts: graph.nodePorts } : {}) };
}
