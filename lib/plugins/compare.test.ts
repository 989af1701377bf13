import { describe, expect, it } from "vitest";
import { SHOP_CALICO } from "../demo/shop";
import { snapshotFromManifests } from "../kube/load";
import type { ClusterSnapshot, SnapshotNode } from "../kube/types";
import { explain } from "../policy/explain";
import { compilePolicies } from "../policy/compile";
import { parsePortSpec } from "../policy/ports";
import { namespace, netpol, pod, snapshot } from "../policy/fixtures.test-helper";
import { calicoMatrix, CalicoModel } from "../policy/calico/evaluate";
import { COMPARE_LIMITS, CompareLimitError, comparePlugins, comparePluginsSteps, containerPortSpecs, ipamComparison, reachabilityDiff, runStepsPaced } from "./compare";

const NODES: SnapshotNode[] = [
  { name: "cp-1", role: "controlplane", osType: "Linux", ipAddress: "172.16.10.2", podCidrs: ["10.244.0.0/24"], labels: {} },
  { name: "lin-1", role: "worker", osType: "Linux", ipAddress: "172.16.10.3", podCidrs: ["10.244.1.0/24"], labels: {} },
  { name: "lin-2", role: "worker", osType: "Linux", ipAddress: "172.16.10.4", podCidrs: ["10.244.2.0/24"], labels: {} },
  { name: "lb-1", role: "loadbalancer", osType: "Linux", ipAddress: "172.16.10.5", podCidrs: [], labels: {} },
];

