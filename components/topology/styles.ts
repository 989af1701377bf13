/** The cytoscape stylesheet of the topology, light and dark (contrast of labels ≥ 4.5:1 on the canvas background). */
import type cytoscape from "cytoscape";

export interface Palette {
  bg: string;
  text: string;
  muted: string;
  box: string;
  boxBorder: string;
  windows: string;
  windowsBorder: string;
  pod: string;
  podNotReady: string;
  service: string;
  vip: string;
  lb: string;
  ingress: string;
  external: string;
  owner: string;
  edge: string;
  conflict: string;
  warn: string;
  path: string;
  match: string;
  namespace: string;
}

export const PALETTES: Record<"light" | "dark", Palette> = {
  light: {
    bg: "#ffffff", text: "#0f172a", muted: "#475569", box: "#f1f5f9", boxBorder: "#64748b", windows: "#e0f2fe", windowsBorder: "#0369a1",
    pod: "#16a34a", podNotReady: "#f59e0b", service: "#7c3aed", vip: "#0284c7", lb: "#0f766e", ingress: "#4f46e5", external: "#64748b",
    owner: "#15803d", edge: "#94a3b8", conflict: "#dc2626", warn: "#ea580c", path: "#db2777", match: "#eab308", namespace: "#f8fafc",
  },
  dark: {
    bg: "#0f172a", text: "#e2e8f0", muted: "#94a3b8", box: "#1e293b", boxBorder: "#94a3b8", windows: "#0c4a6e", windowsBorder: "#38bdf8",
    pod: "#22c55e", podNotReady: "#fbbf24", service: "#a78bfa", vip: "#38bdf8", lb: "#2dd4bf", ingress: "#818cf8", external: "#94a3b8",
    owner: "#4ade80", edge: "#64748b", conflict: "#f87171", warn: "#fb923c", path: "#f472b6", match: "#facc15", namespace: "#111827",
  },
};

type Ele = cytoscape.SingularElementReturnValue;
const label = (e: Ele) => {
  const i = e.data("pathIndex") as number | undefined;
  const l = String(e.data("label") ?? "");
  return i ? `${i}. ${l}` : l;
};

