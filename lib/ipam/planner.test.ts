import { describe, expect, it } from "vitest";
import { parseIPv4 } from "./address";
import { poolBounds, validateClusterNetwork } from "./network";
import { forecastForNetwork, packServiceVips, planAddresses, validatePlanInput, type PlanInput, type PlannedService } from "./planner";

const lb = (name: string, ...ports: number[]): PlannedService => ({ name, type: "LoadBalancer", ports });

/** Fact sheet §3.5: cluster A 3 CP + 5 workers, cluster B 1 CP + 3 workers, 3 front-ends on 443 and a DB on 80. */
const workedExample: PlanInput = {
  managementCluster: true,
  clusters: [
    {
      name: "clustera",
      controlPlaneNodeCount: 3,
      loadBalancerCount: 1,
      nodePools: [{ name: "linuxpool", count: 5, osType: "Linux" }],
      services: [lb("web1", 443), lb("web2", 443), lb("web3", 443), lb("db", 80)],
    },
    { name: "clusterb", controlPlaneNodeCount: 1, nodePools: [{ name: "linuxpool", count: 3, osType: "Linux" }] },
  ],
};

describe("planAddresses: the documentation's worked example", () => {
  const plan = planAddresses(workedExample);

  it("needs 27 node IPs, 5 VIPs, 32 in total, and a /26", () => {
    expect(plan.nodePool.required).toBe(27);
    expect(plan.vipPool.required).toBe(5);
    expect(plan.total).toBe(32);
    expect(plan.smallestPrefixLength).toBe(26);
  });

  it("has the fact sheet's table lines", () => {
    expect(plan.nodePool.lines.map((l) => [l.label, l.count, l.cluster])).toEqual([
      ["AKS host: 1 CP + 2 update", 3, undefined],
      ["Cluster clustera: 3 CP + 5 workers", 8, "clustera"],
      ["Cluster clustera: 5 update + 1 LB", 6, "clustera"],
      ["Cluster clusterb: 1 CP + 3 workers", 4, "clusterb"],
      ["Cluster clusterb: 5 update + 1 LB", 6, "clusterb"],
    ]);
    expect(plan.vipPool.lines.map((l) => [l.label, l.count, l.cluster])).toEqual([
      ["API servers (clustera, clusterb)", 2, undefined],
      ["Services of clustera (3 × port 443, 1 × port 80)", 3, "clustera"],
    ]);
  });

  it("recommends one more VIP for the AKS host's API server, as a separate UNCONFIRMED line", () => {
    expect(plan.vipPool.recommended).toBe(6);
    expect(plan.vipPool.recommendedLines).toEqual([
      { label: "AKS host API server (kube-vip)", count: 1, detail: expect.stringContaining("UNCONFIRMED") },
    ]);
    expect(plan.notes.some((n) => n.startsWith("UNCONFIRMED: the AKS host's API server"))).toBe(true);
  });

  it("puts the DB on the first front-end's VIP", () => {
    expect(plan.serviceVips).toEqual([
      {
        cluster: "clustera",
        vips: [
          { services: [{ name: "web1", ports: [443] }, { name: "db", ports: [80] }] },
          { services: [{ name: "web2", ports: [443] }] },
          { services: [{ name: "web3", ports: [443] }] },
        ],
      },
    ]);
    expect(plan.vipPool.lines[1].detail).toContain("VIP 1: web1:443, db:80; VIP 2: web2:443; VIP 3: web3:443");
  });

  it("explains the smallest prefix and the spare-IP assumption, and reports nothing remaining without a network", () => {
    expect(plan.notes).toContain(
      "Smallest subnet /26: its addresses minus network and broadcast hold the 32 planned addresses plus a gateway. The documentation recommends reserving at least a /24 (256 addresses).",
    );
    expect(plan.notes[0]).toContain('"one to three"');
    expect(plan.remaining).toBeUndefined();
  });
});

