import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const allocations = await import("@/app/api/networks/[name]/allocations/route");
const clusters = await import("@/app/api/clusters/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const manifests = await import("@/app/api/clusters/[name]/manifests/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const { db } = await import("@/lib/db/client");
const { SHOP_CALICO } = await import("@/lib/demo/shop");

const net = (name: string, third: number) => ({
  name,
  vswitchName: "extSwitch",
  ipAddressPrefix: `10.${third}.0.0/24`,
  gateway: `10.${third}.0.1`,
  dnsServers: [`10.${third}.0.1`],
  k8sNodeIpPoolStart: `10.${third}.0.10`,
  k8sNodeIpPoolEnd: `10.${third}.0.99`,
  vipPoolStart: `10.${third}.0.200`,
  vipPoolEnd: `10.${third}.0.230`,
});

const applyYaml = (cluster: string, body: string, query = "") =>
  call(apply.POST, { path: `/api/clusters/${cluster}/apply${query}`, params: { name: cluster }, body, headers: { "content-type": "application/yaml" } });

async function objectCount(cluster: string) {
  return db().kubeObject.count({ where: { cluster: { name: cluster } } });
}

/** A dozen Deployments with a Service each, one of them a LoadBalancer. */
function dozenApp(): string {
  const docs: string[] = ["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: micro"];
  for (let i = 0; i < 12; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: svc${i}, namespace: micro}
spec:
  replicas: 2
  selector: {matchLabels: {app: svc${i}}}
  template:
    metadata: {labels: {app: svc${i}}}
    spec:
      containers:
        - name: main
          image: example/svc${i}:1
          ports: [{name: http, containerPort: 8080}]`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: svc${i}, namespace: micro}
spec:
  type: ${i === 0 ? "LoadBalancer" : "ClusterIP"}
  selector: {app: svc${i}}
  ports: [{name: http, port: 80, targetPort: http}]`);
  }
  return docs.join("\n---\n");
}

