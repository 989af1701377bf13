import { describe, expect, it } from "vitest";
import { validateClusterNetwork } from "../ipam/network";
import type { FieldProblem } from "../ipam/fields";
import { problemCatalogs, problemText, isProblemCode } from "./problems";
import { immutableFieldChanges, validateClusterSpec, validateNodePoolInput } from "../cluster/spec";
import { networkOverlaps } from "../ipam/overlap";

const good = {
  name: "labnet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "192.168.50.0/24",
  gateway: "192.168.50.1",
  dnsServers: ["192.168.50.2"],
  k8sNodeIpPoolStart: "192.168.50.10",
  k8sNodeIpPoolEnd: "192.168.50.99",
  vipPoolStart: "192.168.50.200",
  vipPoolEnd: "192.168.50.250",
};

/** Inputs that break every rule of the network validator (what the New network form shows, live and from the API). */
const BAD: unknown[] = [
  42,
  {},
  { ...good, name: "Lab_Net", vswitchName: "   ", ipAddressPrefix: "192.168.50.7/24", vlanID: 5000, managementCluster: "yes" },
  { ...good, name: "a".repeat(80), ipAddressPrefix: "nope", dnsServers: "1.1.1.1" },
  { ...good, gateway: "192.168.50.20", vipPoolStart: "192.168.50.90", vipPoolEnd: "192.168.50.150", dnsServers: ["192.168.50.11", 7, "x"] },
  { ...good, gateway: "10.0.0.1", k8sNodeIpPoolStart: "192.168.50.0", k8sNodeIpPoolEnd: "192.168.51.255", vipPoolEnd: "192.168.50.100" },
  { ...good, gateway: "192.168.50.255", dnsServers: ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"], vlanID: "x", name: 3 },
  { ...good, ipAddressPrefix: "10.96.0.0/16", gateway: "10.96.0.1", dnsServers: ["10.96.0.2"], k8sNodeIpPoolStart: "10.96.0.10", k8sNodeIpPoolEnd: "10.96.0.99", vipPoolStart: "10.96.0.200", vipPoolEnd: "10.96.0.250" },
  { ...good, ipAddressPrefix: "10.244.0.0/24", gateway: "10.244.0.1", dnsServers: ["10.244.0.2"], k8sNodeIpPoolStart: "10.244.0.10", k8sNodeIpPoolEnd: "10.244.0.99", vipPoolStart: "10.244.0.200", vipPoolEnd: "10.244.0.255" },
  { ...good, k8sNodeIpPoolStart: "192.168.50.0" },
  { name: "dhcpnet", vswitchName: "s", vipPoolStart: "192.168.1.10", vipPoolEnd: "192.168.1.20", gateway: "192.168.1.1" },
  { ...good, vipPoolStart: "192.168.50.250", vipPoolEnd: "192.168.50.200", vswitchName: 5 },
  { ...good, cloudServiceCidr: "10.0.0.0/24", vswitchName: "x".repeat(300) },
  { ...good, vswitchName: "ext\u001bswitch" },
];

function allProblems(): FieldProblem[] {
  return BAD.flatMap((input) => {
    const v = validateClusterNetwork(input);
    expect(v.ok, JSON.stringify(input)).toBe(false);
    return v.ok ? [] : v.problems;
  });
}

describe("field problems shown in the UI have a Japanese text", () => {
  const problems = allProblems();

  it("every problem of the network validator has a code with English and Japanese text", () => {
    expect(problems.length).toBeGreaterThan(20);
    for (const p of problems) {
      expect(isProblemCode(p.code), `${p.path}: "${p.message}" has no translatable code`).toBe(true);
      expect(problemCatalogs.ja[p.code as keyof (typeof problemCatalogs)["ja"]], p.code).toBeTruthy();
    }
  });

  it("the English template says exactly what the validator says (message and catalog cannot drift apart)", () => {
    for (const p of problems) expect(problemText("en", p), p.code).toBe(p.message);
  });

  it("the Japanese text is filled, Japanese, and has no English pool names left", () => {
    for (const p of problems) {
      const ja = problemText("ja", p);
      expect(ja, p.code).not.toMatch(/\{\w+\}/);
      expect(ja, p.code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(ja, p.code).not.toMatch(/VIP pool|node IP pool|service CIDR/);
    }
  });

  it("the corpus reaches every network rule in the catalog", () => {
    const hit = new Set(problems.map((p) => p.code));
    const rules = Object.keys(problemCatalogs.en).filter((c) => /^(network|pool|pools|gateway|dns|address)\./.test(c));
    expect(rules.filter((c) => !hit.has(c))).toEqual([]);
  });

  it("Japanese keeps only placeholders that English has; an uncoded problem shows its message", () => {
    const ph = (s: string) => new Set(s.match(/\{\w+\}/g) ?? []);
    for (const [code, enText] of Object.entries(problemCatalogs.en)) {
      const jaText = problemCatalogs.ja[code as keyof (typeof problemCatalogs)["ja"]];
      expect(jaText, code).toBeTruthy();
      for (const x of ph(jaText)) expect(ph(enText).has(x), `${code}: ${x}`).toBe(true);
    }
    expect(problemText("ja", { message: "plain English" })).toBe("plain English");
  });
});

describe("cluster wizard and node pool problems have a Japanese text", () => {
  const pool = { name: "linuxpool", count: 2, osType: "Linux" };
  const BAD_CLUSTERS: unknown[] = [
    7,
    {},
    { name: "my-cluster", controlPlaneNodeCount: 2, nodePools: [{ ...pool, count: 0 }], kubernetesVersion: "1.29", flavour: "x" },
    { name: "Cluster_1", controlPlaneVmSize: " ", loadBalancerSku: "none", loadBalancerCount: 2, nodePools: [pool, pool, 5, { name: "win-pool", count: 99, osType: "BeOS", maxPodCount: 10, vmSize: "a\u0007b" }] },
    { name: "a".repeat(41), controlPlaneNodeCount: 0, loadBalancerCount: 0, nodePools: [{ name: "P", count: "x", extra: 1 }], primaryNetworkPlugin: "cilium" },
    { name: "big", nodePools: Array.from({ length: 17 }, (_, i) => ({ name: `p${i}`, count: 1 })) },
    { name: "many", nodePools: [{ ...pool, count: 64 }, { name: "more", count: 64 }, { name: "evenmore", count: 64 }, { name: "last", count: 64 }] },
    { name: "nodes", nodePools: "linuxpool" },
    { name: "x".repeat(300), vnet: 5, controlPlaneVmSize: "x".repeat(300) },
  ];
  const problems: FieldProblem[] = [
    ...BAD_CLUSTERS.flatMap((input) => {
      const v = validateClusterSpec(input);
      expect(v.ok, JSON.stringify(input)).toBe(false);
      return v.ok ? [] : v.problems;
    }),
    ...((): FieldProblem[] => {
      const v = validateNodePoolInput({ name: "linuxpool", count: 1 }, { existingNames: ["linuxpool"] });
      return v.ok ? [] : v.problems;
    })(),
    ...immutableFieldChanges({ primaryNetworkPlugin: "calico", vnet: "demonet" }, { primaryNetworkPlugin: "flannel", vnet: undefined }),
  ];

  it("every problem the wizard can show has a code with English and Japanese text", () => {
    expect(problems.length).toBeGreaterThan(25);
    const uncoded = problems.filter((p) => !isProblemCode(p.code)).map((p) => `${p.path}: ${p.message}`);
    expect(uncoded).toEqual([]);
  });

  it("the English template says exactly what the validator says, the Japanese one is filled and Japanese", () => {
    for (const p of problems) {
      expect(problemText("en", p), p.code).toBe(p.message);
      const ja = problemText("ja", p);
      expect(ja, p.code).not.toMatch(/\{\w+\}/);
      expect(ja, p.code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it("the corpus reaches every cluster and node pool rule in the catalog", () => {
    const hit = new Set(problems.map((p) => p.code));
    const rules = Object.keys(problemCatalogs.en).filter((c) => /^(cluster|nodePool|controlPlane|deployment|kubernetesVersion|loadBalancerCount|vmSize|immutable|text|integer)\./.test(c));
    // nodePool.*: written by lib/db/clusters.ts (API tests); integer.max: no validator reads an integer with only a maximum
    const dbOnly = new Set(["nodePool.count", "nodePool.limit", "integer.max"]);
    expect(rules.filter((c) => !hit.has(c) && !dbOnly.has(c))).toEqual([]);
  });
});

describe("problems of other networks (overlap) have a Japanese text", () => {
  it("the overlap rule's problems carry codes whose English is the message", () => {
    const other = { ...good, name: "hostnet", managementCluster: true, gateway: "192.168.50.30" };
    const mine = { ...good, name: "mine", gateway: "192.168.50.20", dnsServers: ["192.168.50.201"] };
    const overlaps = networkOverlaps(mine, [other]);
    expect(new Set(overlaps.map((o) => o.code))).toEqual(new Set(["overlap.pools", "overlap.inPool", "overlap.contains"]));
    for (const o of overlaps) {
      expect(problemText("en", o)).toBe(o.message);
      expect(problemText("ja", o)).toContain("（AKS ホストのネットワーク）");
      expect(problemText("ja", o)).not.toMatch(/VIP pool|node IP pool|\{\w+\}/);
    }
  });
});

describe("dual-stack problems (the wizard's Network plugin step) have a Japanese text", () => {
  const base = { name: "dual", nodePools: [{ name: "linux", count: 1 }] };
  const dual = { ipFamilies: ["IPv4", "IPv6"], podCidrV6: "fd00:10:244::/56", serviceCidrV6: "fd00:10:96::/112" };
  const BAD_DUAL: object[] = [
    { ...dual, primaryNetworkPlugin: "flannel" },
    { podCidrV6: "fd00:10:244::/56", serviceCidrV6: "fd00:10:96::/112" },
    { ipFamilies: "IPv4,IPv6" },
    { ipFamilies: ["IPv6", "IPv4"] },
    { ipFamilies: ["IPv6"] },
    { ipFamilies: ["IPv4", "IPv4"] },
    { ipFamilies: ["IPv4", "IPv6"] },
    { ...dual, podCidrV6: "fd00::/40", serviceCidrV6: "fd00:10:96::/64" },
    { ...dual, podCidrV6: "fd00:zz::/56", serviceCidrV6: "fd00:10:96::1/112" },
    { ...dual, podCidrV6: "fe80::/64", serviceCidrV6: "10.96.0.0/12" },
    { ...dual, podCidrV6: "fd00:10:96::/56" },
  ];
  const problems: FieldProblem[] = BAD_DUAL.flatMap((input) => {
    const v = validateClusterSpec({ ...base, ...input });
    expect(v.ok, JSON.stringify(input)).toBe(false);
    return v.ok ? [] : v.problems;
  });

  it("every dual-stack problem has a code; English is the message, Japanese is filled and Japanese", () => {
    expect(problems.filter((p) => !isProblemCode(p.code)).map((p) => `${p.path}: ${p.message}`)).toEqual([]);
    for (const p of problems) {
      expect(problemText("en", p), p.code).toBe(p.message);
      const ja = problemText("ja", p);
      expect(ja, p.code).not.toMatch(/\{\w+\}/);
      expect(ja, p.code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      // kube-apiserver's own error is quoted verbatim; outside quotes no English sentence is left
      expect(ja.replace(/"[^"]*"/g, ""), p.code).not.toMatch(/ must be | is required| has host bits| overlaps /);
    }
  });

  it("the corpus reaches every dual-stack and IPv6 range rule in the catalog", () => {
    const hit = new Set(problems.map((p) => p.code));
    const rules = Object.keys(problemCatalogs.en).filter((c) => /^(ipFamilies|dualStack|ipv6)\./.test(c));
    expect(rules.length).toBe(14);
    expect(rules.filter((c) => !hit.has(c))).toEqual([]);
  });

  it("an invalid IPv6 pod range reads in Japanese", () => {
    const v = validateClusterSpec({ ...base, ...dual, podCidrV6: "fd00:10:244::/120" });
    const p = !v.ok ? v.problems.find((x) => x.path === "podCidrV6") : undefined;
    expect(p?.code).toBe("ipv6.podSize");
    expect(problemText("ja", p!)).toBe("IPv6 のポッド範囲は /48〜/116 にしてください。Calico はこの範囲を /122 ブロック単位で配り、/116 に 64 ブロックが入ります（指定値: /120）");
  });
});