describe("planAddresses: variants", () => {
  it("without the management cluster drops the AKS host line and its recommended VIP", () => {
    const plan = planAddresses({ ...workedExample, managementCluster: false });
    expect(plan.nodePool.required).toBe(24);
    expect(plan.nodePool.lines.some((l) => l.label.startsWith("AKS host"))).toBe(false);
    expect(plan.vipPool.recommended).toBe(plan.vipPool.required);
    expect(plan.vipPool.recommendedLines).toEqual([]);
    expect(plan.total).toBe(29);
    expect(plan.smallestPrefixLength).toBe(27); // 29 + gateway = 30 = the usable addresses of a /27
  });

  it("defaults managementCluster to true", () => {
    expect(planAddresses({ clusters: [] }).nodePool.required).toBe(3);
  });

  it("counts loadBalancerCount VMs and notes the assumption", () => {
    const plan = planAddresses({
      managementCluster: false,
      clusters: [
        { name: "ha", controlPlaneNodeCount: 3, loadBalancerCount: 3, nodePools: [] },
        { name: "nolb", controlPlaneNodeCount: 1, loadBalancerCount: 0, nodePools: [] },
      ],
    });
    expect(plan.nodePool.lines.map((l) => [l.label, l.count])).toEqual([
      ["Cluster ha: 3 CP + 0 workers", 3],
      ["Cluster ha: 5 update + 3 LB", 8],
      ["Cluster nolb: 1 CP + 0 workers", 1],
      ["Cluster nolb: 5 update", 5],
    ]);
    expect(plan.notes.some((n) => n.includes("-loadBalancerCount N"))).toBe(true);
  });

  it("DHCP: same lines, and notes that nodes use DHCP and the VIPs must leave the DHCP scope", () => {
    const plan = planAddresses({ ...workedExample, network: { vipPoolStart: "172.16.255.0", vipPoolEnd: "172.16.255.9" } });
    const staticPlan = planAddresses(workedExample);
    expect(plan.nodePool).toEqual(staticPlan.nodePool);
    expect(plan.vipPool).toEqual(staticPlan.vipPool);
    expect(plan.total).toBe(32);
    expect(plan.notes.find((n) => n.startsWith("DHCP:"))).toMatch(/27 node addresses come from the DHCP server.*excluded from the DHCP scope/);
    expect(plan.remaining).toEqual({
      layout: "dhcp",
      nodePool: null,
      vipPool: { size: 10, used: 6, free: 4, missing: 0 },
      subnet: null,
      fits: true,
      forecast: { workerNodes: null, loadBalancerVips: 4, clusters: null },
    });
  });
});

describe("packServiceVips", () => {
  it("two services on the same port need two VIPs", () => {
    expect(packServiceVips([lb("a", 443), lb("b", 443)])).toHaveLength(2);
  });

  it("services on 443 and 80 share one VIP", () => {
    expect(packServiceVips([lb("web", 443), lb("db", 80)])).toEqual([
      { services: [{ name: "web", ports: [443] }, { name: "db", ports: [80] }] },
    ]);
  });

  it("a cluster without LoadBalancer services needs no service VIP (only its API server)", () => {
    expect(packServiceVips([])).toEqual([]);
    const plan = planAddresses({ managementCluster: false, clusters: [{ name: "c", controlPlaneNodeCount: 1, nodePools: [], services: [] }] });
    expect(plan.vipPool.lines).toEqual([{ label: "API servers (c)", count: 1, detail: expect.any(String) }]);
    expect(plan.serviceVips).toEqual([]);
  });

  it("packs in apply order, first fit, exactly as the allocator (lib/conflicts/vip packVips), never colliding ports on one VIP", () => {
    const vips = packServiceVips([lb("a", 80), lb("b", 80, 443), lb("c", 443, 8443), lb("d", 8443)]);
    for (const v of vips) {
      const ports = v.services.flatMap((s) => s.ports);
      expect(new Set(ports).size).toBe(ports.length);
    }
    expect(vips.map((v) => v.services.map((s) => s.name))).toEqual([["a", "c"], ["b", "d"]]);
  });

  it("the worked example (§3.5): 3 × 443 then the DB on 80 ⇒ 3 VIPs, the DB on the first", () => {
    const vips = packServiceVips([lb("fe1", 443), lb("fe2", 443), lb("fe3", 443), lb("db", 80)]);
    expect(vips.map((v) => v.services.map((s) => s.name))).toEqual([["fe1", "db"], ["fe2"], ["fe3"]]);
  });

  it("dedicatedVip (hcinet.io/dedicated-vip) takes a VIP of its own and nobody joins it", () => {
    const vips = packServiceVips([{ ...lb("web", 443), dedicatedVip: true }, lb("db", 80), lb("metrics", 9100)]);
    expect(vips.map((v) => v.services.map((s) => s.name))).toEqual([["web"], ["db", "metrics"]]);
  });

  it("ignores a port listed twice in one service", () => {
    expect(packServiceVips([lb("a", 80, 80), lb("b", 443)])).toEqual([
      { services: [{ name: "a", ports: [80] }, { name: "b", ports: [443] }] },
    ]);
  });

  it("never shares a VIP across clusters", () => {
    const plan = planAddresses({
      managementCluster: false,
      clusters: [
        { name: "x", controlPlaneNodeCount: 1, nodePools: [], services: [lb("web", 443)] },
        { name: "y", controlPlaneNodeCount: 1, nodePools: [], services: [lb("db", 80)] },
      ],
    });
    expect(plan.vipPool.required).toBe(2 + 1 + 1);
  });
});

