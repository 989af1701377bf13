import { describe, expect, it } from "vitest";
import { aggregateByOwner } from "./aggregate";
import { toCytoscapeElements, topologyView } from "./cytoscape";
import { toDot } from "./dot";
import { filterGraph, parseLabelSelector } from "./filter";
import { fixtureContext, fixtureSnapshot } from "./fixture.test-helper";
import { layeredLayout, namespaceLayout } from "./layout";
import { podLabel, topologyGraph, type TopologyGraph } from "./model";

const graph = () => topologyGraph(fixtureSnapshot(), fixtureContext);
const node = (g: TopologyGraph, id: string) => g.nodes.find((n) => n.data.id === id);
const edgeIds = (g: TopologyGraph, kind?: string) => g.edges.filter((e) => !kind || e.data.kind === kind).map((e) => e.data.id).sort();

describe("topologyGraph", () => {
  it("has every element kind with the shared ids", () => {
    const g = graph();
    const kinds = new Set(g.nodes.map((n) => n.data.kind));
    expect([...kinds].sort()).toEqual(["External", "Ingress", "LoadBalancer", "Network", "Node", "Pod", "Service", "VIP"]);
    for (const id of ["net:demonet", "lb:fixture-lb-1", "lb:fixture-lb-2", "vip:172.16.255.1", "vip:172.16.255.10", "node:cp-1", "node:win-1", "pod:shop/web-5d8f-a", "svc:shop/web", "ing:shop/shop", "ext:client", "ext:smtp.example.com", "ext:192.168.50.9"]) {
      expect(node(g, id), id).toBeTruthy();
    }
    expect(new Set(g.nodes.map((n) => n.data.id)).size).toBe(g.nodes.length);
    expect(new Set(g.edges.map((e) => e.data.id)).size).toBe(g.edges.length);
  });

  it("every pod sits inside its node; an unscheduled pod has no parent", () => {
    const g = graph();
    expect(node(g, "pod:shop/web-5d8f-a")!.data.parent).toBe("node:lin-1");
    expect(node(g, "pod:shop/web-5d8f-b")!.data.parent).toBe("node:win-1");
    expect(node(g, "pod:data/db-0")!.data.parent).toBe("node:lin-1");
    expect(node(g, "pod:shop/lonely")!.data.parent).toBeUndefined();
    expect(node(g, "pod:shop/lonely")!.classes).toContain("unscheduled");
  });

  it("Windows and Linux nodes are marked; control plane by role", () => {
    const g = graph();
    expect(node(g, "node:win-1")!.data.osType).toBe("Windows");
    expect(node(g, "node:win-1")!.classes).toContain("windows");
    expect(node(g, "node:lin-1")!.classes).toContain("linux");
    expect(node(g, "node:cp-1")!.data.role).toBe("controlplane");
    expect(node(g, "node:lin-1")!.data.podCidrs).toEqual(["10.244.1.0/24"]);
  });

  it("each LB VM reaches each VIP; the client reaches each VIP; the network holds the VMs", () => {
    const g = graph();
    expect(edgeIds(g, "frontend")).toEqual([
      "frontend:lb:fixture-lb-1->vip:172.16.255.1",
      "frontend:lb:fixture-lb-1->vip:172.16.255.10",
      "frontend:lb:fixture-lb-2->vip:172.16.255.1",
      "frontend:lb:fixture-lb-2->vip:172.16.255.10",
    ]);
    expect(edgeIds(g, "client")).toEqual(["client:ext:client->vip:172.16.255.1", "client:ext:client->vip:172.16.255.10"]);
    expect(edgeIds(g, "member")).toContain("member:net:demonet->lb:fixture-lb-2");
    expect(edgeIds(g, "member")).toContain("member:net:demonet->node:win-1");
  });

  it("VIP → Service per frontend port; API server VIP → control plane on 6443", () => {
    const g = graph();
    expect(edgeIds(g, "route")).toEqual([
      "route:vip:172.16.255.10:80->svc:shop/web",
      "route:vip:172.16.255.10:8080->svc:shop/web",
      "route:vip:172.16.255.1:6443->node:cp-1",
    ]);
    const vip = node(g, "vip:172.16.255.10")!;
    expect(vip.data.ports).toEqual([
      { port: 80, protocol: "TCP", service: "shop/web", frontend: "vip:172.16.255.10:80" },
      { port: 8080, protocol: "TCP", service: "shop/web", frontend: "vip:172.16.255.10:8080" },
    ]);
    const route = g.edges.find((e) => e.data.id === "route:vip:172.16.255.10:80->svc:shop/web")!;
    expect(route.data).toMatchObject({ source: "vip:172.16.255.10", target: "svc:shop/web", port: 80, nodePort: 30080 });
  });

  it("Service → exactly its endpoint pods, ready or not marked", () => {
    const g = graph();
    const web = g.edges.filter((e) => e.data.kind === "endpoint" && e.data.source === "svc:shop/web");
    expect(web.map((e) => [e.data.target, e.data.ready])).toEqual([
      ["pod:shop/web-5d8f-a", true],
      ["pod:shop/web-5d8f-b", false],
    ]);
    expect(web[1].classes).toBe("not-ready");
    expect(g.edges.filter((e) => e.data.source === "svc:data/db").map((e) => e.data.target)).toEqual(["pod:data/db-0"]);
  });

  it("a selector-less Service with manual Endpoints reaches the pod with that IP and an outside address", () => {
    const g = graph();
    expect(g.edges.filter((e) => e.data.source === "svc:shop/legacy").map((e) => e.data.target).sort()).toEqual(["ext:192.168.50.9", "pod:shop/api-7c9-x"]);
    expect(node(g, "ext:192.168.50.9")!.data.reason).toBe("address");
  });

  it("headless, ExternalName, NodePorts on every node, no endpoints, externalTrafficPolicy Local, conflicts", () => {
    const g = graph();
    expect(node(g, "svc:data/db")!.data.headless).toBe(true);
    expect(edgeIds(g, "externalname")).toEqual(["externalname:svc:shop/mail->ext:smtp.example.com"]);
    expect(node(g, "svc:shop/mail")!.data.noEndpoints).toBe(false);
    expect(node(g, "svc:shop/ghost")!.data.noEndpoints).toBe(true);
    expect(node(g, "svc:shop/ghost")!.classes).toContain("no-endpoints");
    expect(g.nodePorts!.map((p) => p.port)).toEqual([30080, 30081, 30900]); // open on every node
    for (const n of ["node:cp-1", "node:lin-1", "node:win-1"]) expect(node(g, n)!.data.nodePortCount).toBe(3);
    expect(aggregateByOwner(g).nodePorts).toEqual(g.nodePorts);
    const web = node(g, "svc:shop/web")!;
    expect(web.data.externalTrafficPolicy).toBe("Local");
    expect(web.data.localNodes).toEqual(["lin-1"]); // win-1's pod is not ready
    expect(node(g, "node:lin-1")!.data.localEndpointsFor).toEqual(["shop/web"]);
    expect(node(g, "node:win-1")!.data.localEndpointsFor).toEqual([]);
    expect(node(g, "vip:172.16.255.10")!.classes).toContain("conflict");
    expect(node(g, "vip:172.16.255.1")!.data.conflict).toBe(false);
  });

  it("Ingress → backend Services", () => {
    expect(edgeIds(graph(), "backend")).toEqual(["backend:ing:shop/shop->svc:shop/api", "backend:ing:shop/shop->svc:shop/web"]);
  });

  it("owners: Deployment through its ReplicaSet, through pod-template-hash when the ReplicaSet is missing, StatefulSet, none", () => {
    const g = graph();
    expect(node(g, "pod:shop/web-5d8f-a")!.data.owner).toBe("owner:shop/Deployment/web");
    expect(node(g, "pod:shop/api-7c9-x")!.data.owner).toBe("owner:shop/Deployment/api");
    expect(node(g, "pod:data/db-0")!.data.owner).toBe("owner:data/StatefulSet/db");
    expect(node(g, "pod:shop/lonely")!.data.owner).toBeNull();
  });

  it("SKU none (no LB VM): VIPs stay, no frontend edges, marked no-lb", () => {
    const g = topologyGraph(fixtureSnapshot(), { ...fixtureContext, loadBalancers: [] });
    expect(g.nodes.filter((n) => n.data.kind === "LoadBalancer")).toEqual([]);
    expect(edgeIds(g, "frontend")).toEqual([]);
    expect(node(g, "vip:172.16.255.10")!.classes).toContain("no-lb");
  });

  it("a snapshot LB node (role loadbalancer) becomes an LB VM, not a Node", () => {
    const s = fixtureSnapshot();
    s.nodes.push({ name: "snap-lb", role: "loadbalancer", osType: "Linux", ipAddress: "172.16.10.60", podCidrs: [], labels: {} });
    const g = topologyGraph(s, {});
    expect(node(g, "lb:snap-lb")!.data.ipAddress).toBe("172.16.10.60");
    expect(node(g, "node:snap-lb")).toBeUndefined();
  });
});

