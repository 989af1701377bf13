/**
 * Search over the whole topology model, for the page's search box: at the coarse level most pods, Services and
 * Ingresses are folded into namespace badges (and node VMs, owners), so the drawn elements cannot answer. Every match
 * says which drawn elements hold it now (to highlight them) and which ids to expand so it is drawn. Pure; the API
 * runs it on the model it caches per cluster version (lib/db/topology.ts).
 */
import { matchScore } from "./search";
import type { LabelSelector } from "../kube/types";
import { DEFAULT_EXPAND_CAP } from "./aggregate";
import { effectiveAggregate } from "./cytoscape";
import { filterGraph } from "./filter";
import type { TopologyGraph, TopologyKind, TopologyNode } from "./model";

export interface ModelSearchOptions {
  aggregate?: "none" | "owner" | "namespace" | "auto";
  namespace?: string;
  kinds?: TopologyKind[];
  labelSelector?: LabelSelector;
  expand?: string[];
  cap?: number;
  /** most matches returned (default 20) */
  limit?: number;
}

export interface ModelSearchMatch {
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  label: string;
  /** the drawn elements that hold the match now (a namespace badge, the folded node VM, the owner); empty when drawn */
  containers: string[];
  /** ids to add to `expand` so the match is drawn (empty when drawn, or when it stays past an owner's cap) */
  expand: string[];
  /** the element to centre once those are expanded: the match itself, or its owner when it stays folded past the cap */
  focus: string;
}

export interface ModelSearchResult {
  query: string;
  total: number;
  matches: ModelSearchMatch[];
}

const natural = new Intl.Collator("en", { numeric: true });


export function searchModel(
  model: TopologyGraph,
  pods: number,
  query: string,
  opts: ModelSearchOptions,
): ModelSearchResult {
  const q = query.trim().toLowerCase();
  if (!q) return { query, total: 0, matches: [] };
  const bare = q.replace(/^(net|lb|vip|node|pod|svc|ing|ext|owner|namespace):/, "");
  const graph = filterGraph(model, opts);
  const level = effectiveAggregate(opts.aggregate, pods);
  const expand = new Set(opts.expand ?? []);
  const cap = Math.max(0, opts.cap ?? DEFAULT_EXPAND_CAP);

  const scored: { n: TopologyNode; score: number }[] = [];
  for (const n of graph.nodes) {
    const s = matchScore(n.data, q, bare);
    if (s) scored.push({ n, score: s });
  }
  scored.sort((a, b) => b.score - a.score || (a.n.data.id < b.n.data.id ? -1 : a.n.data.id > b.n.data.id ? 1 : 0));
  const limit = Math.max(1, opts.limit ?? 20);
  const top = scored.slice(0, limit);

  // pods of each owner in the order the owner folding keeps them (the first `cap` are drawn when it is expanded)
  const ownerOrder = new Map<string, string[]>();
  if (level !== "none") {
    const owners = new Set(top.map((s) => s.n.data.owner).filter((o): o is string => typeof o === "string" && expand.has(o)));
    for (const n of graph.nodes) {
      const o = n.data.kind === "Pod" ? (n.data.owner as string | null) : null;
      if (o && owners.has(o)) (ownerOrder.get(o) ?? ownerOrder.set(o, []).get(o)!).push(n.data.name);
    }
    for (const list of ownerOrder.values()) list.sort((a, b) => natural.compare(a, b));
  }

  const matches = top.map(({ n }): ModelSearchMatch => {
    const d = n.data;
    const containers: string[] = [];
    const toExpand: string[] = [];
    let focus = d.id;
    if (level === "namespace") {
      let ns: string | undefined;
      if (d.kind === "Pod") {
        const onExpandedNode = typeof d.parent === "string" && expand.has(d.parent);
        if (!expand.has(`namespace:${d.namespace}`) && !onExpandedNode) {
          ns = d.namespace;
          if (typeof d.parent === "string") containers.push(d.parent);
        }
      } else if ((d.kind === "Service" || d.kind === "Ingress") && d.namespace) {
        if (!expand.has(`namespace:${d.namespace}`)) ns = d.namespace;
      } else if (d.kind === "VIP" && d.apiServer !== true) {
        const namespaces = new Set(((d.ports as { service?: string }[]) ?? []).map((p) => p.service?.split("/")[0]).filter((x): x is string => !!x));
        if (namespaces.size === 1) {
          const [only] = namespaces;
          if (!expand.has(`namespace:${only}`)) ns = only;
        }
      }
      if (ns) {
        containers.unshift(`namespace:${ns}`);
        toExpand.push(`namespace:${ns}`);
      }
    }
    const owner = level !== "none" && d.kind === "Pod" && typeof d.owner === "string" ? d.owner : null;
    if (owner) {
      const drawn = expand.has(owner) && (ownerOrder.get(owner)?.indexOf(d.name) ?? Infinity) < cap;
      if (!drawn) {
        if (containers.length === 0) containers.push(owner); // inside a folded namespace the owner is not drawn either
        if (!expand.has(owner)) toExpand.push(owner);
        else focus = owner; // past the cap: it stays in "N more"
      }
    }
    return { id: d.id, kind: d.kind, name: d.name, ...(d.namespace ? { namespace: d.namespace } : {}), label: d.label.replace(/\n/g, " "), containers, expand: toExpand, focus };
  });
  return { query, total: scored.length, matches };
}