function shop(plugin: "calico" | "flannel" = "flannel"): ClusterSnapshot {
  const loaded = snapshotFromManifests(SHOP_CALICO, { name: "demo", primaryNetworkPlugin: plugin, nodes: NODES, expandWorkloads: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.snapshot;
}

const podOf = (s: ClusterSnapshot, prefix: string) => s.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).filter((k) => k.startsWith(prefix)).sort();

describe("reachabilityDiff on the demo shop", () => {
  const s = shop();
  const cmp = comparePlugins(s);

  it("compares on every declared container port by default", () => {
    expect(cmp.diff.ports).toEqual(["80/TCP", "5432/TCP", "8080/TCP"]);
    expect(containerPortSpecs(s).map((p) => `${p.port}/${p.protocol}`)).toEqual(cmp.diff.ports);
    expect(cmp.current).toBe("flannel");
  });

  it("Flannel allows every pair; the changed count is what Calico denies", () => {
    for (const p of cmp.diff.perPort) {
      expect(p.allowedFlannel).toBe(p.pairs);
      expect(p.changed).toBe(p.pairs - p.allowedCalico);
      expect(p.changedReverse).toBe(0);
    }
    expect(cmp.diff.total).toBe(cmp.diff.perPort.reduce((a, p) => a + p.changed, 0));
    expect(cmp.diff.total).toBeGreaterThan(0);
  });

  it("frontend → postgres on 5432 changes, denied by postgres-from-api on the ingress side", () => {
    const [frontend] = podOf(s, "shop/frontend-");
    const [postgres] = podOf(s, "data/postgres");
    const group = cmp.diff.groups.find((g) => g.cells.some((c) => c.from === frontend && c.to === postgres && c.port === "5432/TCP"));
    expect(group?.ingress).toEqual(["data/postgres-from-api"]);
    expect(group?.egress).toEqual([]);
  });

  it("api → postgres on 5432 does not change (the policies allow it)", () => {
    const [api] = podOf(s, "shop/api-");
    const [postgres] = podOf(s, "data/postgres");
    const all = cmp.diff.groups.flatMap((g) => g.cells);
    expect(all.some((c) => c.from === api && c.to === postgres && c.port === "5432/TCP")).toBe(false);
  });

  it("api → catalog on 8080 is denied on both sides: api-egress and catalog's ingress policies", () => {
    const [api] = podOf(s, "shop/api-");
    const [catalog] = podOf(s, "shop/catalog-");
    const group = cmp.diff.groups.find((g) => g.cells.some((c) => c.from === api && c.to === catalog && c.port === "8080/TCP"));
    expect(group?.egress).toEqual(["shop/api-egress"]);
    expect(group?.ingress).toEqual(["shop/allow-backend-from-web", "shop/default-deny-ingress"]);
  });

  it("every listed cell agrees with the engine's explanation under Calico (side by side)", () => {
    const index = compilePolicies({ ...s, primaryNetworkPlugin: "calico" });
    for (const g of cmp.diff.groups) {
      for (const c of g.cells) {
        const e = explain(index, c.from, c.to, parsePortSpec(c.port));
        expect(e.allowed).toBe(false);
        expect(g.ingress.length > 0).toBe(e.ingress.isolated && e.ingress.allowedBy.length === 0);
        expect(g.egress.length > 0).toBe(e.egress.isolated && e.egress.allowedBy.length === 0);
        if (g.ingress.length) expect(g.ingress).toEqual([...e.ingress.isolatingPolicies].sort());
      }
    }
  });

  it("recommends Calico with the diff, the ignored policies and the retirement among the reasons", () => {
    const ids = cmp.recommendation.reasons.map((r) => r.id);
    expect(cmp.recommendation.plugin).toBe("calico");
    expect(ids).toEqual(expect.arrayContaining(["default", "retired", "diff", "policiesIgnored", "immutable"]));
    expect(cmp.recommendation.reasons.find((r) => r.id === "policiesIgnored")?.values.count).toBe(5);
  });

  it("lists the features that stop working and the pod → VM trace that changes", () => {
    expect(cmp.lost.find((l) => l.feature === "networkPolicy")?.objects).toHaveLength(5);
    expect(cmp.lost.find((l) => l.feature === "ipv6")?.objects).toEqual([]);
    const vm = cmp.traces.find((t) => t.path === "podToVmSameNetwork")!;
    expect([vm.flannel, vm.calico]).toEqual([false, true]);
    expect(vm.examples.map((e) => e.ipAddress)).toContain("172.16.10.5");
  });

  it("a cluster without policies has no diff", () => {
    const plain = { ...s, networkPolicies: [] };
    expect(comparePlugins(plain).diff.total).toBe(0);
  });
});

describe("limits", () => {
  it("refuses more ports than the limit, naming it", () => {
    const ports = Array.from({ length: COMPARE_LIMITS.ports + 1 }, (_, i) => ({ port: 1000 + i, protocol: "TCP" as const }));
    expect(() => reachabilityDiff(snapshot({}), ports)).toThrow(CompareLimitError);
    expect(() => reachabilityDiff(snapshot({}), ports)).toThrow(/ports/);
  });
  it("truncates the listed cells of a group but keeps the count", () => {
    const pods = Array.from({ length: 30 }, (_, i) => pod(`x/p${String(i).padStart(2, "0")}`, { ip: `10.0.0.${i + 1}` }));
    const s = snapshot({ namespaces: [namespace("x")], pods, policies: [netpol("x/deny", { podSelector: {}, policyTypes: ["Ingress"] })] });
    const d = reachabilityDiff(s, [{ port: 80, protocol: "TCP" }]);
    expect(d.total).toBe(30 * 29);
    expect(d.groups).toHaveLength(1);
    expect(d.groups[0].count).toBe(870);
    expect(d.groups[0].cells).toHaveLength(COMPARE_LIMITS.cellsPerGroup);
    expect(d.groups[0].truncated).toBe(true);
  });
  it("refuses more pods than comparePods (5,000 by default, HCINET_MAX_COMPARE_PODS), naming the limit", () => {
    expect(COMPARE_LIMITS.pods).toBe(5000);
    const old = process.env.HCINET_MAX_COMPARE_PODS;
    process.env.HCINET_MAX_COMPARE_PODS = "29";
    try {
      const pods = Array.from({ length: 30 }, (_, i) => pod(`x/p${i}`, { ip: `10.0.0.${i + 1}` }));
      const s = snapshot({ namespaces: [namespace("x")], pods });
      expect(() => reachabilityDiff(s, [{ port: 80, protocol: "TCP" }])).toThrow(/^pods: 30 is over the limit of 29/);
      // with Calico's own policies the same cap applies
      const calico = { ...s, others: [{ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "deny" }, spec: { selector: "all()", ingress: [{ action: "Deny" }] } }] };
      expect(() => reachabilityDiff(calico, [{ port: 80, protocol: "TCP" }])).toThrow(/^pods: 30 is over the limit of 29/);
    } finally {
      if (old === undefined) delete process.env.HCINET_MAX_COMPARE_PODS;
      else process.env.HCINET_MAX_COMPARE_PODS = old;
    }
  });
  it("lists the largest groups only and counts the others; every count stays exact", () => {
    // one isolating policy per pod: every destination is its own group
    const n = COMPARE_LIMITS.groupsListed + 20;
    const pods = Array.from({ length: n }, (_, i) => pod(`x/p${String(i).padStart(4, "0")}`, { ip: `10.0.${i >> 8}.${(i & 255) + 1}`, labels: { id: `p${i}` } }));
    const policies = pods.map((_, i) => netpol(`x/only-${i}`, { podSelector: { matchLabels: { id: `p${i}` } }, policyTypes: ["Ingress"] }));
    const s = snapshot({ namespaces: [namespace("x")], pods, policies });
    const d = reachabilityDiff(s, [{ port: 80, protocol: "TCP" }]);
    expect(d.total).toBe(n * (n - 1));
    expect(d.groups).toHaveLength(COMPARE_LIMITS.groupsListed);
    expect(d.groupsOmitted).toBe(20);
    expect(d.groups.every((g) => g.count === n - 1 && g.ingress.length === 1)).toBe(true);
    // cells are kept for a bounded number of groups; a group without them says so
    const kept = d.groups.filter((g) => g.cells.length > 0);
    expect(kept.length).toBeLessThanOrEqual(COMPARE_LIMITS.groupsWithCells);
    for (const g of d.groups) expect(g.truncated).toBe(g.cells.length < g.count);
  });
});