describe("remaining and forecasts", () => {
  it("static pools: free addresses and what still fits", () => {
    const plan = planAddresses({
      ...workedExample,
      network: { ipAddressPrefix: "172.16.0.0/24", k8sNodeIpPoolStart: "172.16.0.10", k8sNodeIpPoolEnd: "172.16.0.99", vipPoolStart: "172.16.0.200", vipPoolEnd: "172.16.0.249" },
    });
    expect(plan.remaining).toEqual({
      layout: "static",
      nodePool: { size: 90, used: 27, free: 63, missing: 0 },
      vipPool: { size: 50, used: 6, free: 44, missing: 0 },
      subnet: null,
      fits: true,
      forecast: { workerNodes: 63, loadBalancerVips: 44, clusters: 7 },
    });
  });

  it("reports what is missing when the plan does not fit", () => {
    const plan = planAddresses({
      ...workedExample,
      network: { k8sNodeIpPoolStart: "172.16.0.10", k8sNodeIpPoolEnd: "172.16.0.29", vipPoolStart: "172.16.0.200", vipPoolEnd: "172.16.0.203" },
    });
    expect(plan.remaining).toMatchObject({
      fits: false,
      nodePool: { size: 20, used: 27, free: 0, missing: 7 },
      vipPool: { size: 4, used: 6, free: 0, missing: 2 },
      forecast: { workerNodes: 0, loadBalancerVips: 0, clusters: 0 },
    });
  });

  it("prefix only: node and VIP addresses share the usable addresses minus the gateway", () => {
    const plan = planAddresses({ ...workedExample, network: { ipAddressPrefix: "172.16.0.0/24" } });
    // 254 usable − 1 gateway = 253; used 27 + 6 = 33 ⇒ 220 free ⇒ 24 clusters of 8 + 1
    expect(plan.remaining).toEqual({
      layout: "unsplit",
      nodePool: null,
      vipPool: null,
      subnet: { size: 253, used: 33, free: 220, missing: 0 },
      fits: true,
      forecast: { workerNodes: 220, loadBalancerVips: 220, clusters: 24 },
    });
  });

  it("forecastForNetwork works on an existing network's bounds", () => {
    const net = validateClusterNetwork({
      name: "demonet",
      vswitchName: "extSwitch",
      ipAddressPrefix: "172.16.0.0/16",
      gateway: "172.16.0.1",
      dnsServers: ["172.16.0.1"],
      k8sNodeIpPoolStart: "172.16.10.1",
      k8sNodeIpPoolEnd: "172.16.10.255",
      vipPoolStart: "172.16.255.0",
      vipPoolEnd: "172.16.255.254",
    });
    if (!net.ok) throw new Error("fixture must validate");
    expect(forecastForNetwork(poolBounds(net.value), 100, 10)).toEqual({
      nodePool: { size: 255, used: 100, free: 155, missing: 0 },
      vipPool: { size: 255, used: 10, free: 245, missing: 0 },
      fits: true,
      forecast: { workerNodes: 155, loadBalancerVips: 245, clusters: 19 },
    });
    // the VIP pool can be the limit
    const bounds = { ...poolBounds(net.value), vipPool: { start: parseIPv4("172.16.255.0")!, end: parseIPv4("172.16.255.2")! } };
    expect(forecastForNetwork(bounds, 0, 1).forecast.clusters).toBe(2);
  });
});

