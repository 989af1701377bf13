/**
 * Property: on random clusters, the comparison's diff is exactly the engine's Flannel and Calico matrices compared cell
 * by cell (reachabilityMatrix of the snapshot under each plugin), and each cell's group names the denying side(s) as the
 * engine's explanation does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod, PolicyType } from "../kube/types";
import { explain } from "../policy/explain";
import { compilePolicies } from "../policy/compile";
import { reachabilityMatrix } from "../policy/matrix";
import { parsePortSpec, type PortSpec } from "../policy/ports";
import { namespace, netpol, pod, snapshot } from "../policy/fixtures.test-helper";
import { reachabilityDiff } from "./compare";
import { calicoMatrix, CalicoModel } from "../policy/calico/evaluate";

const keys = ["app", "tier"];
const values = ["a", "b"];
const labels = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 });
const selector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { minKeys: 1, maxKeys: 1 }) }),
  fc.constant<LabelSelector>({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }),
);
const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: fc.record({ matchLabels: fc.constantFrom({ ns: "x" }, { ns: "y" }) }) }),
  fc.record({ namespaceSelector: fc.constant({}), podSelector: selector }),
  fc.record({ ipBlock: fc.record({ cidr: fc.constantFrom("10.0.0.0/24", "10.0.0.0/30", "0.0.0.0/0") }) }),
);
const ports: fc.Arbitrary<NetworkPolicyPort[] | undefined> = fc.option(
  fc.array(fc.oneof(fc.record({ port: fc.constantFrom(80, 81, "http"), protocol: fc.constant("TCP" as const) }), fc.record({ port: fc.constant(53), protocol: fc.constant("UDP" as const) })), { minLength: 1, maxLength: 2 }),
  { nil: undefined },
);
const rule = fc.record({ peers: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }), ports });
const policy = (i: number): fc.Arbitrary<NetworkPolicy> =>
  fc
    .record({
      ns: fc.constantFrom("x", "y"),
      podSelector: selector,
      types: fc.option(fc.subarray<PolicyType>(["Ingress", "Egress"], { minLength: 1 }), { nil: undefined }),
      ingress: fc.array(rule, { maxLength: 2 }),
      egress: fc.array(rule, { maxLength: 2 }),
    })
    .map((p) =>
      netpol(`${p.ns}/p${i}`, {
        podSelector: p.podSelector,
        ...(p.types ? { policyTypes: p.types } : {}),
        ingress: p.ingress.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
        egress: p.egress.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
      }),
    );
const cluster = fc
  .record({
    pods: fc.array(fc.record({ ns: fc.constantFrom("x", "y"), labels, named: fc.boolean() }), { minLength: 1, maxLength: 7 }),
    policyCount: fc.integer({ min: 0, max: 4 }),
  })
  .chain(({ pods, policyCount }) =>
    fc.tuple(fc.constant(pods), fc.tuple(...Array.from({ length: policyCount }, (_, i) => policy(i))) as fc.Arbitrary<NetworkPolicy[]>),
  )
  .map(([pods, policies]) => {
    const list: Pod[] = pods.map((p, i) => pod(`${p.ns}/pod${i}`, { labels: p.labels, ip: `10.0.0.${i + 1}`, ports: p.named ? [{ name: "http", containerPort: 80, protocol: "TCP" }] : [] }));
    return snapshot({ namespaces: [namespace("x", { ns: "x" }), namespace("y", { ns: "y" })], pods: list, policies }, "flannel");
  });

const PORTS: PortSpec[] = ["80/TCP", "81/TCP", "53/UDP"].map(parsePortSpec);

describe("reachabilityDiff (property)", () => {
  it("equals the engine's Flannel and Calico matrices compared cell by cell, each cell grouped by its denying sides", () => {
    fc.assert(
      fc.property(cluster, (s) => {
        const diff = reachabilityDiff(s, PORTS);
        const flannel = reachabilityMatrix({ ...s, primaryNetworkPlugin: "flannel" }, PORTS);
        const calico = reachabilityMatrix({ ...s, primaryNetworkPlugin: "calico" }, PORTS);
        const expected = new Set<string>();
        for (const port of Object.keys(calico.matrices)) {
          calico.pods.forEach((from, i) =>
            calico.pods.forEach((to, j) => {
              if (flannel.matrices[port][i][j] && !calico.matrices[port][i][j]) expected.add(`${from} ${to} ${port}`);
            }),
          );
        }
        const actual = new Set(diff.groups.flatMap((g) => g.cells.map((c) => `${c.from} ${c.to} ${c.port}`)));
        expect(actual).toEqual(expected);
        expect(diff.total).toBe(expected.size);
        const index = compilePolicies({ ...s, primaryNetworkPlugin: "calico" });
        for (const g of diff.groups) {
          expect(g.count).toBe(g.cells.length);
          for (const c of g.cells) {
            const e = explain(index, c.from, c.to, c.port);
            expect(g.ingress.length > 0).toBe(e.ingress.isolated && e.ingress.allowedBy.length === 0);
            expect(g.egress.length > 0).toBe(e.egress.isolated && e.egress.allowedBy.length === 0);
            if (g.ingress.length) expect(g.ingress).toEqual([...e.ingress.isolatingPolicies].sort());
            if (g.egress.length) expect(g.egress).toEqual([...e.egress.isolatingPolicies].sort());
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("Calico's tiered model (lib/policy/calico) with Kubernetes policies only agrees with the engine cell by cell", () => {
    fc.assert(
      fc.property(cluster, (s) => {
        const model = new CalicoModel(s);
        const engine = reachabilityMatrix({ ...s, primaryNetworkPlugin: "calico" }, PORTS);
        for (const spec of PORTS) expect(calicoMatrix(model, spec)).toEqual(engine.matrices[`${spec.port}/${spec.protocol}`]);
      }),
      { numRuns: 200 },
    );
  });
});
