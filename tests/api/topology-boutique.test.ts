/**
 * The topology's Done-when check on an imported Online Boutique (fixtures/online-boutique.yaml): applied to a fresh
 * AKS hybrid cluster on the demo network, the API graph is consistent — every pod inside its Node, every Service edge
 * goes to exactly its endpoint pods, the HAProxy VM reaches frontend-external through its VIP — at every level.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const topology = await import("@/app/api/clusters/[name]/topology/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const clusters = await import("@/app/api/clusters/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

type El = { data: Record<string, any>; classes?: string };
const NAME = "boutique";
const get = (query = "") => call(topology.GET, { params: { name: NAME }, path: `/api/clusters/${NAME}/topology${query}` });
const MICROSERVICES = ["adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice", "frontend", "loadgenerator", "paymentservice", "productcatalogservice", "recommendationservice", "shippingservice"];

describe("Online Boutique imported into a cluster: the topology is consistent", () => {
  beforeAll(async () => {
    await seedDemo(db());
    const c = await call(clusters.POST, {
      json: { name: NAME, vnet: "demonet", controlPlaneNodeCount: 1, loadBalancerCount: 1, primaryNetworkPlugin: "calico", nodePools: [{ name: "linuxpool", count: 3, osType: "Linux" }] },
    });
    expect(c.status, c.text).toBe(201);
    const r = await call(apply.POST, { params: { name: NAME }, body: readFileSync("fixtures/online-boutique.yaml", "utf8"), headers: { "content-type": "application/yaml" } });
    expect(r.status, r.text).toBe(200);
  });

  it("every Deployment has its pod, inside its Node; every Service edge goes to exactly its endpoint pods; the HAProxy VM reaches frontend-external through its VIP", async () => {
    const r = await get();
    expect(r.status).toBe(200);
    const { nodes, edges } = r.body.elements as { nodes: El[]; edges: El[] };
    const byId = new Map(nodes.map((n) => [n.data.id, n]));
    const pods = (await call(objects.GET, { params: { name: NAME }, path: `/api/clusters/${NAME}/objects?kind=Pod` })).body as { metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: { nodeName?: string } }[];
    // the boutique's 12 pods in default, beside the cluster's own (kube-system)
    const shop = pods.filter((p) => p.metadata.namespace === "default");
    expect(shop.map((p) => p.metadata.labels.app).sort()).toEqual([...MICROSERVICES, "redis-cart"].sort());
    expect(pods.length).toBeGreaterThan(shop.length);
    for (const p of pods) {
      const el = byId.get(`pod:${p.metadata.namespace}/${p.metadata.name}`)!;
      expect(el, p.metadata.name).toBeTruthy();
      expect(p.spec.nodeName, p.metadata.name).toBeTruthy();
      expect(el.data.parent).toBe(`node:${p.spec.nodeName}`);
      expect(byId.get(el.data.parent)!.data.kind).toBe("Node");
    }
    const svcs = (await call(services.GET, { params: { name: NAME } })).body as { namespace: string; name: string; type: string; loadBalancerIP?: string; endpoints: { pod?: string; ready: boolean }[] }[];
    for (const s of svcs) {
      const id = `svc:${s.namespace}/${s.name}`;
      const got = edges.filter((e) => e.data.kind === "endpoint" && e.data.source === id && e.data.target.startsWith("pod:")).map((e) => `${e.data.target}|${e.data.ready}`).sort();
      const want = [...new Set(s.endpoints.filter((e) => e.pod).map((e) => `pod:${e.pod}|${e.ready}`))].sort();
      expect(got, id).toEqual(want);
    }
    const boutique = svcs.filter((s) => s.namespace === "default" && s.name !== "kubernetes");
    expect(boutique.map((s) => s.name).sort()).toEqual([...MICROSERVICES.filter((m) => m !== "loadgenerator"), "frontend-external", "redis-cart"].sort());
    for (const s of boutique) {
      const id = `svc:${s.namespace}/${s.name}`;
      const got = edges.filter((e) => e.data.kind === "endpoint" && e.data.source === id).map((e) => e.data.target).sort();
      const want = [...new Set(s.endpoints.filter((e) => e.pod).map((e) => `pod:${e.pod}`))].sort();
      expect(want.length, id).toBe(1); // one replica each, selected by app=<name>
      expect(got, id).toEqual(want);
      const app = s.name === "frontend-external" ? "frontend" : s.name;
      expect(byId.get(want[0])!.data.labels.app, id).toBe(app);
    }
    const fe = boutique.find((s) => s.name === "frontend-external")!;
    expect(fe.type).toBe("LoadBalancer");
    expect(fe.loadBalancerIP).toBeTruthy();
    const vip = `vip:${fe.loadBalancerIP}`;
    const lbs = nodes.filter((n) => n.data.kind === "LoadBalancer");
    expect(lbs.length).toBe(1);
    expect(edges.some((e) => e.data.id === `frontend:${lbs[0].data.id}->${vip}`)).toBe(true);
    expect(edges.some((e) => e.data.id === `route:${vip}:80->svc:default/frontend-external`)).toBe(true);
    expect(edges.some((e) => e.data.id === `client:ext:client->${vip}`)).toBe(true);
    // only frontend-external has a VIP among the boutique's Services
    expect(nodes.filter((n) => n.data.kind === "VIP" && !n.data.apiServer).map((n) => n.data.id)).toEqual([vip]);
  });

  it("the owner level and the namespace level count the boutique's 12 pods", async () => {
    const o = await get("?aggregate=owner");
    const owners = (o.body.elements.nodes as El[]).filter((n) => n.data.kind === "Owner" && n.data.namespace === "default");
    expect(owners.map((n) => n.data.name).sort()).toEqual([...MICROSERVICES, "redis-cart"].sort());
    expect(owners.every((n) => n.data.ownerKind === "Deployment" && n.data.count === 1 && typeof n.data.parent === "string")).toBe(true);
    const ns = await get("?aggregate=namespace");
    const def = (ns.body.elements.nodes as El[]).find((n) => n.data.id === "namespace:default")!;
    expect(def.data.pods).toBe(12);
    expect(def.data.vips).toHaveLength(1);
    const lb = (ns.body.elements.nodes as El[]).find((n) => n.data.kind === "LoadBalancer")!;
    expect((ns.body.elements.edges as El[]).find((e) => e.data.id === `frontend:${lb.data.id}->namespace:default`)?.data.count).toBe(1);
  });
});
