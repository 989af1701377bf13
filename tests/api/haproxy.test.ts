import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const haproxy = await import("@/app/api/clusters/[name]/haproxy/route");
const cfg = await import("@/app/api/clusters/[name]/haproxy.cfg/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const conflicts = await import("@/app/api/networks/[name]/conflicts/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

type Svc = { namespace: string; name: string; loadBalancerIP: string; ports: { port: number; nodePort: number }[]; endpoints: { node?: string; ready: boolean }[] };

describe("HAProxy model and VIP conflicts", () => {
  let calicoSvcs: Svc[];
  beforeAll(async () => {
    await seedDemo(db());
    calicoSvcs = (await call(services.GET, { params: { name: "shopcalico" } })).body;
  });

  it("API server VIP:6443 → every control-plane node :6443", async () => {
    const r = await call(haproxy.GET, { params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    const api = r.body.frontends[0];
    expect(api).toMatchObject({ kind: "apiserver", vip: "172.16.255.1", port: 6443, name: "frontend_172.16.255.1_6443" });
    expect(api.backends).toHaveLength(3);
    for (const b of api.backends) expect(b.port).toBe(6443);
    expect(r.body.loadBalancers).toHaveLength(1);
  });

  it("LoadBalancer services: Cluster policy → every worker on the NodePort (control plane excluded); Local → every worker behind /healthz, healthy where a ready endpoint runs", async () => {
    const r = await call(haproxy.GET, { params: { name: "shopcalico" } });
    const frontend = calicoSvcs.find((s) => s.name === "frontend")!;
    const fe = r.body.frontends.find((f: { service?: string }) => f.service === "shop/frontend");
    expect(fe.vip).toBe(frontend.loadBalancerIP);
    expect(fe.backends).toHaveLength(4); // the 4 workers (Linux and Windows); kubeadm excludes the 3 control-plane nodes
    expect(fe.backends.some((b: { role: string }) => b.role === "controlplane")).toBe(false);
    for (const b of fe.backends) expect(b.port).toBe(frontend.ports[0].nodePort);
    const ingress = calicoSvcs.find((s) => s.name === "ingress-nginx-controller")!;
    const local = r.body.frontends.filter((f: { service?: string }) => f.service === "ingress-nginx/ingress-nginx-controller");
    expect(local.map((f: { port: number }) => f.port).sort()).toEqual([443, 80]);
    const endpointNodes = new Set(ingress.endpoints.filter((e) => e.ready).map((e) => e.node));
    for (const f of local) {
      expect(f.backends).toHaveLength(4);
      expect(new Set(f.backends.filter((b: { healthy: boolean }) => b.healthy).map((b: { node: string }) => b.node))).toEqual(endpointNodes);
      for (const b of f.backends) expect(b.check.path).toBe("/healthz");
    }
  });

  it("renders an haproxy.cfg", async () => {
    const r = await call(cfg.GET, { params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    const vip = calicoSvcs.find((s) => s.name === "frontend")!.loadBalancerIP;
    expect(r.text).toContain(`frontend frontend_${vip}_80`);
    expect(r.text).toContain(`bind ${vip}:80`);
    expect(r.text).toContain("bind 172.16.255.1:6443");
    expect(r.text).toMatch(/option httpchk GET \/healthz/);
  });

  it("the documented conflict: an imported service of another cluster on the same VIP, another port, is kept as observed and reported with the workarounds", async () => {
    const vip = calicoSvcs.find((s) => s.name === "frontend")!.loadBalancerIP;
    const imported = `apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: legacy}
  ports: [{port: 9090}]
status:
  loadBalancer:
    ingress: [{ip: ${vip}}]
`;
    const r = await call(apply.POST, { params: { name: "shopflannel" }, body: imported, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
    expect(r.body.warnings.join("\n")).toMatch(/observed VIP .* kept as imported/);
    const c = await call(conflicts.GET, { params: { name: "demonet" } });
    expect(c.status).toBe(200);
    const cross = c.body.find((x: { kind: string; vip: string }) => x.kind === "cross-cluster" && x.vip === vip);
    expect(cross).toBeTruthy();
    expect(cross.entries.map((e: { cluster: string }) => e.cluster).sort()).toEqual(["shopcalico", "shopflannel"]);
    expect(cross.workarounds.join(" ")).toMatch(/same port/i);
    expect(cross.workarounds.join(" ")).toMatch(/different AksHciClusterNetwork/i);
  });
});
