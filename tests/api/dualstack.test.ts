import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const clusters = await import("@/app/api/clusters/route");
const cluster = await import("@/app/api/clusters/[name]/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const services = await import("@/app/api/clusters/[name]/services/route");
const manifests = await import("@/app/api/clusters/[name]/manifests/route");
const objects = await import("@/app/api/clusters/[name]/objects/route");
const powershell = await import("@/app/api/clusters/[name]/powershell/route");
const traceRoute = await import("@/app/api/clusters/[name]/trace/route");
const { db } = await import("@/lib/db/client");

const net = {
  name: "dsnet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "192.168.0.0/24",
  gateway: "192.168.0.1",
  dnsServers: ["192.168.0.1"],
  k8sNodeIpPoolStart: "192.168.0.10",
  k8sNodeIpPoolEnd: "192.168.0.99",
  vipPoolStart: "192.168.0.150",
  vipPoolEnd: "192.168.0.199",
};
const dual = { ipFamilies: ["IPv4", "IPv6"], podCidrV6: "fd00:10:244::/56", serviceCidrV6: "fd00:10:96::/112" };
const pools = [
  { name: "linux", count: 2, osType: "Linux" },
  { name: "win", count: 1, osType: "Windows" },
];

const applyYaml = (name: string, yaml: string) => call(apply.POST, { params: { name }, body: yaml, headers: { "content-type": "application/yaml" } });
const svc = (name: string, extra: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
${extra}`;
const fieldsOf = (r: { body: { error: { fields: { path: string; message: string }[] } } }) => r.body.error.fields;

describe("dual-stack clusters (Calico only)", () => {
  beforeAll(async () => {
    expect((await call(networks.POST, { json: net })).status).toBe(201);
  });

  it("creates a dual-stack Calico cluster: the IPv6 ranges are stored and its Linux pods get an IPv6 address from /122 blocks", async () => {
    const r = await call(clusters.POST, { json: { name: "dualc", vnet: "dsnet", nodePools: pools, ...dual } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ primaryNetworkPlugin: "calico", ipFamilies: ["IPv4", "IPv6"], podCidrV6: "fd00:10:244::/56", serviceCidrV6: "fd00:10:96::/112" });
    const corednsNode = r.body.nodes.find((n: { podCidrs: string[] }) => n.podCidrs.some((c: string) => c.includes(":")));
    expect(corednsNode.podCidrs.filter((c: string) => c.includes(":"))[0]).toMatch(/^fd00:10:244::(\w+:?)*\/122$/);
    const pods = await db().kubeObject.findMany({ where: { cluster: { name: "dualc" }, kind: "Pod" } });
    const coredns = pods.map((p) => JSON.parse(p.body)).filter((p) => p.metadata.name.startsWith("coredns"));
    expect(coredns.length).toBe(2);
    for (const p of coredns) {
      expect(p.status.podIPs).toHaveLength(2);
      expect(p.status.podIPs[0].ip).toBe(p.status.podIP);
      expect(p.status.podIPs[1].ip).toMatch(/^fd00:10:244:/);
    }
    // pods on Windows nodes stay IPv4 (VXLAN overlay on Windows has no dual-stack); the DB holds each IPv6 pod IP once
    const winPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: iis, namespace: default}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis}]";
    const linPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: nginx, namespace: default}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: nginx, image: nginx}]";
    expect((await applyYaml("dualc", `${winPod}\n---\n${linPod}`)).status).toBe(200);
    const all = (await db().kubeObject.findMany({ where: { cluster: { name: "dualc" }, kind: "Pod" } })).map((p) => JSON.parse(p.body));
    const iis = all.find((p) => p.metadata.name === "iis");
    expect(iis.spec.nodeName).toBe("dualc-win-0");
    expect(iis.status.podIPs).toEqual([{ ip: iis.status.podIP }]);
    expect(all.find((p) => p.metadata.name === "nginx").status.podIPs[1].ip).toMatch(/^fd00:10:244:/);
    const withV6 = all.filter((p) => (p.status?.podIPs ?? []).some((a: { ip: string }) => a.ip.includes(":")));
    const rows = await db().clusterAddress.findMany({ where: { cluster: { name: "dualc" }, space: "pod" } });
    const v6 = rows.filter((a) => a.address.includes(":")).map((a) => a.address);
    expect(v6.length).toBe(withV6.length);
    expect(new Set(v6).size).toBe(v6.length);
    const ps = await call(powershell.GET, { params: { name: "dualc" } });
    expect(ps.text).toContain("# dual-stack (IPv4 + IPv6) planned in hcinet: IPv6 pod range fd00:10:244::/56, IPv6 service range fd00:10:96::/112");
    expect(ps.text).toContain("New-AksHciCluster has no parameter for IPv6 ranges");
  });

  it("refuses dual-stack on Flannel with 422 naming the field and the documented reason; nothing is created", async () => {
    const before = await db().cluster.count();
    const r = await call(clusters.POST, { json: { name: "dualf", vnet: "dsnet", nodePools: pools, primaryNetworkPlugin: "flannel", ...dual } });
    expect(r.status).toBe(422);
    expect(fieldsOf(r)).toEqual([{ path: "ipFamilies", message: expect.stringContaining('"Flannel: No, Calico: Yes"'), code: "dualStack.flannel" }]);
    const r2 = await call(clusters.POST, { json: { name: "dualf", vnet: "dsnet", nodePools: pools, primaryNetworkPlugin: "flannel", podCidrV6: "fd00:10:244::/56" } });
    expect(fieldsOf(r2)[0].path).toBe("podCidrV6");
    expect(await db().cluster.count()).toBe(before);
  });

  it("validates the IPv6 ranges: required, sane sizes, no overlap, IPv4 first", async () => {
    const bad = async (extra: object) => fieldsOf(await call(clusters.POST, { json: { name: "dualbad", vnet: "dsnet", nodePools: pools, ...extra } }));
    expect((await bad({ ipFamilies: ["IPv4", "IPv6"] })).map((f) => f.path)).toEqual(["podCidrV6", "serviceCidrV6"]);
    expect((await bad({ ...dual, serviceCidrV6: "fd00:10:96::/64" }))[0]).toMatchObject({ path: "serviceCidrV6", message: expect.stringMatching(/mask must be >= 108/) });
    expect((await bad({ ...dual, serviceCidrV6: "fd00:10:244::/112" }))[0]).toMatchObject({ path: "serviceCidrV6", message: expect.stringMatching(/overlaps the IPv6 pod range/) });
    expect((await bad({ ...dual, podCidrV6: "10.244.0.0/16" }))[0].path).toBe("podCidrV6");
    expect((await bad({ ...dual, ipFamilies: ["IPv6", "IPv4"] }))[0]).toMatchObject({ path: "ipFamilies", message: expect.stringMatching(/IPv4 must be the first family/) });
    expect((await bad({ podCidrV6: "fd00:10:244::/56" }))[0]).toMatchObject({ path: "podCidrV6", message: expect.stringMatching(/needs a dual-stack cluster/) });
    // each problem carries the code the UI translates (lib/i18n/problems.ts), the message stays English
    expect((await bad({ ...dual, podCidrV6: "fd00:10:244::/120" }))[0]).toMatchObject({ path: "podCidrV6", code: "ipv6.podSize", vars: { min: 48, max: 116, block: 122, got: 120 }, message: expect.stringMatching(/^the IPv6 pod range must be/) });
  });

  it("Services get addresses per ipFamilies / ipFamilyPolicy; clusterIPs follow ipFamilies; IPv6 ClusterIPs are never held twice", async () => {
    const r = await applyYaml(
      "dualc",
      [
        svc("plain", ""),
        svc("both", "  ipFamilyPolicy: PreferDualStack"),
        svc("v6first", "  ipFamilyPolicy: RequireDualStack\n  ipFamilies: [IPv6, IPv4]"),
        svc("v6only", "  ipFamilies: [IPv6]"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: headless, namespace: default}\nspec:\n  clusterIP: None\n  ports: [{port: 80}]",
      ].join("\n---\n"),
    );
    expect(r.status).toBe(200);
    const rows = (await call(services.GET, { params: { name: "dualc" } })).body as { name: string; clusterIP: string | null; clusterIPs: string[]; ipFamilies: string[]; ipFamilyPolicy: string }[];
    const byName = new Map(rows.map((s) => [s.name, s]));
    expect(byName.get("plain")).toMatchObject({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4"], clusterIPs: [expect.stringMatching(/^10\.9[6-9]\./)] });
    const both = byName.get("both")!;
    expect(both).toMatchObject({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4", "IPv6"] });
    expect(both.clusterIPs).toEqual([both.clusterIP, expect.stringMatching(/^fd00:10:96::/)]);
    const v6first = byName.get("v6first")!;
    expect(v6first.ipFamilies).toEqual(["IPv6", "IPv4"]);
    expect(v6first.clusterIP).toMatch(/^fd00:10:96::/);
    expect(v6first.clusterIPs[1]).toMatch(/^10\./);
    expect(byName.get("v6only")).toMatchObject({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"], clusterIPs: [expect.stringMatching(/^fd00:10:96::/)] });
    expect(byName.get("headless")).toMatchObject({ ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"], clusterIPs: [] });
    expect(r.body.results.find((x: { name: string }) => x.name === "both").allocated.clusterIPs).toEqual(both.clusterIPs);

    // the same IPv6 address in another spelling is refused; nothing is applied
    const taken = both.clusterIPs[1].replace("fd00:10:96::", "FD00:0010:0096:0000::");
    const dup = await applyYaml("dualc", svc("dup", `  ipFamilies: [IPv6]\n  clusterIP: "${taken}"\n  clusterIPs: ["${taken}"]`));
    expect(dup.status).toBe(422);
    expect(fieldsOf(dup)[0]).toMatchObject({ path: "spec.clusterIP", message: expect.stringMatching(/already allocated/) });
    const all = await db().clusterAddress.findMany({ where: { cluster: { name: "dualc" }, space: "service" } });
    const v6 = all.filter((a) => a.address.includes(":")).map((a) => a.address);
    expect(v6.length).toBe(3);
    expect(new Set(v6).size).toBe(3);
  });

  it("round-trips clusterIPs, ipFamilies and ipFamilyPolicy through the exported YAML; delete frees the IPv6 address", async () => {
    const yaml = (await call(manifests.GET, { params: { name: "dualc" } })).text;
    expect(yaml).toMatch(/ipFamilyPolicy: PreferDualStack\n/);
    expect(yaml).toMatch(/ipFamilies:\n\s+- IPv6\n\s+- IPv4\n/);
    const addressesOf = (rows: { name: string; clusterIP: string; clusterIPs: string[]; ipFamilies: string[]; ipFamilyPolicy: string }[]) =>
      rows.map((r) => [r.name, r.clusterIP, r.clusterIPs, r.ipFamilies, r.ipFamilyPolicy]);
    const before = (await call(services.GET, { params: { name: "dualc" } })).body;
    const again = await applyYaml("dualc", yaml);
    expect(again.status).toBe(200);
    expect(addressesOf((await call(services.GET, { params: { name: "dualc" } })).body)).toEqual(addressesOf(before));

    const v6 = before.find((s: { name: string }) => s.name === "v6only").clusterIP;
    expect((await call(objects.DELETE, { method: "DELETE", path: "/api/clusters/dualc/objects?kind=Service&namespace=default&name=v6only", params: { name: "dualc" } })).status).toBe(200);
    const reuse = await applyYaml("dualc", svc("reuse", `  ipFamilies: [IPv6]\n  clusterIP: "${v6}"\n  clusterIPs: ["${v6}"]`));
    expect(reuse.status).toBe(200);
  });

  it("RequireDualStack on a single-stack cluster (and on Flannel) is 422 naming spec.ipFamilyPolicy; PreferDualStack gets one address", async () => {
    for (const [name, plugin] of [["singlec", "calico"], ["singlef", "flannel"]]) {
      expect((await call(clusters.POST, { json: { name, vnet: "dsnet", nodePools: [{ name: "linux", count: 1 }], primaryNetworkPlugin: plugin } })).status).toBe(201);
      const r = await applyYaml(name, svc("req", "  ipFamilyPolicy: RequireDualStack"));
      expect(r.status).toBe(422);
      expect(fieldsOf(r)[0]).toMatchObject({ path: "spec.ipFamilyPolicy", message: expect.stringContaining("this cluster is not configured for dual-stack services") });
      expect((await applyYaml(name, svc("pref", "  ipFamilyPolicy: PreferDualStack"))).status).toBe(200);
      const pref = (await call(services.GET, { params: { name } })).body.find((s: { name: string }) => s.name === "pref");
      expect(pref).toMatchObject({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4"] });
      expect(pref.clusterIPs).toHaveLength(1);
    }
    const single = await call(cluster.GET, { params: { name: "singlec" } });
    expect(single.body).toMatchObject({ ipFamilies: ["IPv4"], podCidrV6: null, serviceCidrV6: null });
  });

  it("traces over the IPv6 ClusterIP: kube-proxy DNATs to the endpoint pod's IPv6 address; a Windows pod cannot use it", async () => {
    const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web6, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web6}}
  template:
    metadata: {labels: {app: web6}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web6, namespace: default}
spec:
  ipFamilyPolicy: PreferDualStack
  selector: {app: web6}
  ports: [{port: 80, targetPort: http}]
`;
    expect((await applyYaml("dualc", web)).status).toBe(200);
    const row = (await call(services.GET, { params: { name: "dualc" } })).body.find((s: { name: string }) => s.name === "web6");
    const cip6 = row.clusterIPs[1] as string;
    expect(cip6).toMatch(/^fd00:10:96::/);
    const pods = (await db().kubeObject.findMany({ where: { cluster: { name: "dualc" }, kind: "Pod" } })).map((p) => JSON.parse(p.body));
    const webPods = pods.filter((p) => p.metadata.labels?.app === "web6");
    const v6Of = (p: { status: { podIPs: { ip: string }[] } }) => p.status.podIPs.find((a) => a.ip.includes(":"))!.ip;
    const post = (json: unknown) => call(traceRoute.POST, { params: { name: "dualc" }, json, path: "/api/clusters/dualc/trace" });

    const r = await post({ from: "default/nginx", to: `[${cip6}]:80` });
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe("delivered");
    expect(r.body.flow).toBe("pod→service");
    const kp = r.body.hops.find((h: { kind: string }) => h.kind === "kubeProxy");
    const nginx = pods.find((p) => p.metadata.name === "nginx");
    expect(kp.before).toMatchObject({ src: `[${v6Of(nginx)}]:49152`, dst: `[${cip6}]:80` });
    expect(webPods.map((p) => `[${v6Of(p)}]:8080`)).toContain(kp.after.dst);
    expect(kp.candidates).toHaveLength(2);
    // the IPv4 ClusterIP walks the same hops
    const r4 = await post({ from: "default/nginx", to: `${row.clusterIP}:80` });
    expect(r4.body.hops.map((h: { kind: string }) => h.kind)).toEqual(r.body.hops.map((h: { kind: string }) => h.kind));
    // from the pod's IPv6 address, by the Service's name: the AAAA record
    const byName = await post({ from: v6Of(nginx), to: "web6.default:80" });
    expect(byName.body.hops[1].after.dst).toBe(`[${cip6}]:80`);
    // the Windows pod (IPv4 only) cannot open an IPv6 connection
    const win = await post({ from: "default/iis", to: `[${cip6}]:80` });
    expect(win.body.reason).toMatchObject({ code: "noAddressOfFamily", message: expect.stringMatching(/Windows/) });
    // an IPv6 address without brackets is 422 naming "to"
    const bad = await post({ from: "default/nginx", to: cip6 });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)[0]).toMatchObject({ path: "to", message: expect.stringMatching(/\[IPv6\]:port/) });
  });
});
