/**
 * Property: on random clusters with random Calico v3 policies (tiers, orders, default actions, every action, selectors,
 * notSelector, namespace and service-account selectors, nets, ports, protocols) and random Kubernetes policies, the
 * grouped evaluator (./fast.ts) agrees with the per-pair evaluator (./evaluate.ts) cell for cell, and the side it
 * blames for a denied cell is the one the per-pair verdict names.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubeObject, NetworkPolicy, Pod } from "../../kube/types";
import { testBit } from "../bitset";
import { namespace, netpol, pod, snapshot } from "../fixtures.test-helper";
import { parsePortSpec, type PortSpec } from "../ports";
import { calicoMatrix, CalicoModel } from "./evaluate";
import { CalicoFastPort } from "./fast";
import type { CalicoRule, EntityRule } from "./types";

const sel = fc.constantFrom("app == 'a'", "app != 'a'", "has(tier)", "!has(tier)", "all()", "tier in {'a','b'}", "app == 'a' && tier == 'b'", "app == 'b' || tier == 'a'", "");
const nsSel = fc.constantFrom("ns == 'x'", "all()", "global()", "projectcalico.org/name == 'y'");
const entity: fc.Arbitrary<EntityRule> = fc
  .record(
    {
      selector: sel,
      notSelector: sel,
      namespaceSelector: nsSel,
      serviceAccounts: fc.oneof(fc.record({ names: fc.constant(["sa1"]) }), fc.record({ selector: fc.constant("team == 'blue'") })),
      nets: fc.constantFrom(["10.0.0.0/30"], ["10.0.0.4/31", "10.0.0.8/29"]),
      notNets: fc.constantFrom(["10.0.0.1/32"]),
      ports: fc.constantFrom([80], ["80:90"], ["http"], [53]),
      notPorts: fc.constantFrom([81], ["http"]),
    },
    { requiredKeys: [] },
  )
  .map((raw) => {
    const e = JSON.parse(JSON.stringify(raw)) as EntityRule;
    if (e.notSelector === "") delete e.notSelector;
    return e;
  });
const rule: fc.Arbitrary<CalicoRule> = fc
  .record(
    {
      action: fc.constantFrom("Allow", "Deny", "Log", "Pass"),
      protocol: fc.constantFrom("TCP", "UDP", 6),
      notProtocol: fc.constantFrom("UDP"),
      source: entity.map((e) => ({ ...e, ports: undefined, notPorts: undefined })),
      destination: entity,
    },
    { requiredKeys: ["action"] },
  )
  .map((r) => {
    // numeric ports need a protocol (as the validator demands); drop them otherwise
    const d = r.destination;
    if (d && r.protocol === undefined) {
      if (d.ports?.some((p) => typeof p === "number" || /^\d/.test(String(p)))) delete d.ports;
      if (d.notPorts?.some((p) => typeof p === "number")) delete d.notPorts;
    }
    for (const side of [r.source, r.destination]) if (side) for (const k of Object.keys(side) as (keyof EntityRule)[]) if (side[k] === undefined) delete side[k];
    return r as CalicoRule;
  });

const calicoPolicy = (i: number): fc.Arbitrary<KubeObject> =>
  fc
    .record({
      global: fc.boolean(),
      ns: fc.constantFrom("x", "y"),
      tier: fc.constantFrom("default", "t1", "t2"),
      order: fc.option(fc.constantFrom(1, 10, 1000, 5000), { nil: undefined }),
      selector: sel,
      types: fc.option(fc.subarray(["Ingress", "Egress"] as const, { minLength: 1 }), { nil: undefined }),
      ingress: fc.array(rule, { maxLength: 3 }),
      egress: fc.array(rule, { maxLength: 3 }),
    })
    .map((p) => ({
      apiVersion: "projectcalico.org/v3",
      kind: p.global ? "GlobalNetworkPolicy" : "NetworkPolicy",
      metadata: { name: p.tier === "default" ? `p${i}` : `${p.tier}.p${i}`, ...(p.global ? {} : { namespace: p.ns }) },
      spec: { tier: p.tier, ...(p.order !== undefined ? { order: p.order } : {}), selector: p.selector, ...(p.types ? { types: [...p.types] } : {}), ingress: p.ingress, egress: p.egress },
    }));

const k8sPolicy = (i: number): fc.Arbitrary<NetworkPolicy> =>
  fc
    .record({ ns: fc.constantFrom("x", "y"), app: fc.constantFrom("a", "b"), port: fc.constantFrom(80, "http"), egress: fc.boolean() })
    .map((p) =>
      netpol(`${p.ns}/k${i}`, {
        podSelector: { matchLabels: { app: p.app } },
        ingress: [{ from: [{ podSelector: { matchLabels: { tier: "a" } } }], ports: [{ port: p.port, protocol: "TCP" }] }],
        ...(p.egress ? { policyTypes: ["Ingress", "Egress"], egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: "x" } } }] }] } : {}),
      }),
    );

const tierObjects = fc.record({ t1: fc.option(fc.constantFrom(5, 2_000_000), { nil: undefined }), t2: fc.option(fc.constantFrom(7, 100), { nil: undefined }), pass1: fc.boolean(), pass2: fc.boolean() }).map((t) => [
  { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "t1" }, spec: { ...(t.t1 !== undefined ? { order: t.t1 } : {}), ...(t.pass1 ? { defaultAction: "Pass" } : {}) } },
  { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "t2" }, spec: { ...(t.t2 !== undefined ? { order: t.t2 } : {}), ...(t.pass2 ? { defaultAction: "Pass" } : {}) } },
]);

const cluster = fc
  .record({
    pods: fc.array(fc.record({ ns: fc.constantFrom("x", "y"), app: fc.constantFrom("a", "b", undefined), tier: fc.constantFrom("a", "b", undefined), sa: fc.constantFrom("sa1", "sa2"), named: fc.boolean() }), { minLength: 1, maxLength: 12 }),
    calico: fc.integer({ min: 0, max: 5 }),
    k8s: fc.integer({ min: 0, max: 3 }),
    tiers: tierObjects,
  })
  .chain((c) =>
    fc.tuple(fc.constant(c), fc.tuple(...Array.from({ length: c.calico }, (_, i) => calicoPolicy(i))), fc.tuple(...Array.from({ length: c.k8s }, (_, i) => k8sPolicy(i)))),
  )
  .map(([c, calico, k8s]) => {
    const pods: Pod[] = c.pods.map((p, i) => {
      const labels: Record<string, string> = {};
      if (p.app) labels.app = p.app;
      if (p.tier) labels.tier = p.tier;
      const x = pod(`${p.ns}/pod${i}`, { labels, ip: `10.0.0.${i + 1}`, ports: p.named ? [{ name: "http", containerPort: 80, protocol: "TCP" }] : [] });
      x.spec = { ...x.spec, serviceAccountName: p.sa };
      return x;
    });
    const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa1", namespace: "x", labels: { team: "blue" } } };
    return { ...snapshot({ namespaces: [namespace("x", { ns: "x" }), namespace("y", { ns: "y" })], pods, policies: k8s as NetworkPolicy[] }), others: [...c.tiers, ...calico, sa] as KubeObject[] };
  });

const PORTS: PortSpec[] = ["80/TCP", "85/TCP", "53/UDP"].map(parsePortSpec);

describe("Calico fast path (property)", () => {
  it("agrees with the per-pair evaluator cell for cell on random clusters with random Calico and Kubernetes policies", () => {
    let denied = 0;
    let allowed = 0;
    fc.assert(
      fc.property(cluster, (s) => {
        const model = new CalicoModel(s);
        const pods = model.pods();
        for (const spec of PORTS) {
          const naive = calicoMatrix(model, spec);
          const fast = new CalicoFastPort(model, spec, true);
          const m = fast.matrix();
          const blame = fast.blame();
          for (let i = 0; i < pods.length; i++)
            for (let j = 0; j < pods.length; j++) {
              const cell = testBit(m.rows.subarray(i * m.words, (i + 1) * m.words), j);
              expect(cell, `${pods[i]} → ${pods[j]} ${spec.port}/${spec.protocol}`).toBe(naive[i][j]);
              if (cell) allowed++;
              else denied++;
              if (i === j || cell) continue;
              const v = model.verdict(pods[i], pods[j], spec);
              const name = (d: typeof v.ingress) => (d.allowed ? -1 : d.by === "rule" ? d.policy : `tier ${d.tier} (default action)`);
              const eg = blame.egress(i)[j];
              const ing = blame.ingress(j)[i];
              expect(eg === -1 ? -1 : blame.names[eg]).toBe(name(v.egress));
              expect(ing === -1 ? -1 : blame.names[ing]).toBe(name(v.ingress));
            }
        }
      }),
      { numRuns: 150 },
    );
    // both verdicts occur often enough for the agreement to mean something
    expect(denied).toBeGreaterThan(300);
    expect(allowed).toBeGreaterThan(300);
  });
});
