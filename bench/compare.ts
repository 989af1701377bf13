/**
 * `npm run bench:compare`: the Flannel vs Calico comparison (lib/plugins/compare) on synthetic clusters of 2,000, 5,000
 * and 10,000 pods (Kubernetes policies; and Calico v3 policies at 5,000), every declared container port (4), and in
 * the same run the way it was computed before (per cell: the isolating policies of both sides looked up, sorted and
 * joined into a string key, every cell of every group kept), time-boxed on a sample of rows and extrapolated. Prints
 * the answer time, the memory it took, the longest step between two hand-backs of the event loop (the API runs it
 * paced), and the ratio. 10,000 pods is beyond the cap (HCINET_MAX_COMPARE_PODS is raised here to measure it).
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { comparePlugins, comparePluginsSteps, containerPortSpecs, reachabilityDiff, type DiffGroup } from "../lib/plugins/compare";
import { limits } from "../lib/limits";
import { compilePolicies, effectivePolicyTypes } from "../lib/policy/compile";
import { enforcedMatrix } from "../lib/policy/matrix";
import { portKey, type PortSpec } from "../lib/policy/ports";
import type { ClusterSnapshot, KubeObject, NetworkPolicy, PolicyType } from "../lib/kube/types";
import { syntheticCluster } from "./lib/synthetic-cluster";

const CAP = limits.comparePods.max;
process.env.HCINET_MAX_COMPARE_PODS = "20000";
const out = (s = "") => process.stdout.write(s + "\n");
const ms = (t: number) => (t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(0)} ms`);
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;

function cluster(pods: number, calico = false): ClusterSnapshot {
  const { snapshot } = syntheticCluster({ pods, policies: Math.round(pods / 5), seed: 11 });
  if (!calico) return snapshot;
  const obj = (kind: string, name: string, spec: Record<string, unknown>, namespace?: string): KubeObject => ({ apiVersion: "projectcalico.org/v3", kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec });
  const others: KubeObject[] = [
    obj("Tier", "security", { order: 100 }),
    obj("GlobalNetworkPolicy", "security.prod-isolation", { tier: "security", order: 10, namespaceSelector: "env == 'prod'", ingress: [{ action: "Deny", source: { namespaceSelector: "env in {'dev','staging'}" } }, { action: "Pass" }], egress: [{ action: "Pass" }] }),
    obj("GlobalNetworkPolicy", "no-db-from-web", { order: 5, selector: "tier == 'db'", ingress: [{ action: "Deny", source: { selector: "tier == 'web'" } }] }),
  ];
  snapshot.namespaces.slice(0, 60).forEach((ns, i) => others.push(obj("NetworkPolicy", `calico-${i}`, { order: 500 + i, selector: "tier in {'api','worker'}", ingress: [{ action: "Allow", protocol: "TCP", source: { selector: "tier == 'web'" } }, { action: "Deny" }] }, ns.metadata.name)));
  return { ...snapshot, others: [...snapshot.others, ...others] };
}

/** One comparison: unpaced time, heap growth, and paced: the longest synchronous step and the number of steps. */
function measure(s: ClusterSnapshot): { ms: number; heap: number; rss: number; longestStep: number; steps: number; total: number; groups: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cmp = comparePlugins(s);
  const t = performance.now() - t0;
  const heap = process.memoryUsage().heapUsed - heap0;
  const rss = process.memoryUsage().rss;
  // paced as the API runs it: the longest stretch between two yields is how long the event loop is blocked
  const steps = comparePluginsSteps(s);
  let longest = 0;
  let count = 0;
  for (;;) {
    const a = performance.now();
    const r = steps.next();
    longest = Math.max(longest, performance.now() - a);
    count++;
    if (r.done) break;
  }
  return { ms: t, heap, rss, longestStep: longest, steps: count, total: cmp.diff.total, groups: cmp.diff.groups.length + cmp.diff.groupsOmitted };
}

