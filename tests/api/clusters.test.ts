import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const network = await import("@/app/api/networks/[name]/route");
const allocations = await import("@/app/api/networks/[name]/allocations/route");
const clusters = await import("@/app/api/clusters/route");
const cluster = await import("@/app/api/clusters/[name]/route");
const nodepools = await import("@/app/api/clusters/[name]/nodepools/route");
const nodepool = await import("@/app/api/clusters/[name]/nodepools/[pool]/route");
const powershell = await import("@/app/api/clusters/[name]/powershell/route");
const { db } = await import("@/lib/db/client");

const staticNet = {
  name: "shared",
  vswitchName: "extSwitch",
  ipAddressPrefix: "192.168.0.0/24",
  gateway: "192.168.0.1",
  dnsServers: ["192.168.0.1"],
  k8sNodeIpPoolStart: "192.168.0.10",
  k8sNodeIpPoolEnd: "192.168.0.99",
  vipPoolStart: "192.168.0.150",
  vipPoolEnd: "192.168.0.199",
};

async function snapshotCounts() {
  return {
    clusters: await db().cluster.count(),
    ips: await db().ipAllocation.count(),
    vms: await db().nodeVm.count(),
    objects: await db().kubeObject.count(),
    addresses: await db().clusterAddress.count(),
    blocks: await db().podCidrBlock.count(),
  };
}

async function allAddresses(name: string): Promise<{ address: string; pool: string; ownerKind: string; ownerName: string; clusterName: string | null }[]> {
  return (await call(allocations.GET, { params: { name } })).body;
}

