/** Graphviz DOT of a topology graph (for documents): left to right, one cluster box per node VM with its pods. */
import type { TopologyGraph, TopologyNode } from "./model";

const SHAPES: Record<string, string> = {
  Network: "folder",
  LoadBalancer: "box3d",
  VIP: "diamond",
  Node: "box",
  Pod: "ellipse",
  Owner: "doubleoctagon",
  Service: "hexagon",
  Ingress: "trapezium",
  External: "oval",
};

export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function nodeLine(n: TopologyNode, indent: string): string {
  const attrs = [`label=${dotQuote(n.data.label)}`, `shape=${SHAPES[n.data.kind] ?? "box"}`];
  const classes = n.classes ?? "";
  if (/\bconflict\b/.test(classes)) attrs.push('color="red"', 'fontcolor="red"', "penwidth=2");
  if (/\bnot-ready\b/.test(classes)) attrs.push('style="dashed"');
  if (/\bno-endpoints\b/.test(classes)) attrs.push('color="orange"');
  if (/\bwindows\b/.test(classes)) attrs.push('style="filled"', 'fillcolor="lightblue"');
  return `${indent}${dotQuote(n.data.id)} [${attrs.join(", ")}];`;
}

export function toDot(graph: TopologyGraph, name = "topology"): string {
  const lines = [`digraph ${dotQuote(name)} {`, "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const children = new Map<string, TopologyNode[]>();
  for (const n of graph.nodes) {
    if (!n.data.parent) continue;
    const list = children.get(n.data.parent);
    if (list) list.push(n);
    else children.set(n.data.parent, [n]);
  }
  let i = 0;
  for (const n of graph.nodes) {
    if (n.data.parent) continue;
    const kids = children.get(n.data.id);
    if (!kids) {
      lines.push(nodeLine(n, "  "));
      continue;
    }
    lines.push(`  subgraph cluster_${i++} {`, `    label=${dotQuote(n.data.label)};`, `    ${dotQuote(n.data.id)} [shape=point, style=invis];`);
    if (/\bwindows\b/.test(n.classes ?? "")) lines.push('    style="filled"; fillcolor="aliceblue";');
    for (const k of kids) lines.push(nodeLine(k, "    "));
    lines.push("  }");
  }
  for (const e of graph.edges) {
    const attrs = [`label=${dotQuote(e.data.label ?? (e.data.kind === "endpoint" ? "" : e.data.kind))}`];
    if (e.classes?.includes("not-ready")) attrs.push('style="dashed"');
    if (e.data.kind === "member") attrs.push('style="dotted"', "arrowhead=none");
    lines.push(`  ${dotQuote(e.data.source)} -> ${dotQuote(e.data.target)} [${attrs.join(", ")}];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