/** The previous computation (before this benchmark): per changed cell, both sides' isolating policies as a string key. */
function naiveRows(s: ClusterSnapshot, ports: readonly PortSpec[], budgetMs: number): { perRowMs: number; rows: number; groups: Map<string, DiffGroup> } {
  const oneSide = (type: PolicyType): ClusterSnapshot => ({
    ...s,
    primaryNetworkPlugin: "calico",
    networkPolicies: s.networkPolicies.filter((p) => effectivePolicyTypes(p).includes(type)).map((p): NetworkPolicy => ({ ...p, spec: { ...p.spec, policyTypes: [type] } })),
  });
  const flannel = compilePolicies({ ...s, primaryNetworkPlugin: "flannel" });
  const calico = compilePolicies({ ...s, primaryNetworkPlugin: "calico" });
  const ingressOnly = compilePolicies(oneSide("Ingress"));
  const egressOnly = compilePolicies(oneSide("Egress"));
  const n = calico.pods.length;
  const pods = [...calico.pods];
  const bit = (m: { data: Uint32Array; words: number }, i: number, j: number) => ((m.data[i * m.words + (j >>> 5)] >>> (j & 31)) & 1) === 1;
  const keys = (i: number, dir: "ingress" | "egress") => calico.isolatingPolicies(i, dir).map((p) => p.key).sort();
  const groups = new Map<string, DiffGroup>();
  const mats = ports.map((spec) => ({ key: portKey(spec), f: enforcedMatrix(flannel, spec), c: enforcedMatrix(calico, spec), ing: enforcedMatrix(ingressOnly, spec), eg: enforcedMatrix(egressOnly, spec) }));
  const start = performance.now();
  let rows = 0;
  while (rows < n && performance.now() - start < budgetMs) {
    const sIdx = (rows * 7919) % n;
    for (const m of mats) {
      for (let d = 0; d < n; d++) {
        if (sIdx === d || !bit(m.f, sIdx, d) || bit(m.c, sIdx, d)) continue;
        const ingress = bit(m.ing, sIdx, d) ? [] : keys(d, "ingress");
        const egress = bit(m.eg, sIdx, d) ? [] : keys(sIdx, "egress");
        const gkey = `${ingress.join(",")}|${egress.join(",")}`;
        let g = groups.get(gkey);
        if (!g) groups.set(gkey, (g = { ingress, egress, policies: [...new Set([...ingress, ...egress])].sort(), count: 0, cells: [], truncated: false }));
        g.count++;
        if (g.cells.length < 200) g.cells.push({ from: pods[sIdx], to: pods[d], port: m.key });
      }
    }
    rows++;
  }
  return { perRowMs: (performance.now() - start) / rows, rows, groups };
}

out(`Compare (Flannel vs Calico) — cap ${CAP} pods (comparePods, HCINET_MAX_COMPARE_PODS); load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
measure(cluster(500)); // warm-up (JIT)
const rows: string[][] = [];
for (const [pods, calico] of [[2000, false], [5000, false], [5000, true], [10000, false]] as const) {
  const s = cluster(pods, calico);
  const ports = containerPortSpecs(s);
  const m = measure(s);
  const label = `${pods} pods × ${ports.length} ports, ${calico ? "Calico v3 + Kubernetes" : "Kubernetes"} policies${pods > CAP ? " (over the cap)" : ""}`;
  out(`  ${label}: ${ms(m.ms)}, heap +${mb(m.heap)} (RSS ${mb(m.rss)}), longest step ${ms(m.longestStep)} of ${m.steps}, ${m.total} changed cells in ${m.groups} groups`);
  let naive = "—";
  let ratio = "—";
  if (!calico) {
    const nv = naiveRows(s, ports, pods >= 10000 ? 4000 : 6000);
    const naiveMs = nv.perRowMs * s.pods.length;
    naive = `${ms(naiveMs)} (${nv.rows} rows)`;
    ratio = `${(naiveMs / m.ms).toFixed(0)}×`;
    // the sampled rows agree: every naive group's count is at most the new one's (the sample is a subset of the rows)
    const now = reachabilityDiff(s, ports);
    const byPolicies = new Map(now.groups.map((g) => [`${g.ingress.join(",")}|${g.egress.join(",")}`, g.count]));
    const sampledTotal = [...nv.groups.values()].reduce((a, g) => a + g.count, 0);
    out(`    before (per cell, string keys, every cell kept): ${ms(nv.perRowMs)} per row → ${ms(naiveMs)} extrapolated (${nv.rows} rows sampled, ${sampledTotal} cells, ${[...nv.groups.keys()].filter((k) => byPolicies.has(k) && byPolicies.get(k)! < nv.groups.get(k)!.count).length} groups over the new count); ratio ${ratio}`);
  }
  rows.push([label, ms(m.ms), mb(m.heap), ms(m.longestStep), naive, ratio]);
}
out();
out("| comparison | answer | heap | longest step (event loop) | before (extrapolated) | ratio |");
out("|---|---|---|---|---|---|");
for (const r of rows) out(`| ${r.join(" | ")} |`);
