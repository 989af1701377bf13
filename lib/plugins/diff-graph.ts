/**
 * The report's picture: the reachability diff drawn as a graph of workloads (pods folded into their owner:
 * Deployment, StatefulSet, DaemonSet, Job, or the pod itself), an arrow from source to destination for every pair of
 * workloads with connections Flannel lets through and Calico blocks, red, thicker with more connections. Positions
 * are computed here (workloads on a circle, grouped by namespace) so the print page (cytoscape, preset layout) and
 * the Markdown's SVG draw the same picture.
 */
import type { ClusterSnapshot, KubeObject } from "../kube/types";
import { podOwner } from "../topology/model";

export interface DiffGraphNode {
  /** "namespace/Kind/name" */
  id: string;
  namespace: string;
  kind: string;
  name: string;
  pods: number;
  x: number;
  y: number;
}

export interface DiffGraphEdge {
  from: string;
  to: string;
  /** changed cells (pod pairs × ports) between the two workloads */
  count: number;
  ports: string[];
}

export interface DiffGraph {
  nodes: DiffGraphNode[];
  edges: DiffGraphEdge[];
  width: number;
  height: number;
  /** workloads with changed connections left out of the picture (over DIFF_GRAPH_MAX_NODES) */
  omittedNodes: number;
}

export const DIFF_GRAPH_MAX_NODES = 60;
export const DIFF_GRAPH_MAX_EDGES = 1000;
/** above this many workloads, pods are folded by namespace */
export const OWNER_FOLD_THRESHOLD = 300;

/** The owner ("namespace/Kind/name") of each pod of `pods` ("namespace/name"). */
export function podOwners(snapshot: ClusterSnapshot, pods: readonly string[]): string[] {
  const replicaSets = new Map<string, KubeObject>();
  for (const o of snapshot.others) if (o.kind === "ReplicaSet") replicaSets.set(`${o.metadata.namespace ?? "default"}/${o.metadata.name}`, o);
  const byKey = new Map(snapshot.pods.map((p) => [`${p.metadata.namespace ?? "default"}/${p.metadata.name}`, p]));
  return pods.map((key) => {
    const pod = byKey.get(key);
    const ns = key.split("/")[0];
    const owner = pod ? podOwner(pod, replicaSets) : undefined;
    return owner ? `${ns}/${owner.kind}/${owner.name}` : `${ns}/Pod/${key.slice(ns.length + 1)}`;
  });
}

/** Counts changed cells per pair of owners while a diff is computed. */
export class OwnerEdgeCounter {
  private readonly index: number[];
  private readonly names: string[];
  private readonly counts = new Map<number, { count: number; ports: Set<string> }>();
  readonly podsPerOwner = new Map<string, number>();

  constructor(ownersOfPods: string[]) {
    // more workloads than a picture can show (e.g. bare pods by the thousand): fold them by namespace instead
    const owners = new Set(ownersOfPods).size > OWNER_FOLD_THRESHOLD ? ownersOfPods.map((o) => `${o.split("/")[0]}/Namespace/${o.split("/")[0]}`) : ownersOfPods;
    const ids = new Map<string, number>();
    this.names = [];
    this.index = owners.map((o) => {
      this.podsPerOwner.set(o, (this.podsPerOwner.get(o) ?? 0) + 1);
      let id = ids.get(o);
      if (id === undefined) {
        id = this.names.length;
        this.names.push(o);
        ids.set(o, id);
      }
      return id;
    });
  }

  /** per pod, its workload's id (see {@link ownerCount}) */
  get ownerIds(): Int32Array {
    return (this.ids ??= Int32Array.from(this.index));
  }
  private ids: Int32Array | undefined;

  get ownerCount(): number {
    return this.names.length;
  }

  /** Adds one port's counts per pair of workloads (keys `from * ownerCount + to`). */
  addTally(t: { touched: readonly number[]; get(k: number): number }, port: string): void {
    for (const k of t.touched) {
      const count = t.get(k);
      if (count === 0) continue;
      let e = this.counts.get(k);
      if (!e) this.counts.set(k, (e = { count: 0, ports: new Set() }));
      e.count += count;
      e.ports.add(port);
    }
  }

  add(s: number, d: number, port: string, count = 1): void {
    const k = this.index[s] * this.names.length + this.index[d];
    let e = this.counts.get(k);
    if (!e) this.counts.set(k, (e = { count: 0, ports: new Set() }));
    e.count += count;
    e.ports.add(port);
  }

