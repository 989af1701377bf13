/**
 * Deterministic layouts computed in the model (server side, O(elements)), so the browser loads positions with
 * cytoscape's `preset` layout and never runs a layout over thousands of elements on its main thread.
 *
 * - {@link layeredLayout}: the traffic view, left to right like a packet's way: client → HAProxy VMs → VIPs →
 *   Ingresses → Services → node VMs (pods and owners inside) → owners spread over nodes → outside targets. Each
 *   column is ordered by the barycentre of the elements it connects to in the node column (fewer crossings).
 * - {@link namespaceLayout}: grouping by namespace/owner: one box per namespace in a grid, members packed inside,
 *   cluster-wide elements (VMs, VIPs, externals) in a column on the left. Returns the namespace parents to add.
 */
import type { TopologyGraph, TopologyNode } from "./model";

/** Code-unit order: deterministic and much cheaper than localeCompare on tens of thousands of names. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const CELL_W = 100;
export const CELL_H = 56;
const COLUMN_GAP = 180;
const ROW_GAP = 64;

type Pos = { x: number; y: number };

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function grid(count: number, maxCols = 12): { cols: number; rows: number } {
  const cols = Math.max(1, Math.min(maxCols, Math.ceil(Math.sqrt(count * 1.6))));
  return { cols, rows: Math.max(1, Math.ceil(count / cols)) };
}

function column(items: TopologyNode[], x: number, positions: Map<string, Pos>, gap = ROW_GAP) {
  items.forEach((n, i) => positions.set(n.data.id, { x, y: (i - (items.length - 1) / 2) * gap }));
}

/** Positions of every element of the graph for the traffic (node VM) view. Compound parents get their children's centre. */
export function layeredLayout(graph: TopologyGraph): Map<string, Pos> {
  const positions = new Map<string, Pos>();
  const byKind = (k: string) => graph.nodes.filter((n) => n.data.kind === k);
  const children = new Map<string, TopologyNode[]>();
  for (const n of graph.nodes) if (n.data.parent) push(children, n.data.parent, n);

  // Node column: boxes stacked vertically, children in a grid inside.
  const xNodes = 4 * COLUMN_GAP + 80;
  const vms = byKind("Node");
  let widest = CELL_W;
  const heights = vms.map((vm) => {
    const kids = children.get(vm.data.id) ?? [];
    const { cols, rows } = grid(kids.length);
    widest = Math.max(widest, cols * CELL_W);
    return kids.length === 0 ? CELL_H : rows * CELL_H + 50;
  });
  const total = heights.reduce((a, b) => a + b + 40, -40);
  let y = -total / 2;
  vms.forEach((vm, i) => {
    const kids = children.get(vm.data.id) ?? [];
    const { cols } = grid(kids.length);
    const top = y + 40;
    if (kids.length === 0) positions.set(vm.data.id, { x: xNodes, y: y + heights[i] / 2 });
    kids.forEach((k, j) => positions.set(k.data.id, { x: xNodes + (j % cols) * CELL_W, y: top + Math.floor(j / cols) * CELL_H }));
    if (kids.length > 0) positions.set(vm.data.id, { x: xNodes + ((cols - 1) * CELL_W) / 2, y: y + heights[i] / 2 });
    y += heights[i] + 40;
  });

  // Pods / owners outside any node (spread owners, unscheduled pods): a grid right of the node column.
  const outside = graph.nodes.filter((n) => (n.data.kind === "Pod" || n.data.kind === "Owner") && !n.data.parent);
  const xOutside = xNodes + widest + COLUMN_GAP;
  {
    const { cols, rows } = grid(outside.length, 8);
    outside.forEach((n, j) => positions.set(n.data.id, { x: xOutside + (j % cols) * CELL_W, y: (Math.floor(j / cols) - (rows - 1) / 2) * CELL_H }));
  }

  // Barycentre ordering of the columns left of the nodes (and of externals on the right).
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => push(neighbours, a, b);
  for (const e of graph.edges) {
    link(e.data.source, e.data.target);
    link(e.data.target, e.data.source);
  }
  const bary = (id: string) => {
    const ys = (neighbours.get(id) ?? []).map((n) => positions.get(n)?.y).filter((v): v is number => v !== undefined);
    return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.POSITIVE_INFINITY;
  };
  const ordered = (items: TopologyNode[]) =>
    items
      .map((n, i) => ({ n, k: bary(n.data.id), i }))
      .sort((a, b) => a.k - b.k || a.i - b.i)
      .map((x) => x.n);
  // Services, and the folded namespace badges of the coarse level (./fold.ts) in the same column
  column(ordered([...byKind("Service"), ...byKind("Namespace")]), 3 * COLUMN_GAP, positions);
  column(ordered(byKind("Ingress")), 2 * COLUMN_GAP, positions);
  column(ordered(byKind("VIP")), COLUMN_GAP + 40, positions, ROW_GAP + 10);
  const lbs = byKind("LoadBalancer");
  column(lbs, 40, positions, ROW_GAP * 1.5);
  const net = byKind("Network");
  const externals = graph.nodes.filter((n) => n.data.kind === "External");
  const client = externals.filter((n) => n.data.id === "ext:client");
  column(client, -COLUMN_GAP + 40, positions);
  const minY = Math.min(0, ...[...positions.values()].map((p) => p.y));
  net.forEach((n) => positions.set(n.data.id, { x: 40, y: Math.min(-ROW_GAP * 1.5 * ((lbs.length + 1) / 2) - 40, minY - 40) }));
  column(ordered(externals.filter((n) => n.data.id !== "ext:client")), xOutside + (outside.length ? grid(outside.length, 8).cols * CELL_W + COLUMN_GAP / 2 : 0), positions);
  return positions;
}

