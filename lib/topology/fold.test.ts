import { describe, expect, it } from "vitest";
import { syntheticTopology } from "../../bench/lib/synthetic-topology";
import { aggregateByOwner } from "./aggregate";
import { topologyView } from "./cytoscape";
import { fixtureContext, fixtureSnapshot } from "./fixture.test-helper";
import { AUTO_NAMESPACE_ABOVE, foldByNamespace } from "./fold";
import { topologyGraph, type TopologyGraph } from "./model";

const graph = () => topologyGraph(fixtureSnapshot(), fixtureContext);
const byId = (g: TopologyGraph) => new Map(g.nodes.map((n) => [n.data.id, n]));

/**
 * Every pod of `full` is in exactly one place: drawn as a pod, counted in a drawn owner, or counted in its namespace's
 * badge. Without owners on top, each badge's count is exactly its namespace's undrawn pods.
 */
function expectEveryPodOnce(full: TopologyGraph, folded: TopologyGraph) {
  const pods = full.nodes.filter((n) => n.data.kind === "Pod");
  const ids = byId(folded);
  const drawn = pods.filter((p) => ids.has(p.data.id)).length;
  const inOwners = folded.nodes.filter((n) => n.data.kind === "Owner").reduce((a, o) => a + (o.data.count as number), 0);
  const badges = folded.nodes.filter((n) => n.data.kind === "Namespace");
  const inBadges = badges.reduce((a, b) => a + (b.data.pods as number), 0);
  expect(drawn + inOwners + inBadges).toBe(pods.length);
  if (inOwners > 0) return;
  const perNs = new Map<string, number>();
  for (const p of pods) if (!ids.has(p.data.id)) perNs.set(p.data.namespace!, (perNs.get(p.data.namespace!) ?? 0) + 1);
  for (const b of badges) expect(b.data.pods, b.data.id).toBe(perNs.get(b.data.name) ?? 0);
  for (const [ns, c] of perNs) expect(badges.some((b) => b.data.name === ns) || c === 0, ns).toBe(true);
}

function expectConsistentEdges(g: TopologyGraph) {
  const ids = byId(g);
  for (const e of g.edges) {
    expect(ids.has(e.data.source) && ids.has(e.data.target), e.data.id).toBe(true);
    expect(e.data.source).not.toBe(e.data.target);
  }
  expect(new Set(g.edges.map((e) => e.data.id)).size).toBe(g.edges.length);
}