  /** The busiest {@link DIFF_GRAPH_MAX_EDGES} pairs. */
  edges(): DiffGraphEdge[] {
    const n = this.names.length;
    return [...this.counts].map(([k, e]) => ({ from: this.names[Math.floor(k / n)], to: this.names[k % n], count: e.count, ports: [...e.ports] })).sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)).slice(0, DIFF_GRAPH_MAX_EDGES);
  }
}

/** Lays the workloads with changed connections on a circle, by namespace, the busiest {@link DIFF_GRAPH_MAX_NODES}. */
export function diffGraph(edges: DiffGraphEdge[], podsPerOwner: Map<string, number>): DiffGraph {
  const weight = new Map<string, number>();
  for (const e of edges) for (const id of [e.from, e.to]) weight.set(id, (weight.get(id) ?? 0) + e.count);
  const all = [...weight.keys()];
  const kept = new Set([...all].sort((a, b) => weight.get(b)! - weight.get(a)! || a.localeCompare(b)).slice(0, DIFF_GRAPH_MAX_NODES));
  const ids = all.filter((id) => kept.has(id)).sort();
  const count = ids.length;
  const radius = Math.max(140, count * 14);
  const margin = 150;
  const size = 2 * (radius + margin);
  const nodes: DiffGraphNode[] = ids.map((id, i) => {
    const [namespace, kind, ...rest] = id.split("/");
    const angle = count === 1 ? 0 : (2 * Math.PI * i) / count - Math.PI / 2;
    return { id, namespace, kind, name: rest.join("/"), pods: podsPerOwner.get(id) ?? 0, x: Math.round(size / 2 + radius * Math.cos(angle)), y: Math.round(size / 2 + radius * Math.sin(angle)) };
  });
  return { nodes, edges: edges.filter((e) => kept.has(e.from) && kept.has(e.to)), width: size, height: size, omittedNodes: all.length - count };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Edge width by the number of changed connections (1 → 1.5 px, 1,000 → ~6 px). */
export function edgeWidth(count: number): number {
  return Math.round((1.5 + Math.log10(Math.max(1, count)) * 1.5) * 10) / 10;
}

/** The picture as a standalone SVG document (the Markdown report embeds it; also served as a file). */
export function diffGraphSvg(g: DiffGraph, text: { title: string; legend: string; empty: string }): string {
  const w = g.width;
  const h = g.height + 60;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`);
  out.push(`<title>${esc(text.title)}</title>`);
  out.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#dc2626"/></marker></defs>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="16" y="24" font-size="15" font-weight="bold" fill="#0f172a">${esc(text.title)}</text>`);
  out.push(`<line x1="16" y1="44" x2="46" y2="44" stroke="#dc2626" stroke-width="3" marker-end="url(#arrow)"/><text x="54" y="48" fill="#334155">${esc(text.legend)}</text>`);
  const pos = new Map(g.nodes.map((n) => [n.id, n]));
  const r = 16;
  for (const e of g.edges) {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const y0 = 60;
    if (a === b) {
      out.push(`<circle cx="${a.x}" cy="${a.y + y0 - r - 10}" r="10" fill="none" stroke="#dc2626" stroke-width="${edgeWidth(e.count)}"><title>${esc(`${e.from} → ${e.to}: ${e.count} (${e.ports.join(", ")})`)}</title></circle>`);
      continue;
    }
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const x1 = a.x + (dx / len) * r;
    const y1 = a.y + (dy / len) * r + y0;
    const x2 = b.x - (dx / len) * (r + 2);
    const y2 = b.y - (dy / len) * (r + 2) + y0;
    out.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="#dc2626" stroke-opacity="0.75" stroke-width="${edgeWidth(e.count)}" marker-end="url(#arrow)"><title>${esc(`${e.from} → ${e.to}: ${e.count} (${e.ports.join(", ")})`)}</title></line>`);
  }
  for (const n of g.nodes) {
    const y = n.y + 60;
    const anchor = n.x < g.width / 2 - 5 ? "end" : n.x > g.width / 2 + 5 ? "start" : "middle";
    const lx = anchor === "end" ? n.x - r - 6 : anchor === "start" ? n.x + r + 6 : n.x;
    out.push(`<circle cx="${n.x}" cy="${y}" r="${r}" fill="#e2e8f0" stroke="#475569" stroke-width="1.5"/>`);
    out.push(`<text x="${lx}" y="${y + 4}" text-anchor="${anchor}" fill="#0f172a">${esc(`${n.namespace}/${n.name} (${n.pods})`)}</text>`);
  }
  if (g.nodes.length === 0) out.push(`<text x="16" y="90" fill="#334155">${esc(text.empty)}</text>`);
  out.push(`</svg>`);
  return out.join("\n");
}