export function topologyStyle(theme: "light" | "dark", big: boolean): cytoscape.StylesheetJson {
  const p = PALETTES[theme];
  const s: { selector: string; style: Record<string, unknown> }[] = [
    {
      selector: "node",
      style: {
        label,
        color: p.text,
        "font-size": 12,
        "text-wrap": "wrap",
        "text-max-width": "120px",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "min-zoomed-font-size": big ? 8 : 0,
        width: 26,
        height: 26,
        "background-color": p.external,
        "border-width": 0,
      },
    },
    { selector: "node[kind = 'Pod']", style: { "background-color": p.pod, width: 20, height: 20, "font-size": 10, "text-max-width": "94px", "text-overflow-wrap": "anywhere" } },
    { selector: "node[kind = 'Pod'].not-ready", style: { "background-color": p.podNotReady, "border-width": 2, "border-style": "dashed", "border-color": p.warn } },
    { selector: "node[kind = 'Owner']", style: { shape: "round-octagon", "background-color": p.owner, width: 34, height: 34 } },
    { selector: "node[kind = 'Owner'].not-ready", style: { "border-width": 3, "border-color": p.podNotReady } },
    { selector: "node[kind = 'Service']", style: { shape: "hexagon", "background-color": p.service, width: 36, height: 30 } },
    { selector: "node[kind = 'Service'].no-endpoints", style: { "border-width": 3, "border-style": "dashed", "border-color": p.warn, "background-opacity": 0.45 } },
    { selector: "node[kind = 'Service'].etp-local", style: { "border-width": 3, "border-style": "double", "border-color": p.vip } },
    { selector: "node[kind = 'VIP']", style: { shape: "diamond", "background-color": p.vip, width: 36, height: 36 } },
    { selector: "node[kind = 'VIP'].conflict", style: { "background-color": p.conflict, "border-width": 4, "border-color": p.conflict, color: p.conflict, "font-weight": "bold" } },
    { selector: "node[kind = 'LoadBalancer']", style: { shape: "round-rectangle", "background-color": p.lb, width: 52, height: 30 } },
    { selector: "node[kind = 'Network']", style: { shape: "tag", "background-color": p.muted, width: 40, height: 22 } },
    { selector: "node[kind = 'Ingress']", style: { shape: "rhomboid", "background-color": p.ingress, width: 34, height: 20 } },
    { selector: "node[kind = 'External']", style: { shape: "ellipse", "background-color": p.bg, "border-width": 2, "border-color": p.external, width: 26, height: 26 } },
    { selector: "node[kind = 'Node']", style: { shape: "round-rectangle", "background-color": p.box, "border-width": 2, "border-color": p.boxBorder, width: 60, height: 30, "text-valign": "center" } },
    { selector: "node[kind = 'Namespace']", style: { shape: "barrel", "background-color": p.ingress, width: 46, height: 30 } },
    { selector: "node[kind = 'Namespace'].not-ready", style: { "border-width": 3, "border-color": p.podNotReady } },
    { selector: "node[kind = 'Node'].windows", style: { "background-color": p.windows, "border-color": p.windowsBorder, "border-style": "double", "border-width": 5, shape: "rectangle" } },
    { selector: "node[kind = 'Node'].folded", style: { "border-style": "dashed", "border-width": 3, height: 44 } },
    { selector: "node[kind = 'Node'].windows.folded", style: { "border-style": "double", "border-width": 5 } },
    {
      selector: ":parent",
      style: { "text-valign": "top", "text-halign": "center", "text-margin-y": -4, padding: "14px", "font-weight": "bold", "font-size": 13 },
    },
    { selector: "node.namespace", style: { shape: "round-rectangle", "background-color": p.namespace, "border-width": 1, "border-style": "dashed", "border-color": p.boxBorder } },
    { selector: "node.collapsed", style: { "font-style": "italic" } },
    {
      selector: "edge",
      style: {
        width: 1.2,
        "line-color": p.edge,
        "curve-style": big ? "haystack" : "bezier",
        "target-arrow-shape": big ? "none" : "triangle",
        "target-arrow-color": p.edge,
        "arrow-scale": 0.7,
        opacity: 0.85,
      },
    },
    { selector: "edge[kind = 'member']", style: { "line-style": big ? "solid" : "dotted", "target-arrow-shape": "none", opacity: 0.5 } },
    { selector: "edge[kind = 'route']", style: { label: big ? "" : "data(label)", "font-size": 8, color: p.muted, "text-background-color": p.bg, "text-background-opacity": 1, "line-color": p.vip, "target-arrow-color": p.vip } },
    { selector: "edge.not-ready", style: { "line-style": big ? "solid" : "dashed", "line-color": p.podNotReady, "target-arrow-color": p.podNotReady } },
    { selector: "edge.etp-local", style: { width: 2.5 } },
    { selector: ".path", style: { "border-width": 4, "border-color": p.path, "line-color": p.path, "target-arrow-color": p.path, width: 4, "z-index": 99, "font-weight": "bold", opacity: 1 } },
    { selector: "edge.path", style: { width: 4 } },
    { selector: ".path-dropped", style: { "border-width": 5, "border-color": p.conflict, "border-style": "double", "line-color": p.conflict } },
    { selector: ".search-hit", style: { "border-width": 5, "border-color": p.match, "border-style": "double", "z-index": 98 } },
    { selector: ".match", style: { "border-width": 5, "border-color": p.match, "z-index": 100 } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": p.path, "overlay-opacity": 0 } },
    { selector: "edge:selected", style: { "line-color": p.path, "target-arrow-color": p.path, width: 3 } },
    { selector: ".faded", style: { opacity: 0.2 } },
  ];
  return s as unknown as cytoscape.StylesheetJson;
}
