/**
 * Issue 11: the documented worked example deploys literally on a network of exactly the documented size, the planner
 * packs exactly as the allocator, and the conflict report covers addresses colliding across networks.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const network = await import("@/app/api/networks/[name]/route");
const conflicts = await import("@/app/api/networks/[name]/conflicts/route");
const clusters = await import("@/app/api/clusters/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const { db } = await import("@/lib/db/client");
const { planAddresses, validatePlanInput } = await import("@/lib/ipam/planner");

const applyYaml = (cluster: string, body: string) =>
  call(apply.POST, { path: `/api/clusters/${cluster}/apply`, params: { name: cluster }, body, headers: { "content-type": "application/yaml" } });
const lb = (name: string, port: number, extra = "") =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default${extra}\nspec:\n  type: LoadBalancer\n  selector: {app: ${name}}\n  ports: [{port: ${port}}]\n`;

/**
 * Fact sheet §3.5 ([NODE-NET] worked example): AKS host 3, cluster A 3 CP + 5 workers + 5 update + 1 LB, cluster B
 * 1 CP + 3 workers + 5 update + 1 LB ⇒ node pool 27; API servers 2 + services 3 (3 × 443, the DB on 80 shares one)
 * ⇒ VIP pool 5, + 1 for the AKS host's API server (§3.2) ⇒ 6; /26.
 */
const worked = {
  name: "worked",
  vswitchName: "extSwitch",
  ipAddressPrefix: "10.60.0.0/26",
  gateway: "10.60.0.1",
  dnsServers: ["10.60.0.1"],
  k8sNodeIpPoolStart: "10.60.0.2",
  k8sNodeIpPoolEnd: "10.60.0.28", // 27 addresses
  vipPoolStart: "10.60.0.29",
  vipPoolEnd: "10.60.0.34", // 6 addresses
  managementCluster: true,
};

