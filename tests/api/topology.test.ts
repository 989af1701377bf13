import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const topology = await import("@/app/api/clusters/[name]/topology/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

type El = { data: Record<string, any>; position?: { x: number; y: number }; classes?: string };
const get = (query = "", name = "shopcalico") => call(topology.GET, { params: { name }, path: `/api/clusters/${name}/topology${query}` });

describe("GET /api/clusters/{name}/topology", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("returns cytoscape elements JSON: nodes with id/kind/name/label, edges with id/source/target/kind, positions", async () => {
    const r = await get();
    expect(r.status).toBe(200);
    const { nodes, edges } = r.body.elements as { nodes: El[]; edges: El[] };
    expect(nodes.length).toBeGreaterThan(10);
    for (const n of nodes) {
      expect(typeof n.data.id).toBe("string");
      expect(typeof n.data.kind).toBe("string");
      expect(typeof n.data.label).toBe("string");
      expect(typeof n.data.name).toBe("string");
    }
    const ids = new Set(nodes.map((n) => n.data.id));
    for (const e of edges) {
      expect(ids.has(e.data.source) && ids.has(e.data.target), e.data.id).toBe(true);
      expect(e.data.id.startsWith(`${e.data.kind}:`)).toBe(true);
    }
    expect(r.body.summary.aggregate).toBe("none");
    const kinds = new Set(nodes.map((n) => n.data.kind));
    for (const k of ["Network", "LoadBalancer", "VIP", "Node", "Pod", "Service", "External"]) expect(kinds.has(k), k).toBe(true);
  });

  it("consistency on the demo cluster: every pod inside its Node; every Service edge goes to exactly its endpoint pods; the HAProxy VM reaches each LoadBalancer Service through its VIP", async () => {
    const r = await get();
    const { nodes, edges } = r.body.elements as { nodes: El[]; edges: El[] };
    const pods = (await call(objects.GET, { params: { name: "shopcalico" }, path: "/api/clusters/shopcalico/objects?kind=Pod" })).body as { metadata: { name: string; namespace: string }; spec: { nodeName?: string } }[];
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      const el = nodes.find((n) => n.data.id === `pod:${p.metadata.namespace}/${p.metadata.name}`)!;
      expect(el, p.metadata.name).toBeTruthy();
      expect(el.data.parent).toBe(p.spec.nodeName ? `node:${p.spec.nodeName}` : undefined);
    }
    const svcs = (await call(services.GET, { params: { name: "shopcalico" } })).body as { namespace: string; name: string; type: string; loadBalancerIP?: string; endpoints: { pod?: string; ready: boolean }[] }[];
    for (const s of svcs) {
      const id = `svc:${s.namespace}/${s.name}`;
      const got = edges.filter((e) => e.data.kind === "endpoint" && e.data.source === id && e.data.target.startsWith("pod:")).map((e) => `${e.data.target}|${e.data.ready}`).sort();
      const want = [...new Set(s.endpoints.filter((e) => e.pod).map((e) => `pod:${e.pod}|${e.ready}`))].sort();
      expect(got, id).toEqual(want);
      if (s.type === "LoadBalancer" && s.loadBalancerIP) {
        const vip = `vip:${s.loadBalancerIP}`;
        const lbs = nodes.filter((n) => n.data.kind === "LoadBalancer");
        expect(lbs.length).toBeGreaterThan(0);
        for (const lb of lbs) expect(edges.some((e) => e.data.id === `frontend:${lb.data.id}->${vip}`), `${lb.data.id} → ${vip}`).toBe(true);
        expect(edges.some((e) => e.data.kind === "route" && e.data.source === vip && e.data.target === id), `${vip} → ${id}`).toBe(true);
      }
    }
    // default/kubernetes: its endpoints are the control-plane nodes' addresses, drawn as edges to the node VMs
    const cp = nodes.filter((n) => n.data.kind === "Node" && n.data.role === "controlplane").map((n) => n.data.id).sort();
    expect(edges.filter((e) => e.data.source === "svc:default/kubernetes").map((e) => e.data.target).sort()).toEqual(cp);
    expect(nodes.some((n) => n.data.kind === "Node" && n.data.osType === "Windows" && /windows/.test(n.classes ?? ""))).toBe(true);
  });

  it("aggregate=owner folds pods into owners with counts; expand brings one owner's pods back", async () => {
    const r = await get("?aggregate=owner");
    expect(r.status).toBe(200);
    const nodes = r.body.elements.nodes as El[];
    const owners = nodes.filter((n) => n.data.kind === "Owner");
    expect(owners.length).toBeGreaterThan(0);
    const total = owners.reduce((a, o) => a + o.data.count, 0) + nodes.filter((n) => n.data.kind === "Pod").length;
    expect(total).toBe(r.body.summary.pods);
    const big = owners.sort((a, b) => b.data.count - a.data.count)[0];
    const x = await get(`?aggregate=owner&expand=${encodeURIComponent(big.data.id)}`);
    const xn = x.body.elements.nodes as El[];
    expect(xn.some((n) => n.data.id === big.data.id)).toBe(false);
    expect(xn.filter((n) => n.data.kind === "Pod" && n.data.owner === big.data.id)).toHaveLength(big.data.count);
  });

  it("namespace, kind and selector filters", async () => {
    const r = await get("?namespace=shop&kind=Service,Pod");
    expect(r.status).toBe(200);
    const nodes = r.body.elements.nodes as El[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.data.namespace === "shop" && ["Service", "Pod"].includes(n.data.kind))).toBe(true);
    const s = await get("?kind=Pod&selector=" + encodeURIComponent("app notin (nothing-at-all)"));
    expect(s.body.elements.nodes.length).toBe(s.body.summary.pods);
  });

  it("VIP conflicts of the network are drawn on the VIPs involved", async () => {
    const svcs = (await call(services.GET, { params: { name: "shopcalico" } })).body as { name: string; loadBalancerIP?: string }[];
    const vip = svcs.find((s) => s.name === "frontend")!.loadBalancerIP!;
    const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: clash, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: clash}\n  ports: [{port: 9191}]\nstatus:\n  loadBalancer:\n    ingress: [{ip: ${vip}}]\n`;
    expect((await call(apply.POST, { params: { name: "shopflannel" }, body: yaml, headers: { "content-type": "application/yaml" } })).status).toBe(200);
    const r = await get();
    const el = (r.body.elements.nodes as El[]).find((n) => n.data.id === `vip:${vip}`)!;
    expect(el.data.conflict).toBe(true);
    expect(el.classes).toContain("conflict");
    expect(el.data.conflicts[0].kind).toBe("cross-cluster");
  });

  it("bad input → 400 naming the field; unknown cluster → 404", async () => {
    const a = await get("?aggregate=some");
    expect(a.status).toBe(400);
    expect(a.body.error.fields[0].path).toBe("aggregate");
    const k = await get("?kind=Banana");
    expect(k.status).toBe(400);
    expect(k.body.error.fields[0].path).toMatch(/^kind/);
    const s = await get("?selector=" + encodeURIComponent("a b c"));
    expect(s.status).toBe(400);
    expect(s.body.error.fields[0].path).toBe("selector");
    const e = await get("?expand=web");
    expect(e.status).toBe(400);
    expect(e.body.error.fields[0].path).toMatch(/^expand/);
    expect((await get("", "nosuch")).status).toBe(404);
  });

  it("aggregate=namespace: collapsed node VMs with pod counts and one badge per namespace; expand=namespace:/node: unfold at owner level", async () => {
    const r = await get("?aggregate=namespace");
    expect(r.status).toBe(200);
    expect(r.body.summary.aggregate).toBe("namespace");
    const nodes = r.body.elements.nodes as El[];
    const edges = r.body.elements.edges as El[];
    const badges = nodes.filter((n) => n.data.kind === "Namespace");
    expect(badges.length).toBeGreaterThan(1);
    expect(nodes.some((n) => n.data.kind === "Pod" || n.data.kind === "Owner" || n.data.kind === "Service")).toBe(false);
    // every pod in exactly one badge, and on exactly one node VM's count
    expect(badges.reduce((a, b) => a + b.data.pods, 0)).toBe(r.body.summary.pods);
    const vms = nodes.filter((n) => n.data.kind === "Node");
    const pods = (await call(objects.GET, { params: { name: "shopcalico" }, path: "/api/clusters/shopcalico/objects?kind=Pod" })).body as { spec: { nodeName?: string } }[];
    expect(vms.reduce((a, n) => a + n.data.pods, 0)).toBe(pods.filter((p) => p.spec.nodeName).length);
    const ids = new Set(nodes.map((n) => n.data.id));
    for (const e of edges) expect(ids.has(e.data.source) && ids.has(e.data.target), e.data.id).toBe(true);
    // the HAProxy VMs reach the namespace that holds their VIPs, with the number of VIPs folded
    const shop = badges.find((b) => b.data.name === "shop")!;
    expect(shop.data.vips.length).toBeGreaterThan(0);
    for (const lb of nodes.filter((n) => n.data.kind === "LoadBalancer")) {
      expect(edges.find((e) => e.data.id === `frontend:${lb.data.id}->namespace:shop`)?.data.count).toBe(shop.data.vips.length);
    }

    const x = await get("?aggregate=namespace&expand=namespace:shop");
    const xn = x.body.elements.nodes as El[];
    expect(xn.some((n) => n.data.id === "namespace:shop")).toBe(false);
    expect(xn.some((n) => n.data.kind === "Service" && n.data.namespace === "shop")).toBe(true);
    const inShop = xn.filter((n) => n.data.namespace === "shop" && (n.data.kind === "Owner" || n.data.kind === "Pod")).reduce((a, n) => a + (n.data.kind === "Owner" ? n.data.count : 1), 0);
    expect(inShop).toBe(shop.data.pods);

    const vm = vms.find((n) => n.data.folded)!;
    const y = await get(`?aggregate=namespace&expand=${encodeURIComponent(vm.data.id)}`);
    const yn = y.body.elements.nodes as El[];
    expect(yn.find((n) => n.data.id === vm.data.id)!.data.folded).toBe(false);
    const onVm = yn.filter((n) => (n.data.kind === "Owner" || n.data.kind === "Pod") && (n.data.parent === vm.data.id || (n.data.nodes ?? []).includes(vm.data.name)));
    expect(onVm.reduce((a, n) => a + (n.data.kind === "Owner" ? n.data.count : 1), 0)).toBe(vm.data.pods);

    // auto: the demo cluster is small, so by owner
    const auto = await get("?aggregate=auto");
    expect(auto.body.summary.aggregate).toBe("owner");
    expect(auto.body.summary.autoNamespaceAbove).toBeGreaterThan(0);
    const bad = await get("?aggregate=namespace&expand=namespace:Not_A_Name");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toMatch(/^expand/);
  });

  it("answers repeats from the cache per cluster version, and a change to the cluster (or another cluster's VIPs) invalidates it", async () => {
    const q = "?aggregate=namespace&expand=namespace:data";
    const a = await get(q);
    const b = await get(q);
    expect(b.headers.get("x-topology-cache")).toBe("hit");
    expect(b.text).toBe(a.text);
    const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: cache-probe, namespace: shop}\nspec:\n  selector: {app: nothing}\n  ports: [{port: 81}]\n`;
    expect((await call(apply.POST, { params: { name: "shopcalico" }, body: yaml, headers: { "content-type": "application/yaml" } })).status).toBe(200);
    const c = await get(q);
    expect(c.headers.get("x-topology-cache")).toBe("miss");
    expect(c.body.elements.nodes.find((n: El) => n.data.id === "namespace:shop").data.services).toBe(
      a.body.elements.nodes.find((n: El) => n.data.id === "namespace:shop").data.services + 1,
    );
    // another cluster on the same network: its Services' VIPs feed the conflicts drawn here
    expect((await get(q)).headers.get("x-topology-cache")).toBe("hit");
    const other = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cache-probe, namespace: default}\ndata: {a: b}\n`;
    expect((await call(apply.POST, { params: { name: "shopflannel" }, body: other, headers: { "content-type": "application/yaml" } })).status).toBe(200);
    expect((await get(q)).headers.get("x-topology-cache")).toBe("miss");
  });
});