describe("paced comparison (the API's way)", () => {
  it("hands the event loop back between steps and answers exactly what the unpaced run answers", async () => {
    const pods = Array.from({ length: 300 }, (_, i) => pod(`x/p${String(i).padStart(3, "0")}`, { ip: `10.0.${i >> 8}.${(i & 255) + 1}`, labels: { tier: i % 3 === 0 ? "web" : "db" } }));
    const s = snapshot({
      namespaces: [namespace("x")],
      pods,
      policies: [netpol("x/db", { podSelector: { matchLabels: { tier: "db" } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: "web" } } }] }] })],
    });
    let paces = 0;
    const paced = await runStepsPaced(comparePluginsSteps(s, [{ port: 80, protocol: "TCP" }]), () => {
      paces++;
      return new Promise<void>((resolve) => setImmediate(resolve));
    });
    expect(paces).toBeGreaterThan(300 / 64);
    expect(paced).toEqual(comparePlugins(s, [{ port: 80, protocol: "TCP" }]));
    expect(paced.diff.total).toBeGreaterThan(0);
  });
});

describe("ipamComparison", () => {
  it("Flannel reserves a /24 per node, Calico /26 blocks on demand with a tunnel address per node", () => {
    const s: ClusterSnapshot = {
      ...snapshot({}),
      nodes: NODES,
      pods: [
        ...Array.from({ length: 70 }, (_, i) => ({ ...pod(`x/a${i}`), spec: { nodeName: "lin-1", containers: [{ name: "c" }] } })),
        ...Array.from({ length: 5 }, (_, i) => ({ ...pod(`x/b${i}`), spec: { nodeName: "lin-2", containers: [{ name: "c" }] } })),
        { ...pod("x/host"), spec: { nodeName: "lin-2", hostNetwork: true, containers: [{ name: "c" }] } },
      ],
    };
    const ipam = ipamComparison(s);
    expect(ipam.nodes).toBe(3); // the load-balancer VM gets no pod range
    expect(ipam.pods).toBe(75); // hostNetwork pods use the node's address
    expect(ipam.flannel).toMatchObject({ blockPrefixLength: 24, blocks: 3, reserved: 768, used: 75, poolBlocks: 256, nodesThatFit: 253, podsThatFit: 3 * 253 - 75 });
    // cp-1: 1 block (tunnel); lin-1: 71 addresses → 2 blocks; lin-2: 6 → 1 block
    expect(ipam.calico).toMatchObject({ blockPrefixLength: 26, blocks: 4, reserved: 256, used: 78, poolBlocks: 1024, nodesThatFit: 1020, podsThatFit: 65536 - 78 });
  });
});