describe("POST /api/clusters/{name}/apply", () => {
  beforeAll(async () => {
    for (const n of [net("neta", 1), net("netb", 2)]) expect((await call(networks.POST, { json: n })).status).toBe(201);
    for (const [name, vnet] of [["alpha", "neta"], ["beta", "neta"], ["gamma", "netb"]]) {
      const r = await call(clusters.POST, { json: { name, vnet, nodePools: [{ name: "pool", count: 3 }] } });
      expect(r.status).toBe(201);
    }
  });

  it("applies a dozen Deployments and Services in one request: unique ClusterIPs, a VIP from the pool, NodePorts in range", async () => {
    const r = await applyYaml("alpha", dozenApp());
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(25);
    expect(r.body.results.every((x: { action: string }) => x.action === "created")).toBe(true);
    const svcs = (await call(services.GET, { params: { name: "alpha" } })).body.filter((s: { namespace: string }) => s.namespace === "micro");
    expect(svcs).toHaveLength(12);
    const ips = svcs.map((s: { clusterIP: string }) => s.clusterIP);
    expect(new Set(ips).size).toBe(12);
    for (const ip of ips) expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    const lb = svcs.find((s: { type: string }) => s.type === "LoadBalancer");
    expect(lb.loadBalancerIP).toMatch(/^10\.1\.0\.2\d\d$/);
    expect(lb.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.ports[0].nodePort).toBeLessThanOrEqual(32767);
    // every deployment's pods got addresses and are the service's ready endpoints
    for (const s of svcs) expect(s.endpoints.filter((e: { ready: boolean }) => e.ready)).toHaveLength(2);
    const deploy = r.body.results.find((x: { kind: string; name: string }) => x.kind === "Deployment" && x.name === "svc3");
    expect(deploy.allocated.podIPs).toHaveLength(2);
  });

  it("re-applying the same manifests is unchanged", async () => {
    const r = await applyYaml("alpha", dozenApp());
    expect(r.status).toBe(200);
    expect(new Set(r.body.results.map((x: { action: string }) => x.action))).toEqual(new Set(["unchanged"]));
  });

  it("scaling one Deployment places only its new pods: every other pod keeps its name, node and address", async () => {
    const pods = async () => {
      const rows = await db().kubeObject.findMany({ where: { cluster: { name: "alpha" }, kind: "Pod", namespace: "micro" } });
      return new Map(rows.map((r) => {
        const p = JSON.parse(r.body) as { spec: { nodeName?: string }; status?: { podIP?: string } };
        return [r.name, `${p.spec.nodeName} ${p.status?.podIP}`];
      }));
    };
    const before = await pods();
    expect(before.size).toBe(24);
    const scaled = dozenApp().replace("metadata: {name: svc0, namespace: micro}\nspec:\n  replicas: 2", "metadata: {name: svc0, namespace: micro}\nspec:\n  replicas: 3");
    expect(scaled).not.toBe(dozenApp());
    expect((await applyYaml("alpha", scaled)).status).toBe(200);
    const after = await pods();
    expect(after.size).toBe(25);
    const moved = [...before].filter(([name, where]) => after.get(name) !== where);
    expect(moved).toEqual([]);
    expect((await applyYaml("alpha", dozenApp())).status).toBe(200);
    const back = await pods();
    expect(back.size).toBe(24);
    for (const [name, where] of back) expect(where).toBe(before.get(name));
  });

  it("an invalid document fails the whole apply with its document, line and field, and leaves the cluster unchanged", async () => {
    const before = await objectCount("alpha");
    const bad = `apiVersion: v1
kind: Service
metadata: {name: good, namespace: micro}
spec:
  selector: {app: x}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: bad
  namespace: micro
spec:
  type: NodePort
  ports:
    - name: a
      port: 80
    - name: b
      port: 81
      nodePort: 40000
`;
    const r = await applyYaml("alpha", bad);
    expect(r.status).toBe(422);
    const f = r.body.error.fields.find((x: { path: string }) => x.path === "spec.ports[1].nodePort");
    expect(f).toMatchObject({ document: 2, line: 20 });
    expect(f.message).toContain("30000-32767");
    expect(await objectCount("alpha")).toBe(before);
  });

  it("a YAML syntax error names its line", async () => {
    const r = await applyYaml("alpha", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {a: b\n");
    expect(r.status).toBe(422);
    expect(r.body.error.fields[0].line).toBeGreaterThan(0);
  });

  it("a NodePort taken by another service → 422 at the line, nothing written", async () => {
    const taken = (await call(services.GET, { params: { name: "alpha" } })).body.find((s: { type: string }) => s.type === "LoadBalancer").ports[0].nodePort;
    const before = await objectCount("alpha");
    const r = await applyYaml("alpha", `apiVersion: v1\nkind: Service\nmetadata: {name: clash, namespace: micro}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: ${taken}\n`);
    expect(r.status).toBe(422);
    expect(r.body.error.fields[0]).toMatchObject({ path: "spec.ports[0].nodePort", line: 8 });
    expect(await objectCount("alpha")).toBe(before);
  });

  it("dry run shows what would change without writing", async () => {
    const before = await objectCount("beta");
    const r = await applyYaml("beta", dozenApp(), "?dryRun=true");
    expect(r.status).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.results.filter((x: { action: string }) => x.action === "created")).toHaveLength(25);
    expect(r.body.results.find((x: { kind: string }) => x.kind === "Service").allocated.clusterIP).toBeTruthy();
    expect(await objectCount("beta")).toBe(before);
  });

  it("two clusters sharing a network never share a VIP; a VIP of another cluster cannot be requested", async () => {
    const lbYaml = (name: string, port: number, extra = "") => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default${extra}\nspec:\n  type: LoadBalancer\n  selector: {app: ${name}}\n  ports: [{port: ${port}}]\n`;
    const a = await applyYaml("beta", lbYaml("web", 443));
    expect(a.status).toBe(200);
    const alphaVip = (await call(services.GET, { params: { name: "alpha" } })).body.find((s: { type: string }) => s.type === "LoadBalancer").loadBalancerIP;
    expect(a.body.results[0].allocated.loadBalancerIP).not.toBe(alphaVip);
    const stolen = await applyYaml("beta", lbYaml("thief", 8443).replace("spec:\n", `spec:\n  loadBalancerIP: ${alphaVip}\n`));
    expect(stolen.status).toBe(422);
    expect(stolen.body.error.fields[0].path).toBe("spec.loadBalancerIP");
    expect(stolen.body.error.fields[0].message).toMatch(/never shared across clusters/);
    const all = (await call(allocations.GET, { params: { name: "neta" } })).body;
    expect(new Set(all.map((x: { address: string }) => x.address)).size).toBe(all.length);
  });

  it("inside one cluster a Service shares a VIP already serving the cluster on other ports; a port collision or the opt-out takes a new VIP (§3.4)", async () => {
    const yaml = (name: string, port: number, a = "") => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default${a}\nspec:\n  type: LoadBalancer\n  selector: {app: ${name}}\n  ports: [{port: ${port}}]\n`;
    const dedicated = '\n  annotations: {hcinet.io/dedicated-vip: "true"}';
    const r = await applyYaml("gamma", [yaml("https", 443), yaml("http", 80), yaml("other", 443), yaml("solo", 9000, dedicated), yaml("metrics", 9100)].join("---\n"));
    expect(r.status).toBe(200);
    const vip = Object.fromEntries(r.body.results.map((x: { name: string; allocated: { loadBalancerIP: string } }) => [x.name, x.allocated.loadBalancerIP]));
    expect(vip.http).toBe(vip.https); // different ports → shared, no annotation needed
    expect(vip.other).not.toBe(vip.https); // same port → its own VIP
    expect(vip.solo).not.toBe(vip.https); // opt-out → its own VIP
    expect(vip.solo).not.toBe(vip.other);
    expect(vip.metrics).toBe(vip.https); // first fit: the lowest VIP that serves none of its ports, never the dedicated one
  });

  it("accepts a kubectl List (JSON) and keeps unknown kinds as not modelled", async () => {
    const list = {
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { a: "1" } },
        { apiVersion: "v1", kind: "Pod", metadata: { name: "solo", namespace: "default", labels: { app: "solo" } }, spec: { containers: [{ name: "c", image: "x", ports: [{ containerPort: 80 }] }] } },
      ],
    };
    const r = await call(apply.POST, { params: { name: "gamma" }, json: list });
    expect(r.status).toBe(200);
    expect(r.body.notModelled).toEqual(["v1/ConfigMap cfg"]);
    const pod = r.body.results.find((x: { kind: string }) => x.kind === "Pod");
    expect(pod.allocated.podIPs[0]).toMatch(/^10\.244\./);
  });

  it("a namespace that does not exist is an error unless createNamespaces=true", async () => {
    const doc = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ghost}\nspec:\n  ports: [{port: 80}]\n";
    const r = await applyYaml("gamma", doc);
    expect(r.status).toBe(422);
    expect(r.body.error.fields[0]).toMatchObject({ path: "metadata.namespace", line: 3 });
    const ok = await applyYaml("gamma", doc, "?createNamespaces=true");
    expect(ok.status).toBe(200);
  });

  it("export → apply to a fresh cluster reproduces the same objects (round trip)", async () => {
    expect((await applyYaml("beta", SHOP_CALICO)).status).toBe(200);
    const exported = await call(manifests.GET, { params: { name: "beta" } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toMatch(/yaml/);
    const fresh = await call(clusters.POST, { json: { name: "delta", vnet: "netb", nodePools: [{ name: "pool", count: 3 }] } });
    expect(fresh.status).toBe(201);
    const r = await applyYaml("delta", exported.text);
    expect(r.status).toBe(200);
    const key = (s: { namespace: string; name: string; type: string; clusterIP: string | null; ports: unknown }) => JSON.stringify([s.namespace, s.name, s.type, s.clusterIP, s.ports]);
    const a = (await call(services.GET, { params: { name: "beta" } })).body.map(key).sort();
    const b = (await call(services.GET, { params: { name: "delta" } })).body.map(key).sort();
    expect(b).toEqual(a);
    const kinds = async (c: string) => (await db().kubeObject.findMany({ where: { cluster: { name: c } }, select: { kind: true, namespace: true, name: true } })).filter((o) => o.kind !== "Pod" && o.kind !== "ReplicaSet").map((o) => `${o.kind}/${o.namespace}/${o.name}`).sort();
    expect(await kinds("delta")).toEqual(await kinds("beta"));
  });

  it("unsupported content types are 415; unknown clusters 404", async () => {
    expect((await call(apply.POST, { params: { name: "alpha" }, body: "x", headers: { "content-type": "image/png" } })).status).toBe(415);
    expect((await applyYaml("nope", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")).status).toBe(404);
  });

  it("deleting objects frees what they held: a LoadBalancer's VIP and NodePort, a Deployment's pods and their addresses", async () => {
    const del = (q: string) => call(objects.DELETE, { method: "DELETE", path: `/api/clusters/alpha/objects?${q}`, params: { name: "alpha" } });
    const lb = (await call(services.GET, { params: { name: "alpha" } })).body.find((s: { type: string }) => s.type === "LoadBalancer");
    const vipsBefore = (await call(allocations.GET, { params: { name: "neta" } })).body.map((a: { address: string }) => a.address);
    expect(vipsBefore).toContain(lb.loadBalancerIP);
    const r = await del(`kind=Service&namespace=micro&name=${lb.name}`);
    expect(r.status).toBe(200);
    expect(r.body.deleted).toEqual([`Service/micro/${lb.name}`]);
    const vipsAfter = (await call(allocations.GET, { params: { name: "neta" } })).body.map((a: { address: string }) => a.address);
    expect(vipsAfter).not.toContain(lb.loadBalancerIP);
    expect(await db().portAllocation.count({ where: { cluster: { name: "alpha" }, port: lb.ports[0].nodePort } })).toBe(0);
    // the freed NodePort can be requested again
    const again = await applyYaml("alpha", `apiVersion: v1\nkind: Service\nmetadata: {name: reuse, namespace: micro}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: ${lb.ports[0].nodePort}\n`);
    expect(again.status).toBe(200);
    const podsBefore = await db().kubeObject.count({ where: { cluster: { name: "alpha" }, kind: "Pod", namespace: "micro" } });
    expect((await del("kind=Deployment&namespace=micro&name=svc1")).status).toBe(200);
    expect(await db().kubeObject.count({ where: { cluster: { name: "alpha" }, kind: "Pod", namespace: "micro" } })).toBe(podsBefore - 2);
    expect((await del("kind=Service&namespace=default&name=kubernetes")).status).toBe(422);
    expect((await del("kind=Service&namespace=micro&name=ghost")).status).toBe(404);
    expect((await del("kind=Service")).status).toBe(400);
  });
});
