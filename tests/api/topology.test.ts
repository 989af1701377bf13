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
});