describe("validatePlanInput", () => {
  it("fills defaults", () => {
    expect(validatePlanInput({ clusters: [{ name: "a", nodePools: [{ name: "p", count: 2 }], services: [{ name: "s", ports: [80] }] }] })).toEqual({
      ok: true,
      value: {
        managementCluster: true,
        clusters: [
          {
            name: "a",
            controlPlaneNodeCount: 1,
            loadBalancerCount: 1,
            nodePools: [{ name: "p", count: 2, osType: "Linux" }],
            services: [{ name: "s", type: "LoadBalancer", ports: [80] }],
          },
        ],
      },
    });
  });

  it("reports wrong field types with their paths", () => {
    const r = validatePlanInput({
      managementCluster: "yes",
      clusters: [
        { name: "a", controlPlaneNodeCount: 0, nodePools: [{ name: "p", count: "5" }], services: [{ name: "s", type: "NodePort", ports: [0, "443"] }] },
        { name: "a", nodePools: {} },
        7,
      ],
    });
    expect(r.ok ? [] : r.problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: "managementCluster", message: "must be true or false, got a string" },
      { path: "clusters[0].controlPlaneNodeCount", message: "must be an integer ≥ 1, got 0" },
      { path: "clusters[0].nodePools[0].count", message: "must be an integer from 0 to 64, got a string" },
      { path: "clusters[0].services[0].type", message: 'must be one of "LoadBalancer", got "NodePort"' },
      { path: "clusters[0].services[0].ports[0]", message: "must be a port number from 1 to 65535, got 0" },
      { path: "clusters[0].services[0].ports[1]", message: "must be a port number from 1 to 65535, got a string" },
      { path: "clusters[1].nodePools", message: "must be a list, got an object" },
      { path: "clusters[1].name", message: 'cluster name "a" is used twice in the plan' },
      { path: "clusters[2]", message: "must be a mapping describing a workload cluster, got a number" },
    ]);
  });

  it("requires clusters and a mapping", () => {
    expect(validatePlanInput({})).toMatchObject({ ok: false, problems: [{ path: "clusters", message: "is required" }] });
    expect(validatePlanInput(null)).toMatchObject({ ok: false, problems: [{ path: "" }] });
  });

  it("checks the network: addresses, pairs, order, prefix, overlap", () => {
    const problemsFor = (network: unknown) => {
      const r = validatePlanInput({ clusters: [], network });
      return r.ok ? [] : r.problems;
    };
    expect(problemsFor({ ipAddressPrefix: "172.16.0.1/24" })).toEqual([
      { path: "network.ipAddressPrefix", message: expect.stringContaining("host bits are set") },
    ]);
    expect(problemsFor({ vipPoolStart: "172.16.0.10" })).toEqual([
      { path: "network.vipPoolEnd", message: "is required with vipPoolStart (the VIP pool is a start–end range)" },
    ]);
    expect(problemsFor({ k8sNodeIpPoolStart: "172.16.0.10", k8sNodeIpPoolEnd: "172.16.0.20" })).toEqual([
      { path: "network.vipPoolStart", message: expect.stringContaining("is required when the k8s node IP pool is given") },
    ]);
    expect(problemsFor({ vipPoolStart: "172.16.0.10", vipPoolEnd: "172.16.0.5" })).toEqual([
      { path: "network.vipPoolEnd", message: "172.16.0.5 is lower than vipPoolStart 172.16.0.10" },
    ]);
    expect(problemsFor({ ipAddressPrefix: "172.16.0.0/24", vipPoolStart: "172.16.1.10", vipPoolEnd: "172.16.0.50" })).toEqual([
      { path: "network.vipPoolStart", message: "172.16.1.10 is outside ipAddressPrefix 172.16.0.0/24" },
    ]);
    expect(
      problemsFor({ k8sNodeIpPoolStart: "172.16.0.10", k8sNodeIpPoolEnd: "172.16.0.20", vipPoolStart: "172.16.0.20", vipPoolEnd: "172.16.0.30" }),
    ).toEqual([{ path: "network.vipPoolStart", message: expect.stringContaining("overlaps the k8s node IP pool") }]);
    expect(problemsFor({})).toEqual([{ path: "network", message: expect.stringContaining("must give ipAddressPrefix") }]);
    expect(problemsFor("172.16.0.0/24")).toEqual([{ path: "network", message: expect.stringContaining("must be a mapping") }]);
  });
});
