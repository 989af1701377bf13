import { describe, expect, it } from "vitest";
import { SHOP_CALICO } from "../demo/shop";
import { snapshotFromManifests } from "../kube/load";
import { comparePlugins } from "./compare";
import { DIFF_GRAPH_MAX_NODES, diffGraph, diffGraphSvg, OwnerEdgeCounter, podOwners } from "./diff-graph";
import { reportGraphSvg, reviewReportMarkdown } from "./report";

const loaded = snapshotFromManifests(SHOP_CALICO, {
  name: "demo",
  primaryNetworkPlugin: "flannel",
  nodes: [{ name: "n1", role: "worker", osType: "Linux", ipAddress: "172.16.10.3", podCidrs: ["10.244.1.0/24"], labels: {} }],
  expandWorkloads: true,
});
if (!loaded.ok) throw new Error("demo manifests do not load");
const s = loaded.snapshot;
const cmp = comparePlugins(s);

describe("the diff as a graph of workloads", () => {
  it("folds pods into their owners and counts every changed cell once, on the edge of its two workloads", () => {
    const owners = podOwners(s, cmp.diff.pods);
    expect(owners.some((o) => /^shop\/Deployment\/frontend$/.test(o))).toBe(true);
    expect(cmp.diff.ownerEdges.reduce((a, e) => a + e.count, 0)).toBe(cmp.diff.total);
    // the edge counts agree with the groups' cells where the groups list them all
    const byPair = new Map<string, number>();
    const ownerOf = new Map(cmp.diff.pods.map((p, i) => [p, owners[i]]));
    for (const g of cmp.diff.groups) {
      expect(g.truncated).toBe(false);
      for (const c of g.cells) byPair.set(`${ownerOf.get(c.from)} ${ownerOf.get(c.to)}`, (byPair.get(`${ownerOf.get(c.from)} ${ownerOf.get(c.to)}`) ?? 0) + 1);
    }
    expect(new Map(cmp.diff.ownerEdges.map((e) => [`${e.from} ${e.to}`, e.count]))).toEqual(byPair);
    // the frontend → postgres connections are blocked under Calico (data/postgres-from-api admits only the api)
    expect(cmp.graph.edges.find((e) => e.from === "shop/Deployment/frontend" && e.to.startsWith("data/StatefulSet/postgres"))).toBeTruthy();
    expect(cmp.graph.nodes.length).toBeGreaterThan(2);
    expect(cmp.graph.omittedNodes).toBe(0);
  });

  it("lays out at most the busiest workloads, inside the picture", () => {
    const counter = new OwnerEdgeCounter(Array.from({ length: 100 }, (_, i) => `ns/Deployment/app${i}`));
    for (let i = 0; i < 100; i++) counter.add(i, (i + 1) % 100, "80/TCP", i + 1);
    const g = diffGraph(counter.edges(), counter.podsPerOwner);
    expect(g.nodes).toHaveLength(DIFF_GRAPH_MAX_NODES);
    expect(g.omittedNodes).toBe(100 - DIFF_GRAPH_MAX_NODES);
    expect(g.nodes.every((n) => n.x > 0 && n.x < g.width && n.y > 0 && n.y < g.height)).toBe(true);
    expect(g.edges.every((e) => g.nodes.some((n) => n.id === e.from) && g.nodes.some((n) => n.id === e.to))).toBe(true);
  });

  it("is an SVG with a red arrow per edge, names escaped, embedded in the Markdown report as a data URI", () => {
    const svg = reportGraphSvg(cmp, "en");
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.match(/<line [^>]*marker-end="url\(#arrow\)"/g)!.length).toBe(cmp.graph.edges.filter((e) => e.from !== e.to).length + 1); // + the legend's
    expect(svg).toContain("shop/frontend");
    const evil = diffGraphSvg({ nodes: [{ id: "a/Pod/<script>", namespace: "a", kind: "Pod", name: "<script>", pods: 1, x: 10, y: 10 }], edges: [], width: 100, height: 100, omittedNodes: 0 }, { title: "t", legend: "l", empty: "e" });
    expect(evil).not.toContain("<script>");
    expect(evil).toContain("&lt;script&gt;");
    const md = reviewReportMarkdown(cmp, "ja", new Date("2026-01-02T03:04:05Z"));
    const m = /!\[([^\]]+)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(md);
    expect(m).not.toBeNull();
    expect(m![1]).toContain("demo のワークロードのグラフ");
    expect(Buffer.from(m![2], "base64").toString("utf8")).toBe(reportGraphSvg(cmp, "ja"));
  });
});