describe("the documented worked example on its documented /26", () => {
  beforeAll(async () => {
    expect((await call(networks.POST, { json: worked })).status).toBe(201);
  });

  it("the planner says it fits exactly, and packs the services onto 3 VIPs", () => {
    const plan = planAddresses({
      managementCluster: true,
      network: { ipAddressPrefix: worked.ipAddressPrefix, k8sNodeIpPoolStart: worked.k8sNodeIpPoolStart, k8sNodeIpPoolEnd: worked.k8sNodeIpPoolEnd, vipPoolStart: worked.vipPoolStart, vipPoolEnd: worked.vipPoolEnd },
      clusters: [
        {
          name: "clustera",
          controlPlaneNodeCount: 3,
          nodePools: [{ name: "linuxpool", count: 5, osType: "Linux" }],
          services: ["fe1", "fe2", "fe3"].map((name) => ({ name, type: "LoadBalancer" as const, ports: [443] })).concat([{ name: "db", type: "LoadBalancer", ports: [80] }]),
        },
        { name: "clusterb", controlPlaneNodeCount: 1, nodePools: [{ name: "linuxpool", count: 3, osType: "Linux" }] },
      ],
    });
    expect(plan.nodePool.required).toBe(27);
    expect(plan.vipPool.required).toBe(5);
    expect(plan.vipPool.recommended).toBe(6);
    expect(plan.smallestPrefixLength).toBe(26);
    expect(plan.remaining).toMatchObject({ fits: true, nodePool: { size: 27, free: 0 }, vipPool: { size: 6, free: 0 } });
    expect(plan.serviceVips[0].vips.map((v) => v.services.map((s) => s.name))).toEqual([["fe1", "db"], ["fe2"], ["fe3"]]);
  });

  it("the allocator deploys it literally: every address of both pools used, the DB on the first front-end VIP", async () => {
    const a = await call(clusters.POST, { json: { name: "clustera", vnet: "worked", controlPlaneNodeCount: 3, nodePools: [{ name: "linuxpool", count: 5 }] } });
    expect(a.status).toBe(201);
    const b = await call(clusters.POST, { json: { name: "clusterb", vnet: "worked", controlPlaneNodeCount: 1, nodePools: [{ name: "linuxpool", count: 3 }] } });
    expect(b.status).toBe(201);
    const r = await applyYaml("clustera", [lb("fe1", 443), lb("fe2", 443), lb("fe3", 443), lb("db", 80)].join("---\n"));
    expect(r.status).toBe(200);
    const vip = Object.fromEntries(r.body.results.map((x: { name: string; allocated: { loadBalancerIP: string } }) => [x.name, x.allocated.loadBalancerIP]));
    expect(new Set([vip.fe1, vip.fe2, vip.fe3]).size).toBe(3);
    expect(vip.db).toBe(vip.fe1);
    const n = await call(network.GET, { params: { name: "worked" } });
    expect(n.body.usage.node).toMatchObject({ size: 27, used: 27, free: 0 });
    expect(n.body.usage.vip).toMatchObject({ size: 6, used: 6, free: 0 });
    // one more front end on 443 needs a 4th service VIP: the pool is full, refused naming the field
    const more = await applyYaml("clustera", lb("fe4", 443));
    expect(more.status).toBe(422);
    expect(more.body.error.fields[0].message).toMatch(/VIP pool of network "worked" is exhausted/);
    // ... but a service on another port still fits on an existing VIP
    const metrics = await applyYaml("clustera", lb("metrics", 9100));
    expect(metrics.status).toBe(200);
    expect(metrics.body.results[0].allocated.loadBalancerIP).toBe(vip.fe1);
  });

  it("spec.loadBalancerIP of the cluster's own VIP is honoured on a free port and refused on a served one; never another cluster's", async () => {
    const fe2 = (await db().ipAllocation.findMany({ where: { network: { name: "worked" }, ownerKind: "service" }, orderBy: { addressNum: "asc" } }))[1].address;
    const ok = await applyYaml("clustera", lb("admin", 8443).replace("spec:\n", `spec:\n  loadBalancerIP: ${fe2}\n`));
    expect(ok.status).toBe(200);
    expect(ok.body.results[0].allocated.loadBalancerIP).toBe(fe2);
    const clash = await applyYaml("clustera", lb("clash", 443).replace("spec:\n", `spec:\n  loadBalancerIP: ${fe2}\n`));
    expect(clash.status).toBe(422);
    expect(clash.body.error.fields[0]).toMatchObject({ path: "spec.loadBalancerIP" });
    expect(clash.body.error.fields[0].message).toContain("port 443/TCP is already served");
    const foreign = await applyYaml("clusterb", lb("thief", 7000).replace("spec:\n", `spec:\n  loadBalancerIP: ${fe2}\n`));
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.fields[0].message).toMatch(/never shared across clusters/);
  });
});

