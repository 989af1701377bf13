import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const traceRoute = await import("@/app/api/clusters/[name]/trace/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

type Svc = { namespace: string; name: string; loadBalancerIP: string; clusterIP: string; ports: { port: number; nodePort: number }[] };
const post = (cluster: string, json: unknown) => call(traceRoute.POST, { params: { name: cluster }, json, path: `/api/clusters/${cluster}/trace` });

describe("POST /api/clusters/{name}/trace", () => {
  let svcs: Svc[];
  let pods: string[];
  beforeAll(async () => {
    await seedDemo(db());
    svcs = (await call(services.GET, { params: { name: "shopcalico" } })).body;
    const objs = (await call(objects.GET, { params: { name: "shopcalico" }, path: "/api/clusters/shopcalico/objects?kind=Pod" })).body as { metadata: { namespace: string; name: string } }[];
    pods = objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  });

  it("external → the shop's LoadBalancer VIP: client, HAProxy (the LB VM's IP as source), node, kube-proxy (DNAT + SNAT), pod", async () => {
    const fe = svcs.find((s) => s.name === "frontend")!;
    const r = await post("shopcalico", { from: "external", to: `${fe.loadBalancerIP}:80` });
    expect(r.status).toBe(200);
    const kinds = r.body.hops.map((h: { kind: string }) => h.kind);
    expect(kinds.slice(0, 4)).toEqual(["client", "loadBalancer", "node", "kubeProxy"]);
    expect(kinds[kinds.length - 1]).toBe("pod");
    const lb = r.body.hops[1];
    expect(lb.elementId).toMatch(/^lb:shopcalico/);
    expect(lb.after.dst).toMatch(new RegExp(`:${fe.ports[0].nodePort}$`));
    const kp = r.body.hops[3];
    expect(kp.action).toBe("dnat+snat");
    expect(kp.after.src.split(":")[0]).toBe(r.body.hops[2].after.dst.split(":")[0]); // SNAT to the receiving node
    // the demo's default-deny admits web pods from ingress-nginx only: Calico drops at the pod and names the policies
    expect(r.body.verdict).toBe("dropped");
    expect(r.body.reason.policies).toContain("shop/default-deny-ingress");
    expect(r.body.assumptions.length).toBeGreaterThan(5);
  });

  it("the same trace under Flannel (what-if) is delivered", async () => {
    const fe = svcs.find((s) => s.name === "frontend")!;
    const r = await post("shopcalico", { from: "external", to: `${fe.loadBalancerIP}:80`, plugin: "flannel" });
    expect(r.body).toMatchObject({ verdict: "delivered", reason: null, plugin: "flannel" });
  });

  it("pod → pod denied by policy names the policies (ns/name) in reason", async () => {
    const api = pods.find((p) => p.startsWith("shop/api-"))!;
    const fe = pods.find((p) => p.startsWith("shop/frontend-"))!;
    const r = await post("shopcalico", { from: api, to: `${fe}:8080` });
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe("dropped");
    expect(r.body.reason).toMatchObject({ code: "policyDenied", policies: ["shop/allow-web-from-ingress", "shop/api-egress", "shop/default-deny-ingress"] });
  });

  it("host/path through the Ingress reaches the api pod", async () => {
    const r = await post("shopcalico", { from: "external", to: "shop.contoso.com/api/orders" });
    expect(r.body.verdict).toBe("delivered");
    expect(r.body.hops.find((h: { kind: string }) => h.kind === "ingressController").elementId).toBe("ing:shop/shop");
    expect(r.body.hops[r.body.hops.length - 1].elementId).toMatch(/^pod:shop\/api-/);
  });

  it("pod → Service DNS name on the Flannel cluster: delivered, policy not enforced", async () => {
    const fsvc = (await call(services.GET, { params: { name: "shopflannel" } })).body as Svc[];
    expect(fsvc.length).toBeGreaterThan(0);
    const objs = (await call(objects.GET, { params: { name: "shopflannel" }, path: "/api/clusters/shopflannel/objects?kind=Pod" })).body as { metadata: { namespace: string; name: string } }[];
    const fe = objs.find((o) => o.metadata.name.startsWith("frontend-"))!;
    const r = await post("shopflannel", { from: `shop/${fe.metadata.name}`, to: "postgres.data:5432" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.verdict).toBe("delivered");
    expect(r.body.hops[r.body.hops.length - 1].policy).toMatchObject({ enforced: false, wouldBe: false });
  });

  it("bad input → 422 naming the field; wrong shape → 400; unknown cluster → 404", async () => {
    const unknownPod = await post("shopcalico", { from: "shop/nope", to: "api.shop:8080" });
    expect(unknownPod.status).toBe(422);
    expect(unknownPod.body.error.fields[0].path).toBe("from");
    const malformed = await post("shopcalico", { from: "external", to: "10.0.0.300:80" });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.fields[0].path).toBe("to");
    const noPort = await post("shopcalico", { from: "external", to: "172.16.255.1" });
    expect(noPort.status).toBe(422);
    const shape = await post("shopcalico", { from: "external" });
    expect(shape.status).toBe(400);
    expect(shape.body.error.fields[0].path).toBe("to");
    const badProto = await post("shopcalico", { from: "external", to: "1.2.3.4:80", protocol: "ICMP" });
    expect(badProto.status).toBe(400);
    expect(badProto.body.error.fields[0].path).toBe("protocol");
    expect((await post("nosuch", { from: "external", to: "1.2.3.4:80" })).status).toBe(404);
  });
});

describe("GET /api/clusters/{name}/trace/targets", () => {
  it("lists external, pods and nodes as sources; VIPs, host/paths, Service names and pods as destinations — each of them traceable", async () => {
    const targets = await import("@/app/api/clusters/[name]/trace/targets/route");
    const r = await call(targets.GET, { params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    const groups = (list: { group: string }[]) => new Set(list.map((x) => x.group));
    expect(groups(r.body.sources)).toEqual(new Set(["external", "node", "pod"]));
    for (const g of ["vip", "ingress", "service", "pod", "externalName", "nodePort"]) expect(groups(r.body.destinations)).toContain(g);
    expect(r.body.destinations.map((d: { value: string }) => d.value)).toContain("shop.contoso.com/api");
    // every destination answers a trace (200), from outside or from a pod
    const pod = r.body.sources.find((s: { group: string }) => s.group === "pod").value;
    for (const d of r.body.destinations.slice(0, 40) as { value: string; group: string }[]) {
      const from = ["vip", "ingress", "nodePort"].includes(d.group) ? "external" : pod;
      const t = await post("shopcalico", { from, to: d.value });
      expect(t.status, `${from} → ${d.value}: ${t.text}`).toBe(200);
    }
  });
});

describe("the prepared plan is cached per cluster version", () => {
  it("an apply changes the answer at once: an ipBlock admitting the node subnet lets the LB traffic in (the client IP never reaches the pod)", async () => {
    const apply = await import("@/app/api/clusters/[name]/apply/route");
    const svcs = (await call(services.GET, { params: { name: "shopcalico" } })).body as Svc[];
    const vip = svcs.find((s) => s.name === "frontend")!.loadBalancerIP;
    const before = await post("shopcalico", { from: "external", to: `${vip}:80` });
    expect(before.body.verdict).toBe("dropped");
    const again = await post("shopcalico", { from: "external", to: `${vip}:80` });
    expect(again.body).toEqual(before.body);
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-node-subnet, namespace: shop}
spec:
  podSelector: {matchLabels: {tier: web}}
  ingress:
    - from: [{ipBlock: {cidr: 172.16.0.0/16}}]
`;
    const applied = await call(apply.POST, { params: { name: "shopcalico" }, path: "/api/clusters/shopcalico/apply", body: policy, headers: { "content-type": "application/yaml" } });
    expect(applied.status).toBeLessThan(300);
    const after = await post("shopcalico", { from: "external", to: `${vip}:80` });
    expect(after.body.verdict).toBe("delivered");
    expect(after.body.hops[after.body.hops.length - 1].policy.policies).toContain("shop/web-from-node-subnet");
    // an ipBlock for the outside client's address would not help: the pod sees the node (SNAT) after HAProxy
    expect(after.body.hops[after.body.hops.length - 1].policy.from).toMatch(/^172\.16\./);
  });
});