describe("with Calico's own policies", () => {
  it("the Calico side is Calico's tiered verdict; cells are grouped by the deciding policy or tier default", () => {
    const s = shop();
    const gnp = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "deny-admin-egress" },
      spec: { order: 10, selector: "app == 'admin'", egress: [{ action: "Deny" }] },
    };
    const withCalico = { ...s, others: [...s.others, gnp] };
    const d = reachabilityDiff(withCalico, [parsePortSpec("80/TCP")]);
    const model = new CalicoModel({ ...withCalico, primaryNetworkPlugin: "calico" });
    const expected = calicoMatrix(model, parsePortSpec("80/TCP"));
    const denied = expected.flat().filter((v) => !v).length;
    expect(d.total).toBe(denied);
    const [admin] = podOf(s, "shop/admin-");
    const [ingress] = podOf(s, "ingress-nginx/");
    const g = d.groups.find((x) => x.cells.some((c) => c.from === admin && c.to === ingress));
    expect(g?.egress).toEqual(["deny-admin-egress"]);
    // without Calico policies a pod in ingress-nginx is reachable by admin on 80 (nothing isolates it)
    expect(comparePlugins(s, [parsePortSpec("80/TCP")]).diff.groups.some((x) => x.cells.some((c) => c.from === admin && c.to === ingress))).toBe(false);
    expect(comparePlugins(withCalico).lost.find((l) => l.feature === "calicoPolicy")?.objects).toEqual(["GlobalNetworkPolicy deny-admin-egress"]);
  });
});

describe("lostFeatures: dual-stack (IPv6: Flannel No, Calico Yes)", () => {
  it("lists the cluster's IPv6 ranges, Services holding or requiring IPv6 and pods with an IPv6 address; not a PreferDualStack Service that fell back to IPv4", async () => {
    const { lostFeatures } = await import("./compare");
    const s = shop("calico");
    Object.assign(s, { ipFamilies: ["IPv4", "IPv6"], podCidrV6: "fd00:10:244::/56", serviceCidrV6: "fd00:10:96::/112" });
    const base = { apiVersion: "v1", kind: "Service" as const };
    s.services.push(
      { ...base, metadata: { name: "dual", namespace: "shop" }, spec: { ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4", "IPv6"], clusterIP: "10.96.1.1", clusterIPs: ["10.96.1.1", "fd00:10:96::101"] } },
      { ...base, metadata: { name: "fellback", namespace: "shop" }, spec: { ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4"], clusterIP: "10.96.1.2", clusterIPs: ["10.96.1.2"] } },
      { ...base, metadata: { name: "v6only", namespace: "shop" }, spec: { ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"], clusterIP: "fd00:10:96::102", clusterIPs: ["fd00:10:96::102"] } },
    );
    const p = s.pods[0];
    p.status = { ...p.status, podIPs: [{ ip: p.status!.podIP! }, { ip: "fd00:10:244::1" }] };
    const ipv6 = lostFeatures(s).find((l) => l.feature === "ipv6")!.objects;
    expect(ipv6).toEqual([
      "IPv6 pod range fd00:10:244::/56, IPv6 service range fd00:10:96::/112",
      "Service shop/dual",
      "Service shop/v6only",
      `Pod ${p.metadata.namespace}/${p.metadata.name}`,
    ]);
  });
});