describe("aggregateByOwner", () => {
  it("folds each owner's pods into one element with a count; edges follow, de-duplicated", () => {
    const a = aggregateByOwner(graph());
    expect(a.nodes.filter((n) => n.data.kind === "Pod").map((n) => n.data.id)).toEqual(["pod:shop/lonely"]);
    const web = node(a, "owner:shop/Deployment/web")!;
    expect(web.data).toMatchObject({ kind: "Owner", count: 2, ready: 1, notReady: 1, nodes: ["lin-1", "win-1"], ownerKind: "Deployment", namespace: "shop" });
    expect(web.data.parent).toBeUndefined(); // spread over two nodes
    expect(node(a, "owner:shop/Deployment/api")!.data.parent).toBe("node:lin-1");
    const e = a.edges.find((x) => x.data.id === "endpoint:svc:shop/web->owner:shop/Deployment/web")!;
    expect(e.data).toMatchObject({ count: 2, notReady: 1 });
    expect(edgeIds(a, "placement")).toEqual([]); // spread owners list their nodes instead of one edge per node
    const ids = new Set(a.nodes.map((n) => n.data.id));
    for (const x of a.edges) expect(ids.has(x.data.source) && ids.has(x.data.target), x.data.id).toBe(true);
  });

  it("an expanded owner keeps its first `cap` pods and folds the rest as 'N more'", () => {
    const a = aggregateByOwner(graph(), { expand: ["owner:shop/Deployment/web"], cap: 1 });
    expect(node(a, "pod:shop/web-5d8f-a")).toBeTruthy();
    expect(node(a, "pod:shop/web-5d8f-b")).toBeUndefined();
    expect(node(a, "owner:shop/Deployment/web")!.data).toMatchObject({ count: 1, total: 2, more: true });
    const all = aggregateByOwner(graph(), { expand: ["owner:shop/Deployment/web"] });
    expect(node(all, "owner:shop/Deployment/web")).toBeUndefined();
    expect(node(all, "pod:shop/web-5d8f-b")).toBeTruthy();
  });
});

