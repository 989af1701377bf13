/**
 * (d) Calico v3 policies at 5,000 pods: the grouped evaluator (lib/policy/calico/fast) against the per-pair one
 * (lib/policy/calico/evaluate, the reference of the property test) on the same cluster in the same run. The per-pair
 * evaluator runs on a time-boxed sample of rows, extrapolated, and its rows are checked against the fast matrix.
 * Also: the Compare diff with Calico policies at its pod limit (COMPARE_LIMITS.pods, 5,000 pods). Part of `npm run bench:policy`
 * (`npm run bench:policy -- --calico` runs only this part).
 */
import { performance } from "node:perf_hooks";
import type { KubeObject } from "../lib/kube/types";
import { CalicoModel } from "../lib/policy/calico/evaluate";
import { calicoBitMatrix } from "../lib/policy/calico/fast";
import type { PortSpec } from "../lib/policy/ports";
import { COMPARE_LIMITS, reachabilityDiff } from "../lib/plugins/compare";
import { syntheticCluster } from "./lib/synthetic-cluster";

export interface SummaryRow {
  figure: string;
  goal: string;
  measured: string;
  pass: boolean;
}

const PORT: PortSpec = { port: 8080, protocol: "TCP" };
const ms = (t: number) => (t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(t < 10 ? 2 : 0)} ms`);

/** A platform tier and per-namespace Calico policies on top of the synthetic cluster's Kubernetes policies. */
function withCalicoPolicies(pods: number, seed: number) {
  const { snapshot } = syntheticCluster({ pods, policies: Math.round(pods / 5), seed });
  const calico = (kind: string, name: string, spec: Record<string, unknown>, namespace?: string): KubeObject => ({ apiVersion: "projectcalico.org/v3", kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec });
  const others: KubeObject[] = [
    calico("Tier", "security", { order: 100 }),
    calico("Tier", "platform", { order: 200, defaultAction: "Pass" }),
    calico("GlobalNetworkPolicy", "security.prod-isolation", {
      tier: "security",
      order: 10,
      namespaceSelector: "env == 'prod'",
      ingress: [{ action: "Deny", source: { namespaceSelector: "env in {'dev','staging'}" } }, { action: "Log", protocol: "TCP", destination: { ports: ["8000:9000"] } }, { action: "Pass" }],
      egress: [{ action: "Pass" }],
    }),
    calico("GlobalNetworkPolicy", "security.dns", { tier: "security", order: 1, selector: "all()", types: ["Egress"], egress: [{ action: "Allow", protocol: "UDP", destination: { ports: [53] } }, { action: "Pass" }] }),
    calico("GlobalNetworkPolicy", "platform.no-db-from-web", { tier: "platform", order: 5, selector: "tier == 'db'", ingress: [{ action: "Deny", source: { selector: "tier == 'web'" } }] }),
  ];
  let i = 0;
  for (const ns of snapshot.namespaces.slice(0, 60)) {
    const name = ns.metadata.name;
    others.push(calico("NetworkPolicy", `calico-${i++}`, { order: 500 + i, selector: "tier in {'api','worker'}", ingress: [{ action: "Allow", protocol: "TCP", source: { selector: "tier == 'web'" }, destination: { ports: ["http"] } }, { action: "Deny", notProtocol: "UDP", source: { notSelector: "has(app)" } }] }, name));
  }
  return { ...snapshot, others: [...snapshot.others, ...others] };
}

export function benchCalico(log: (s?: string) => void): SummaryRow[] {
  const rows: SummaryRow[] = [];
  log("(d) Calico v3 policies (tiers, GlobalNetworkPolicy, NetworkPolicy) with Kubernetes policies, 5,000 pods, 1 port");
  // warm-up (JIT)
  calicoBitMatrix(new CalicoModel(withCalicoPolicies(500, 3)), PORT);
  const snapshot = withCalicoPolicies(5000, 5);
  const calicoCount = snapshot.others.filter((o) => o.apiVersion === "projectcalico.org/v3").length;
  log(`    ${snapshot.pods.length} pods, ${snapshot.networkPolicies.length} Kubernetes policies, ${calicoCount} Calico objects`);
  const t0 = performance.now();
  const model = new CalicoModel(snapshot);
  const t1 = performance.now();
  const m = calicoBitMatrix(model, PORT);
  const t2 = performance.now();
  const fastMs = t2 - t0;
  log(`    grouped: model ${ms(t1 - t0)} + matrix ${ms(t2 - t1)} = ${ms(fastMs)} (${m.groups.egress} egress and ${m.groups.ingress} ingress groups)`);

  // per pair, time-boxed on rows spread over the cluster
  const pods = model.pods();
  const n = pods.length;
  const budget = 6000;
  const start = performance.now();
  let done = 0;
  let mismatches = 0;
  while (done < n && performance.now() - start < budget) {
    const s = (done * 7919) % n;
    for (let d = 0; d < n; d++) {
      const v = model.verdict(pods[s], pods[d], PORT).allowed;
      const f = ((m.rows[s * m.words + (d >>> 5)] >>> (d & 31)) & 1) === 1;
      if (v !== f) mismatches++;
    }
    done++;
  }
  const perRow = (performance.now() - start) / done;
  const naiveMs = perRow * n;
  const ratio = naiveMs / fastMs;
  log(`    per pair: ${done} of ${n} rows in ${ms(perRow * done)} → ${ms(naiveMs)} for the matrix (extrapolated); ${mismatches} mismatches with the grouped matrix`);
  log(`    ratio per-pair / grouped: ${ratio.toFixed(0)}×`);
  rows.push({ figure: "(d) Calico policies 5k pods × 1 port, grouped", goal: "≤ 2 s", measured: ms(fastMs), pass: fastMs <= 2000 });
  rows.push({ figure: "(d) per pair (extrapolated), same cluster", goal: "—", measured: ms(naiveMs), pass: true });
  rows.push({ figure: "(d) speed-up grouped vs per pair", goal: "≥ 100×", measured: `${ratio.toFixed(0)}×`, pass: ratio >= 100 });
  rows.push({ figure: "(d) per-pair sample agrees", goal: "0 mismatches", measured: `${mismatches}`, pass: mismatches === 0 });

  const small = withCalicoPolicies(COMPARE_LIMITS.pods, 9);
  const c0 = performance.now();
  const diff = reachabilityDiff(small, [PORT, { port: 5432, protocol: "TCP" }]);
  const compareMs = performance.now() - c0;
  log(`    Compare diff with Calico policies, ${small.pods.length} pods × 2 ports: ${ms(compareMs)} (${diff.total} changed cells in ${diff.groups.length} groups)`);
  rows.push({ figure: `(d) Compare diff, Calico policies, ${small.pods.length} pods × 2 ports`, goal: "≤ 5 s", measured: ms(compareMs), pass: compareMs <= 5000 });
  log();
  return rows;
}

if (process.argv[1]?.endsWith("bench/calico.ts")) {
  const out = (s = "") => process.stdout.write(s + "\n");
  for (const r of benchCalico(out)) out(`  ${r.figure.padEnd(54)}  ${r.goal.padEnd(13)}  ${r.measured.padEnd(10)}  ${r.pass ? "PASS" : "MISS"}`);
}