describe("conflict report across networks", () => {
  it("reports an imported VIP of this network's cluster that another network's cluster holds", async () => {
    // a second network on other addresses, with a cluster whose imported Service reports clustera's API server VIP
    const other = { ...worked, name: "othernet", ipAddressPrefix: "10.61.0.0/26", gateway: "10.61.0.1", dnsServers: ["10.61.0.1"], k8sNodeIpPoolStart: "10.61.0.2", k8sNodeIpPoolEnd: "10.61.0.20", vipPoolStart: "10.61.0.30", vipPoolEnd: "10.61.0.40", managementCluster: false };
    expect((await call(networks.POST, { json: other })).status).toBe(201);
    expect((await call(clusters.POST, { json: { name: "clusterc", vnet: "othernet", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
    const apiVip = (await db().cluster.findUniqueOrThrow({ where: { name: "clustera" } })).apiServerVip!;
    const imported = lb("legacy", 443) + `status:\n  loadBalancer:\n    ingress: [{ip: ${apiVip}}]\n`;
    const r = await applyYaml("clusterc", imported);
    expect(r.status).toBe(200);
    expect(r.body.warnings.join(" ")).toContain(`observed VIP ${apiVip} is kept as imported`);
    for (const name of ["worked", "othernet"]) {
      const c = await call(conflicts.GET, { params: { name } });
      expect(c.status).toBe(200);
      const cross = c.body.filter((x: { kind: string }) => x.kind === "cross-network");
      expect(cross).toHaveLength(1);
      expect(cross[0]).toMatchObject({ vip: apiVip, entries: [
        { cluster: "clusterc", service: "service (imported) default/legacy", ports: [], network: "othernet" },
        { cluster: "clustera", service: "apiserver clustera", ports: [], network: "worked" },
      ] });
      expect(cross[0].message).toContain(`${apiVip} is held in 2 networks`);
    }
  });
});

describe("planner = server rules (issue 11: hcinet plan refuses what the server refuses, with the same messages)", () => {
  const pool = (name: string, count = 1) => ({ name, count });
  const cases: [string, Record<string, unknown>][] = [
    ["controlPlaneNodeCount 2", { name: "c", controlPlaneNodeCount: 2, nodePools: [pool("p")] }],
    ["duplicate pool names", { name: "c", nodePools: [pool("p"), pool("p")] }],
    ["hyphenated pool name", { name: "c", nodePools: [pool("linux-pool")] }],
    ["hyphenated cluster name", { name: "my-cluster", nodePools: [pool("p")] }],
    ["no worker", { name: "c", nodePools: [pool("p", 0)] }],
    ["unknown parameter", { name: "c", nodePools: [pool("p")], windowsNodeCount: 1 }],
    ["free text with a control character", { name: "c", nodePools: [{ ...pool("p"), vmSize: "Standard_K8S3_v1\r\n" }] }],
  ];
  for (const [label, cluster] of cases) {
    it(label, async () => {
      const api = await call(clusters.POST, { json: { ...cluster, vnet: "worked" } });
      expect(api.status).toBe(422);
      const plan = validatePlanInput({ managementCluster: false, clusters: [cluster] });
      expect(plan.ok).toBe(false);
      const planProblems = plan.ok ? [] : plan.problems.map((p) => ({ path: p.path.replace(/^clusters\[0\]\.?/, ""), message: p.message }));
      // same paths and messages (the API's fields also carry the code the UI translates)
      expect(planProblems).toEqual(api.body.error.fields.map(({ path, message }: { path: string; message: string }) => ({ path, message })));
    });
  }

  it("the 200-VM limit is deployment-wide in both: the AKS host and the clusters already there count", async () => {
    // on the server: the AKS host (1) + clustera (3 + 5 + 1) + clusterb (1 + 3 + 1) + clusterc (1 + 1 + 1) = 18 VMs exist
    const big = { name: "big", controlPlaneNodeCount: 5, loadBalancerCount: 3, nodePools: [0, 1, 2].map((i) => pool(`pool${i}`, 60)) }; // 188 VMs
    const api = await call(clusters.POST, { json: { ...big, vnet: "othernet" } });
    expect(api.status).toBe(422);
    expect(api.body.error.fields).toEqual([{ path: "nodePools", message: expect.stringContaining("the deployment would have 206 VMs"), code: "deployment.vms", vars: { total: 206, max: 200 } }]);
    // in the plan: the AKS host + the same clusters before it
    const plan = validatePlanInput({
      clusters: [
        { name: "clustera", controlPlaneNodeCount: 3, nodePools: [pool("p", 5)] },
        { name: "clusterb", nodePools: [pool("p", 3)] },
        { name: "clusterc", nodePools: [pool("p", 1)] },
        big,
      ],
    });
    expect(plan.ok ? [] : plan.problems).toEqual([{ path: "clusters[3].nodePools", message: api.body.error.fields[0].message }]);
  });
});