describe("filters", () => {
  it("namespace keeps that namespace and the infrastructure its Services use", () => {
    const f = filterGraph(graph(), { namespace: "data" });
    expect(f.nodes.filter((n) => n.data.namespace).every((n) => n.data.namespace === "data")).toBe(true);
    expect(node(f, "vip:172.16.255.10")).toBeUndefined();
    expect(node(f, "node:lin-1")).toBeTruthy();
  });
  it("kinds and label selectors", () => {
    const k = filterGraph(graph(), { kinds: ["Service", "Pod"] });
    expect(new Set(k.nodes.map((n) => n.data.kind))).toEqual(new Set(["Service", "Pod"]));
    expect(k.nodes.every((n) => n.data.parent === undefined)).toBe(true);
    const l = filterGraph(graph(), { labelSelector: parseLabelSelector("app in (web,db)") });
    expect(l.nodes.filter((n) => n.data.kind === "Pod").map((n) => n.data.name).sort()).toEqual(["db-0", "web-5d8f-a", "web-5d8f-b"]);
  });
  it("parses kubectl label selectors", () => {
    expect(parseLabelSelector("app=web, tier!=db,!canary,team")).toEqual({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "NotIn", values: ["db"] },
        { key: "canary", operator: "DoesNotExist" },
        { key: "team", operator: "Exists" },
      ],
    });
    expect(() => parseLabelSelector("a b c")).toThrow();
  });
});

