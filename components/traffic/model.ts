/**
 * Pure helpers of the Traffic page (no React, no DOM): the path graph's elements (hops left to right, numbered,
 * the dropped hop marked) and the Policies link of a dropped trace. Tested without a browser.
 */
import type { Hop, TraceResult } from "@/lib/api/trace";

export interface PathElement {
  group: "nodes" | "edges";
  data: { id: string; label?: string; source?: string; target?: string; kind?: string; elementId?: string; n?: number };
  classes: string;
  position?: { x: number; y: number };
}

/** Short label of a hop for the graph: the last path element of long names. */
export function shortName(h: Hop): string {
  const name = h.name.replace(/^kube-proxy on (\S+) \(Service (\S+).*$/, "$2").replace(/^HAProxy (\S+).*$/, "$1").replace(/ — Ingress .*$/, "");
  return name.length > 28 ? `…${name.slice(-27)}` : name;
}

/** One graph node per hop (numbered, left to right), edges between consecutive hops; the dropped hop has class "dropped". */
export function pathElements(r: TraceResult, kindLabel: (kind: Hop["kind"]) => string, spacing = 150): PathElement[] {
  const out: PathElement[] = [];
  r.hops.forEach((h, i) => {
    const id = `hop-${h.n}`;
    out.push({
      group: "nodes",
      data: { id, label: `${h.n}. ${kindLabel(h.kind)}\n${shortName(h)}`, kind: h.kind, elementId: h.elementId, n: h.n },
      classes: [h.kind, h.dropped ? "dropped" : "", i === r.hops.length - 1 && r.verdict === "delivered" ? "delivered" : ""].filter(Boolean).join(" "),
      position: { x: i * spacing, y: i % 2 === 0 ? 0 : 40 },
    });
    if (i > 0) out.push({ group: "edges", data: { id: `e-${h.n}`, source: `hop-${h.n - 1}`, target: id }, classes: h.dropped ? "dropped" : "" });
  });
  return out;
}

/** The Policies page's explanation of the pair a policy dropped, or null. */
export function policyLink(cluster: string, r: TraceResult): string | null {
  const e = r.reason?.explain;
  if (!e || !e.from.includes("/") || !e.to.includes("/")) return null;
  const q = new URLSearchParams({ cluster, port: e.port, from: e.from, to: e.to });
  return `/policies?${q.toString().replace(/%2F/g, "/")}`;
}

export const otherPlugin = (p: "calico" | "flannel") => (p === "calico" ? "flannel" : "calico");