describe("clusters API", () => {
  beforeAll(async () => {
    expect((await call(networks.POST, { json: staticNet })).status).toBe(201);
    expect((await call(networks.POST, { json: { name: "dhcpnet", vswitchName: "extSwitch", vipPoolStart: "10.50.0.100", vipPoolEnd: "10.50.0.120" } })).status).toBe(201);
    const prop = { ...staticNet, name: "prop", ipAddressPrefix: "10.20.0.0/24", gateway: "10.20.0.1", dnsServers: ["10.20.0.1"], k8sNodeIpPoolStart: "10.20.0.10", k8sNodeIpPoolEnd: "10.20.0.45", vipPoolStart: "10.20.0.200", vipPoolEnd: "10.20.0.202" };
    expect((await call(networks.POST, { json: prop })).status).toBe(201);
  });

  it("creates a Calico cluster in one transaction: VIP, node IPs, spares, LB, system objects, pod addresses", async () => {
    const r = await call(clusters.POST, {
      json: {
        name: "clustera",
        vnet: "shared",
        controlPlaneNodeCount: 3,
        nodePools: [
          { name: "linuxpool", count: 2, osType: "Linux" },
          { name: "winpool", count: 1, osType: "Windows" },
        ],
      },
    });
    expect(r.status).toBe(201);
    const c = r.body;
    expect(c).toMatchObject({ name: "clustera", network: "shared", primaryNetworkPlugin: "calico", apiServerVip: "192.168.0.150", kubernetesServiceIp: "10.96.0.1", clusterDnsIp: "10.96.0.10", serviceCidr: "10.96.0.0/12", podCidr: "10.244.0.0/16" });
    expect(c.nodes.map((n: { role: string }) => n.role)).toEqual(["controlplane", "controlplane", "controlplane", "worker", "worker", "worker", "loadbalancer"]);
    expect(c.nodes.every((n: { ipAddress: string }) => /^192\.168\.0\.\d+$/.test(n.ipAddress))).toBe(true);
    expect(c.upgradeSpares).toHaveLength(5);
    expect(c.assumptions.filter((a: string) => a.startsWith("UNCONFIRMED")).join("\n")).toMatch(/controlPlaneNodeCount[\s\S]*10\.96\.0\.10[\s\S]*\/26/);
    const windows = c.nodes.find((n: { osType: string }) => n.osType === "Windows");
    expect(windows.agents.map((a: { form: string }) => a.form)).toEqual(["Windows service", "Windows service"]);
    // 3 CP + 3 workers + 1 LB + 5 spares = 12 node IPs, 1 VIP
    const addrs = (await allAddresses("shared")).filter((a) => a.clusterName === "clustera");
    expect(addrs.filter((a) => a.pool === "node")).toHaveLength(12);
    expect(addrs.filter((a) => a.pool === "vip")).toEqual([{ address: "192.168.0.150", pool: "vip", ownerKind: "apiserver", ownerName: "clustera", clusterName: "clustera" }]);
    // system objects
    expect(c.objectCounts).toMatchObject({ Namespace: 5, Service: 2, Deployment: 2, DaemonSet: 2, Endpoints: 1 });
    const ns = await db().kubeObject.findMany({ where: { kind: "Namespace", cluster: { name: "clustera" } } });
    for (const n of ns) expect(JSON.parse(n.body).metadata.labels["kubernetes.io/metadata.name"]).toBe(n.name);
    // CoreDNS pods got addresses from Calico /26 blocks of 10.244.0.0/16
    const pods = (await db().kubeObject.findMany({ where: { kind: "Pod", cluster: { name: "clustera" } } })).map((p) => JSON.parse(p.body));
    const coredns = pods.filter((p) => p.metadata.labels?.["k8s-app"] === "kube-dns");
    expect(coredns).toHaveLength(2);
    for (const p of coredns) expect(p.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    const kubeEp = await db().kubeObject.findFirstOrThrow({ where: { kind: "Endpoints", name: "kubernetes", cluster: { name: "clustera" } } });
    expect(JSON.parse(kubeEp.body).subsets[0].addresses).toHaveLength(3);
    const blocks = await db().podCidrBlock.findMany({ where: { cluster: { name: "clustera" } } });
    for (const b of blocks) expect(b.cidr).toMatch(/^10\.244\.\d+\.\d+\/26$/);
  });

  it("a Flannel cluster sharing the network gets other addresses and a /24 pod CIDR per node", async () => {
    const r = await call(clusters.POST, { json: { name: "clusterb", vnet: "shared", primaryNetworkPlugin: "flannel", nodePools: [{ name: "pool", count: 2 }] } });
    expect(r.status).toBe(201);
    expect(r.body.apiServerVip).toBe("192.168.0.151");
    const k8sNodes = r.body.nodes.filter((n: { role: string }) => n.role !== "loadbalancer");
    expect(k8sNodes.map((n: { podCidrs: string[] }) => n.podCidrs)).toEqual([["10.244.0.0/24"], ["10.244.1.0/24"], ["10.244.2.0/24"]]);
    const all = await allAddresses("shared");
    expect(new Set(all.map((a) => a.address)).size).toBe(all.length);
  });

  it("in a DHCP network node and LB VMs are DHCP-assigned, the VIP still comes from the VIP pool", async () => {
    const r = await call(clusters.POST, { json: { name: "dhcpcluster", vnet: "dhcpnet", nodePools: [{ name: "pool", count: 1 }] } });
    expect(r.status).toBe(201);
    expect(r.body.apiServerVip).toBe("10.50.0.100");
    expect(r.body.nodes.every((n: { ipAssignment: string; ipAddress: null }) => n.ipAssignment === "dhcp" && n.ipAddress === null)).toBe(true);
    expect((await allAddresses("dhcpnet")).map((a) => a.pool)).toEqual(["vip"]);
  });

  it("pool exhausted → 409 naming the pool and the missing count, and nothing is allocated", async () => {
    const before = await snapshotCounts();
    const r = await call(clusters.POST, { json: { name: "toobig", vnet: "shared", nodePools: [{ name: "pool", count: 64 }] } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("pool_exhausted");
    expect(r.body.error.message).toMatch(/k8s node IP pool/);
    expect(r.body.error.details).toMatchObject({ pool: "node", missing: expect.any(Number) });
    expect(r.body.error.details.missing).toBeGreaterThan(0);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("name rules and parameter limits → 422 with field paths", async () => {
    const r = await call(clusters.POST, { json: { name: "bad-name", vnet: "shared", controlPlaneNodeCount: 2, nodePools: [{ name: "p", count: 1, maxPodCount: 30, osType: "Mac" }] } });
    expect(r.status).toBe(422);
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "controlPlaneNodeCount", "nodePools[0].maxPodCount", "nodePools[0].osType"]));
    const missingNet = await call(clusters.POST, { json: { name: "nonet", vnet: "nowhere", nodePools: [{ name: "pool", count: 1 }] } });
    expect(missingNet.status).toBe(422);
    expect(missingNet.body.error.fields[0].path).toBe("vnet");
  });

  it("Set-AksHciCluster -controlPlaneVmSize is accepted ([SC]) and resizes the control-plane VMs; control characters are refused", async () => {
    const r = await call(cluster.PATCH, { method: "PATCH", params: { name: "clustera" }, json: { controlPlaneVmSize: "Standard_D4s_v3" } });
    expect(r.status).toBe(200);
    expect(r.body.controlPlaneVmSize).toBe("Standard_D4s_v3");
    expect(r.body.nodes.filter((n: { role: string }) => n.role === "controlplane").map((n: { vmSize: string }) => n.vmSize)).toEqual(["Standard_D4s_v3", "Standard_D4s_v3", "Standard_D4s_v3"]);
    const bad = await call(cluster.PATCH, { method: "PATCH", params: { name: "clustera" }, json: { controlPlaneVmSize: "x\ny" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0].path).toBe("controlPlaneVmSize");
  });

  it("primaryNetworkPlugin and vnet are immutable (422 quoting the rule)", async () => {
    const r = await call(cluster.PATCH, { method: "PATCH", params: { name: "clustera" }, json: { primaryNetworkPlugin: "flannel", vnet: "dhcpnet" } });
    expect(r.status).toBe(422);
    const byPath = Object.fromEntries(r.body.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(byPath.primaryNetworkPlugin).toMatch(/cannot be changed/i);
    expect(byPath.vnet).toMatch(/cannot be changed/i);
  });

  it("scales node pools and the control plane, allocating and releasing addresses", async () => {
    const count = async () => (await allAddresses("shared")).filter((a) => a.clusterName === "clusterb").length;
    const before = await count(); // 1 CP + 2 workers + 1 LB + 5 spares + 1 VIP = 10
    expect(before).toBe(10);
    let r = await call(nodepool.PATCH, { method: "PATCH", params: { name: "clusterb", pool: "pool" }, json: { count: 4 } });
    expect(r.status).toBe(200);
    expect(await count()).toBe(12);
    r = await call(nodepool.PATCH, { method: "PATCH", params: { name: "clusterb", pool: "pool" }, json: { count: 1 } });
    expect(r.status).toBe(200);
    expect(await count()).toBe(9);
    expect(r.body.nodes.filter((n: { role: string }) => n.role === "worker").map((n: { name: string }) => n.name)).toEqual(["clusterb-pool-0"]);
    r = await call(nodepools.POST, { params: { name: "clusterb" }, json: { name: "winpool", count: 2, osType: "Windows" } });
    expect(r.status).toBe(201);
    expect(await count()).toBe(11);
    const dup = await call(nodepools.POST, { params: { name: "clusterb" }, json: { name: "winpool", count: 1 } });
    expect(dup.status).toBe(409);
    r = await call(cluster.PATCH, { method: "PATCH", params: { name: "clusterb" }, json: { controlPlaneNodeCount: 3 } });
    expect(r.status).toBe(200);
    expect(r.body.controlPlaneNodeCount).toBe(3);
    expect(await count()).toBe(13);
    r = await call(nodepool.DELETE, { method: "DELETE", params: { name: "clusterb", pool: "winpool" } });
    expect(r.status).toBe(200);
    expect(await count()).toBe(11);
    const bad = await call(nodepool.PATCH, { method: "PATCH", params: { name: "clusterb", pool: "pool" }, json: { count: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0].path).toBe("count");
  });

  it("exports the cluster as a PowerShell script with the real cmdlets", async () => {
    const r = await call(powershell.GET, { params: { name: "clustera" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/text\/plain/);
    expect(r.text).toContain("New-AksHciClusterNetwork");
    expect(r.text).toContain("New-AksHciCluster");
    expect(r.text).toContain("-controlPlaneNodeCount 3");
    expect(r.text).toContain("New-AksHciNodePool");
    expect(r.text).toContain("-osSku Windows2022"); // clustera's winpool
    expect(r.text).not.toMatch(/^\s+-kubernetesVersion /m); // no invented version
    // clusterb shares "shared" with clustera: its script gets the network instead of creating it again
    const b = await call(powershell.GET, { params: { name: "clusterb" } });
    expect(b.text).not.toContain("New-AksHciClusterNetwork");
    expect(b.text).toContain("$vnet = Get-AksHciClusterNetwork `\n    -name 'shared'");
  });

  it("GET lists clusters; a network used by clusters cannot be deleted; deleting a cluster releases everything", async () => {
    const list = await call(clusters.GET);
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(["clustera", "clusterb", "dhcpcluster"]);
    expect((await call(network.DELETE, { method: "DELETE", params: { name: "dhcpnet" } })).status).toBe(409);
    expect((await call(cluster.DELETE, { method: "DELETE", params: { name: "dhcpcluster" } })).status).toBe(204);
    expect(await allAddresses("dhcpnet")).toEqual([]);
    expect(await db().kubeObject.count({ where: { cluster: { name: "dhcpcluster" } } })).toBe(0);
    expect((await call(network.DELETE, { method: "DELETE", params: { name: "dhcpnet" } })).status).toBe(204);
    expect((await call(cluster.GET, { params: { name: "dhcpcluster" } })).status).toBe(404);
  });

  it("a cluster always keeps a worker: none at creation (422), scaling the last pool to 0 (422), deleting it (409)", async () => {
    const none = await call(clusters.POST, { json: { name: "noworker", vnet: "shared", nodePools: [{ name: "pool", count: 0 }] } });
    expect(none.status).toBe(422);
    expect(none.body.error.fields).toEqual([{ path: "nodePools", message: expect.stringContaining("at least one worker node"), code: "cluster.noWorkers" }]);
    expect((await call(clusters.POST, { json: { name: "oneworker", vnet: "shared", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
    const zero = await call(nodepool.PATCH, { method: "PATCH", params: { name: "oneworker", pool: "pool" }, json: { count: 0 } });
    expect(zero.status).toBe(422);
    expect(zero.body.error.fields[0]).toMatchObject({ path: "count", message: expect.stringContaining("at least one worker node") });
    const last = await call(nodepool.DELETE, { method: "DELETE", params: { name: "oneworker", pool: "pool" } });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe("last_workers");
    const unknown = await call(clusters.POST, { json: { name: "extra", vnet: "shared", nodePools: [{ name: "pool", count: 1 }], linuxNodeCount: 2 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields[0]).toMatchObject({ path: "linuxNodeCount", message: expect.stringContaining('unknown parameter "linuxNodeCount"') });
    expect((await call(cluster.DELETE, { method: "DELETE", params: { name: "oneworker" } })).status).toBe(204);
  });

  it("property: random create / scale / delete sequences never hold an address twice and free what they held", async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("create" as const), id: fc.integer({ min: 0, max: 3 }), cp: fc.constantFrom(1, 3), workers: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant("scale" as const), id: fc.integer({ min: 0, max: 3 }), workers: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant("delete" as const), id: fc.integer({ min: 0, max: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          const name = `prop${o.id}`;
          if (o.kind === "create") {
            const r = await call(clusters.POST, { json: { name, vnet: "prop", controlPlaneNodeCount: o.cp, nodePools: [{ name: "p", count: o.workers }] } });
            expect([201, 409]).toContain(r.status);
          } else if (o.kind === "scale") {
            const r = await call(nodepool.PATCH, { method: "PATCH", params: { name, pool: "p" }, json: { count: o.workers } });
            expect([200, 404, 409]).toContain(r.status);
          } else {
            const r = await call(cluster.DELETE, { method: "DELETE", params: { name } });
            expect([204, 404]).toContain(r.status);
          }
          const addrs = await allAddresses("prop");
          expect(new Set(addrs.map((a) => a.address)).size).toBe(addrs.length);
          // every address belongs to a cluster that exists, and each cluster holds exactly VMs + 5 spares + 1 VIP
          const live = await db().cluster.findMany({ where: { network: { name: "prop" } }, include: { nodes: true } });
          for (const c of live) expect(addrs.filter((a) => a.clusterName === c.name)).toHaveLength(c.nodes.length + 5 + 1);
          expect(addrs.filter((a) => a.clusterName && !live.some((c) => c.name === a.clusterName))).toEqual([]);
        }
        for (let i = 0; i < 4; i++) await call(cluster.DELETE, { method: "DELETE", params: { name: `prop${i}` } });
        expect(await allAddresses("prop")).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