describe("layout, cytoscape elements, DOT", () => {
  it("layered: left to right client → LB → VIP → Service → node → outside", () => {
    const g = aggregateByOwner(graph());
    const p = layeredLayout(g);
    const x = (id: string) => p.get(id)!.x;
    expect(x("ext:client")).toBeLessThan(x("lb:fixture-lb-1"));
    expect(x("lb:fixture-lb-1")).toBeLessThan(x("vip:172.16.255.10"));
    expect(x("vip:172.16.255.10")).toBeLessThan(x("ing:shop/shop"));
    expect(x("ing:shop/shop")).toBeLessThan(x("svc:shop/web"));
    expect(x("svc:shop/web")).toBeLessThan(x("owner:shop/Deployment/api"));
    expect(x("owner:shop/Deployment/api")).toBeLessThan(x("owner:shop/Deployment/web"));
    for (const n of g.nodes) if (!g.nodes.some((c) => c.data.parent === n.data.id)) expect(p.has(n.data.id), n.data.id).toBe(true);
  });
  it("namespace layout boxes every namespaced element", () => {
    const g = graph();
    const { parents, positions, parentOf } = namespaceLayout(g);
    expect(parents.map((n) => n.data.id)).toEqual(["ns:data", "ns:shop"]);
    expect(parentOf.get("pod:shop/lonely")).toBe("ns:shop");
    for (const n of g.nodes) expect(positions.has(n.data.id)).toBe(true);
  });
  it("cytoscape elements JSON with positions; topologyView filters, aggregates and counts", () => {
    const el = toCytoscapeElements(graph(), { positions: new Map([["node:cp-1", { x: 1.4, y: 2.6 }]]) });
    expect(el.elements.nodes.find((n) => n.data.id === "node:cp-1")!.position).toEqual({ x: 1, y: 3 });
    const v = topologyView(fixtureSnapshot(), fixtureContext, { aggregate: "owner" });
    expect(v.summary).toMatchObject({ pods: 5, aggregate: "owner", elements: v.elements.nodes.length });
    expect(v.elements.nodes.every((n) => n.position || v.elements.nodes.some((c) => c.data.parent === n.data.id))).toBe(true);
  });
  it("DOT: a digraph with a cluster per node VM and every edge", () => {
    const g = graph();
    const dot = toDot(g, "fixture");
    expect(dot).toMatch(/^digraph "fixture" \{/);
    expect(dot).toContain("rankdir=LR;");
    expect(dot.match(/subgraph cluster_/g)!.length).toBe(2); // lin-1 and win-1 hold pods
    expect(dot).toContain('"vip:172.16.255.10" [label="172.16.255.10\\n:80,8080", shape=diamond, color="red"');
    expect(dot.match(/ -> /g)!.length).toBe(g.edges.length);
  });
});

describe("podLabel", () => {
  it("draws a Deployment's pod as <deployment>-…<suffix>; other pods by their name", () => {
    expect(podLabel("frontend-7c9d8f5b6d-x7k2q", { kind: "Deployment", name: "frontend" })).toBe("frontend-…x7k2q");
    expect(podLabel("db-0", { kind: "StatefulSet", name: "db" })).toBe("db-0");
    expect(podLabel("calico-node-x7k2q", { kind: "DaemonSet", name: "calico-node" })).toBe("calico-node-x7k2q");
    expect(podLabel("debug", undefined)).toBe("debug");
    expect(podLabel("other-x7k2q", { kind: "Deployment", name: "frontend" })).toBe("other-x7k2q");
  });

  it("keeps the full name as the element's name on the graph", () => {
    const g = topologyGraph(fixtureSnapshot(), fixtureContext);
    const pods = g.nodes.filter((n) => n.data.kind === "Pod");
    expect(pods.some((p) => p.data.label !== p.data.name)).toBe(true);
    for (const p of pods) {
      expect(p.data.name.length).toBeGreaterThanOrEqual(p.data.label.length - 1);
      if (p.data.label !== p.data.name) expect(p.data.label).toMatch(/^.+-….+$/);
    }
  });
});