/** Namespace grouping: namespace parents (`ns:<name>`) and positions. Members keep `namespace`; cluster-wide elements go left. */
export function namespaceLayout(graph: TopologyGraph): { parents: TopologyNode[]; positions: Map<string, Pos>; parentOf: Map<string, string> } {
  const positions = new Map<string, Pos>();
  const parentOf = new Map<string, string>();
  const members = new Map<string, TopologyNode[]>();
  const global: TopologyNode[] = [];
  const rank: Record<string, number> = { Namespace: 0, Ingress: 1, Service: 2, Owner: 3, Pod: 4 };
  for (const n of graph.nodes) {
    if (n.data.namespace) push(members, n.data.namespace, n);
    else global.push(n);
  }
  const globalRank: Record<string, number> = { External: 0, Network: 1, LoadBalancer: 2, VIP: 3, Node: 4 };
  global.sort((a, b) => (globalRank[a.data.kind] ?? 9) - (globalRank[b.data.kind] ?? 9));
  const gcols = Math.max(1, Math.ceil(global.length / 40));
  global.forEach((n, i) => positions.set(n.data.id, { x: -COLUMN_GAP - (gcols - 1 - (i % gcols)) * CELL_W, y: Math.floor(i / gcols) * ROW_GAP }));

  const names = [...members.keys()].sort();
  const parents: TopologyNode[] = names.map((name) => ({ data: { id: `ns:${name}`, kind: "Namespace" as never, name, label: name }, classes: "namespace" }));
  const boxes = names.map((name) => {
    const items = members.get(name)!.sort((a, b) => (rank[a.data.kind] ?? 9) - (rank[b.data.kind] ?? 9) || cmp(a.data.name, b.data.name));
    const g = grid(items.length, 10);
    return { name, items, ...g, w: g.cols * CELL_W + 60, h: g.rows * CELL_H + 80 };
  });
  // shelf packing, about as wide as tall
  const area = boxes.reduce((a, b) => a + b.w * b.h, 0);
  const shelfWidth = Math.max(600, Math.sqrt(area) * 1.3);
  let x = 0;
  let y = 0;
  let shelf = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > shelfWidth) {
      x = 0;
      y += shelf + 40;
      shelf = 0;
    }
    b.items.forEach((n, j) => {
      positions.set(n.data.id, { x: x + 30 + (j % b.cols) * CELL_W, y: y + 50 + Math.floor(j / b.cols) * CELL_H });
      parentOf.set(n.data.id, `ns:${b.name}`);
    });
    x += b.w + 40;
    shelf = Math.max(shelf, b.h);
  }
  return { parents, positions, parentOf };
}