describe("foldByNamespace (the coarse first level)", () => {
  it("folds every pod, Service, Ingress and single-namespace VIP into one badge per namespace; node VMs carry their pod counts", () => {
    const full = graph();
    const f = foldByNamespace(full);
    const kinds = new Set(f.nodes.map((n) => n.data.kind));
    for (const k of ["Pod", "Service", "Ingress"]) expect(kinds.has(k as never), k).toBe(false);
    const shop = f.nodes.find((n) => n.data.id === "namespace:shop")!;
    expect(shop.data).toMatchObject({ kind: "Namespace", name: "shop", namespace: "shop", pods: 4, total: 4, services: 5, ingresses: 1, folded: true });
    expect(shop.data.vips).toEqual(["172.16.255.10"]);
    expect(f.nodes.find((n) => n.data.id === "namespace:data")!.data).toMatchObject({ pods: 1, services: 1 });
    // the API server VIP stays
    expect(f.nodes.some((n) => n.data.id === "vip:172.16.255.1")).toBe(true);
    expect(f.nodes.some((n) => n.data.id === "vip:172.16.255.10")).toBe(false);
    const lin = f.nodes.find((n) => n.data.id === "node:lin-1")!;
    expect(lin.data).toMatchObject({ pods: 3, folded: true });
    expect(lin.classes).toMatch(/folded/);
    expect(f.nodes.find((n) => n.data.id === "node:cp-1")!.data).toMatchObject({ pods: 0, folded: false });
    expectEveryPodOnce(full, f);
    expectConsistentEdges(f);
  });

  it("merges edges to folded members with counts: each HAProxy VM → the namespace for its VIPs, the client → the VMs", () => {
    const f = foldByNamespace(graph());
    const e = (id: string) => f.edges.find((x) => x.data.id === id);
    expect(e("frontend:lb:fixture-lb-1->namespace:shop")?.data).toMatchObject({ kind: "frontend", count: 1 });
    expect(e("frontend:lb:fixture-lb-2->namespace:shop")?.data).toMatchObject({ kind: "frontend", count: 1 });
    expect(e("client:ext:client->lb:fixture-lb-1")?.data.kind).toBe("client");
    // the ExternalName and manual-endpoint targets stay, reached from the badge
    expect(e("externalname:namespace:shop->ext:smtp.example.com")?.data.count).toBe(1);
    expect(e("endpoint:namespace:shop->ext:192.168.50.9")?.data.count).toBe(1);
    // nothing points inside a badge
    expect(f.edges.some((x) => x.data.target.startsWith("pod:") || x.data.target.startsWith("svc:"))).toBe(false);
  });

  it("expanding a namespace brings back its elements; expanding a node VM brings back the pods on it", () => {
    const full = graph();
    const ns = foldByNamespace(full, { expand: ["namespace:data"] });
    const ids = byId(ns);
    expect(ids.has("namespace:data")).toBe(false);
    expect(ids.has("svc:data/db") && ids.has("pod:data/db-0")).toBe(true);
    expect(ids.get("pod:data/db-0")!.data.parent).toBe("node:lin-1");
    expect(ids.get("namespace:shop")!.data.pods).toBe(4);
    expectEveryPodOnce(full, ns);
    expectConsistentEdges(ns);

    const node = foldByNamespace(full, { expand: ["node:lin-1"] });
    const nids = byId(node);
    expect(nids.get("node:lin-1")!.data.folded).toBe(false);
    for (const p of ["pod:shop/web-5d8f-a", "pod:shop/api-7c9-x", "pod:data/db-0"]) expect(nids.get(p)?.data.parent, p).toBe("node:lin-1");
    expect(nids.has("pod:shop/web-5d8f-b")).toBe(false); // on win-1, still folded
    expect(nids.get("namespace:shop")!.data.pods).toBe(2); // web-5d8f-b and the unscheduled pod
    // the folded Services reach their drawn pods from the badge, one merged edge per pod
    expect(node.edges.find((e) => e.data.id === "endpoint:namespace:shop->pod:shop/web-5d8f-a")?.data.count).toBe(1);
    expectEveryPodOnce(full, node);
    expectConsistentEdges(node);
  });

  it("at 3,000 synthetic pods: a few elements per namespace, every pod once, and merged edge counts add up to the edges they replace", () => {
    const { snapshot, ctx } = syntheticTopology(3000);
    const full = topologyGraph(snapshot, ctx);
    const f = foldByNamespace(full);
    const namespaces = f.nodes.filter((n) => n.data.kind === "Namespace").length;
    const vms = f.nodes.filter((n) => n.data.kind === "Node").length;
    expect(f.nodes.length).toBeLessThan(namespaces + vms + 10);
    expect(f.nodes.length + f.edges.length).toBeLessThan(full.nodes.length / 3);
    expectEveryPodOnce(full, f);
    expectConsistentEdges(f);
    expect(f.nodes.filter((n) => n.data.kind === "Node").reduce((a, n) => a + (n.data.pods as number), 0)).toBe(3000);
    // every non-client edge of the model is either inside one badge or counted in exactly one edge of the fold
    const foldedOf = (id: string) => (f.nodes.some((n) => n.data.id === id) ? id : id.startsWith("pod:") || id.startsWith("svc:") || id.startsWith("ing:") || id.startsWith("vip:") ? `namespace:${ownerNs(full, id)}` : id);
    let expected = 0;
    for (const e of full.edges) {
      if (e.data.kind === "client") continue;
      if (foldedOf(e.data.source) !== foldedOf(e.data.target)) expected++;
    }
    const got = f.edges.filter((e) => e.data.kind !== "client").reduce((a, e) => a + ((e.data.count as number | undefined) ?? 1), 0);
    expect(got).toBe(expected);

    // expanded namespace and node, then owners on top: still every pod once
    const team = f.nodes.find((n) => n.data.kind === "Namespace")!.data.name;
    const vm = f.nodes.find((n) => n.data.kind === "Node" && n.data.folded === true)!.data.id;
    const both = aggregateByOwner(foldByNamespace(full, { expand: [`namespace:${team}`, vm] }));
    expectEveryPodOnce(full, both);
    expectConsistentEdges(both);
    expect(both.nodes.some((n) => n.data.kind === "Owner" && n.data.namespace === team)).toBe(true);
    expect(both.nodes.some((n) => n.data.kind === "Owner" && n.data.parent === vm)).toBe(true);
  });

  it("topologyView aggregate=auto: by owner on a small cluster, by namespace above the threshold", () => {
    expect(topologyView(fixtureSnapshot(), fixtureContext, { aggregate: "auto" }).summary.aggregate).toBe("owner");
    const { snapshot, ctx } = syntheticTopology(AUTO_NAMESPACE_ABOVE + 500);
    const v = topologyView(snapshot, ctx, { aggregate: "auto" });
    expect(v.summary.aggregate).toBe("namespace");
    expect(v.elements.nodes.every((n) => n.position)).toBe(true);
    expect(v.elements.nodes.length + v.elements.edges.length).toBeLessThan(snapshot.pods.length / 2);
  });
});

function ownerNs(g: TopologyGraph, id: string): string {
  const n = g.nodes.find((x) => x.data.id === id)!;
  if (n.data.kind === "VIP") return String((n.data.ports as { service?: string }[]).find((p) => p.service)!.service!.split("/")[0]);
  return n.data.namespace!;
}
