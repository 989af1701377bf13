/**
 * Property-based tests: the indexed engine against the naive reference evaluator on thousands of random small
 * clusters (namespaces x/y/z, pods a/b/c with random labels, IPs and named container ports; random policies with
 * random selectors, peers, ipBlocks, ports, endPorts, protocols and policyTypes).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesLabelSelector } from "../kube/selectors";
import type {
  ClusterSnapshot,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  Pod,
  PolicyType,
  Protocol,
} from "../kube/types";
import { bitIndices, transposeInto, wordCount } from "./bitset";
import { compilePolicies, matrixGet } from "./compile";
import { explain } from "./explain";
import { reachabilityBitsets, reachabilityMatrix } from "./matrix";
import type { PortSpec } from "./ports";
import { compileSelector } from "./selector";
import { namespace, snapshot } from "./fixtures.test-helper";
import { referenceEgressAllows, referenceIngressAllows, referenceMatrix, referencePods, referencePolicyVerdict } from "./reference.test-helper";

// ---------------------------------------------------------------- generators

const protocols: Protocol[] = ["TCP", "UDP", "SCTP"];
const labelKeys = ["app", "tier", "env"];
const labelValues = ["a", "b", "c"];

const labels = fc.dictionary(fc.constantFrom(...labelKeys), fc.constantFrom(...labelValues), { maxKeys: 3 });

const requirement: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({
    key: fc.constantFrom(...labelKeys),
    operator: fc.constantFrom("In" as const, "NotIn" as const),
    values: fc.uniqueArray(fc.constantFrom(...labelValues), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ key: fc.constantFrom(...labelKeys), operator: fc.constantFrom("Exists" as const, "DoesNotExist" as const) }),
);

const selector: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...labelKeys), fc.constantFrom(...labelValues), { minKeys: 1, maxKeys: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      matchLabels: fc.dictionary(fc.constantFrom(...labelKeys), fc.constantFrom(...labelValues), { maxKeys: 1 }),
      matchExpressions: fc.array(requirement, { maxLength: 2 }),
    }),
  },
);

/** IPs: 10.0.<0-1>.<0-7>, sometimes an IPv6 address, sometimes none. */
const podIp = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 7 })).map(([a, b]) => `10.0.${a}.${b}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((b) => `fd00::${b}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const cidr = fc.oneof(
  fc.constantFrom("10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.0.0.0/29", "0.0.0.0/0", "fd00::/64", "192.168.0.0/16"),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 7 }), fc.constantFrom(30, 31, 32)).map(([a, b, p]) => `10.0.${a}.${b}/${p}`),
);

const portNames = ["http", "dns", "metrics"];
const portNumbers = [53, 79, 80, 81];

const containerPorts = fc.uniqueArray(
  fc.record({ name: fc.constantFrom(...portNames), containerPort: fc.constantFrom(...portNumbers), protocol: fc.constantFrom(...protocols) }),
  { maxLength: 3, selector: (p) => p.name },
);

const policyPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constantFrom(...protocols) }, { requiredKeys: [] }),
  fc.record({ port: fc.constantFrom(...portNumbers), protocol: fc.constantFrom(...protocols) }, { requiredKeys: ["port"] }),
  fc
    .record({ port: fc.constantFrom(...portNumbers), span: fc.integer({ min: 0, max: 2 }), protocol: fc.constantFrom(...protocols) }, { requiredKeys: ["port", "span"] })
    .map(({ port, span, protocol }) => ({ port, endPort: port + span, ...(protocol ? { protocol } : {}) })),
  fc.record({ port: fc.constantFrom(...portNames, "nope"), protocol: fc.constantFrom(...protocols) }, { requiredKeys: ["port"] }),
);

const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: selector }),
  fc.record({ podSelector: selector, namespaceSelector: selector }),
  fc.record({ ipBlock: fc.record({ cidr, except: fc.array(cidr, { maxLength: 2 }) }, { requiredKeys: ["cidr"] }) }),
);

/** Absent, empty, or a list: the three forms have different meanings for `from`/`to`/`ports`. */
function optionalList<T>(item: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[] | undefined> {
  return fc.oneof(fc.constant(undefined), fc.constant([] as T[]), fc.array(item, { minLength: 1, maxLength: max }));
}

const ingressRule: fc.Arbitrary<NetworkPolicyIngressRule> = fc
  .record({ from: optionalList(peer, 3), ports: optionalList(policyPort, 2) })
  .map(({ from, ports }) => ({ ...(from ? { from } : {}), ...(ports ? { ports } : {}) }));
const egressRule: fc.Arbitrary<NetworkPolicyEgressRule> = fc
  .record({ to: optionalList(peer, 3), ports: optionalList(policyPort, 2) })
  .map(({ to, ports }) => ({ ...(to ? { to } : {}), ...(ports ? { ports } : {}) }));

const policyTypes: fc.Arbitrary<PolicyType[] | undefined> = fc.constantFrom(
  undefined,
  [],
  ["Ingress"] as PolicyType[],
  ["Egress"] as PolicyType[],
  ["Ingress", "Egress"] as PolicyType[],
);

const policySpec = fc.record({
  namespace: fc.constantFrom("x", "y", "z"),
  podSelector: selector,
  policyTypes,
  ingress: optionalList(ingressRule, 3),
  egress: optionalList(egressRule, 3),
});

const podSpec = fc.record({ labels, ip: podIp, ports: containerPorts, hostNetwork: fc.boolean() });

/** Random clusters: namespaces of minPods..maxPods pods (x at least 1; pods a, b, c, then p3, p4, …). */
function clusterOf(minPods: number, maxPods: number, maxPolicies: number): fc.Arbitrary<ClusterSnapshot> {
  return fc
  .record({
    // z is sometimes not declared: it then exists implicitly with only kubernetes.io/metadata.name.
    namespaces: fc.record({ x: labels, y: labels, z: fc.option(labels, { nil: undefined }) }),
    pods: fc.record({
      x: fc.array(podSpec, { minLength: Math.max(1, minPods), maxLength: maxPods }),
      y: fc.array(podSpec, { minLength: minPods, maxLength: maxPods }),
      z: fc.array(podSpec, { minLength: minPods, maxLength: maxPods }),
    }),
    policies: fc.array(policySpec, { maxLength: maxPolicies }),
    plugin: fc.constantFrom("calico" as const, "calico" as const, "calico" as const, "flannel" as const),
  })
  .map(({ namespaces, pods, policies, plugin }) => {
    const podObjects: Pod[] = Object.entries(pods).flatMap(([ns, list]) =>
      list.map((p, i): Pod => ({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: i < 3 ? "abc"[i] : `p${i}`, namespace: ns, labels: p.labels },
        spec: { containers: [{ name: "main", ports: p.ports }], ...(p.hostNetwork ? { hostNetwork: true } : {}) },
        status: p.ip ? { podIP: p.ip } : {},
      })),
    );
    const policyObjects: NetworkPolicy[] = policies.map((p, i) => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `p${i}`, namespace: p.namespace },
      spec: {
        podSelector: p.podSelector,
        ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
        ...(p.ingress ? { ingress: p.ingress } : {}),
        ...(p.egress ? { egress: p.egress } : {}),
      },
    }));
    return snapshot(
      {
        namespaces: Object.entries(namespaces)
          .filter(([, l]) => l !== undefined)
          .map(([name, l]) => namespace(name, l)),
        pods: podObjects,
        policies: policyObjects,
      },
      plugin,
    );
  });
}

const cluster = clusterOf(0, 3, 5);
/** Clusters of 75 to 180 pods: several 32-bit words per bitset row, so word boundaries and block transposes are exercised. */
const largeCluster = clusterOf(25, 60, 10);

const PORTS: PortSpec[] = [
  { port: 80, protocol: "TCP" },
  { port: 81, protocol: "TCP" },
  { port: 53, protocol: "UDP" },
  { port: 80, protocol: "SCTP" },
  { port: 79, protocol: "UDP" },
];

/** Fewer ports on the large clusters: the naive reference is quadratic in pods. */
const LARGE_PORTS: PortSpec[] = [PORTS[0], PORTS[2]];

// ---------------------------------------------------------------- properties

describe("engine vs naive reference (random clusters)", () => {
  it("reachability matrices agree on every pair and port", () => {
    fc.assert(
      fc.property(cluster, (snap) => {
        const engine = reachabilityMatrix(snap, PORTS);
        const reference = referenceMatrix(snap, PORTS);
        expect(engine.pods).toEqual(reference.pods);
        expect(engine.plugin).toBe(snap.primaryNetworkPlugin);
        expect(engine.matrices).toEqual(reference.matrices);
      }),
      { numRuns: 3000 },
    );
  });

  it("reachability matrices agree on larger clusters (multi-word bitsets), also after incremental updates", () => {
    fc.assert(
      fc.property(largeCluster, fc.array(policySpec, { minLength: 1, maxLength: 3 }), (snap, extra) => {
        const calico = { ...snap, primaryNetworkPlugin: "calico" as const };
        const index = compilePolicies(calico);
        expect(reachabilityMatrix(index, LARGE_PORTS).matrices).toEqual(referenceMatrix(calico, LARGE_PORTS).matrices);
        const added: NetworkPolicy[] = extra.map((p, i) => ({
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: `extra${i}`, namespace: p.namespace },
          spec: { podSelector: p.podSelector, ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}), ...(p.ingress ? { ingress: p.ingress } : {}), ...(p.egress ? { egress: p.egress } : {}) },
        }));
        for (const p of added) index.addPolicy(p);
        expect(reachabilityMatrix(index, LARGE_PORTS).matrices).toEqual(referenceMatrix({ ...calico, networkPolicies: [...calico.networkPolicies, ...added] }, LARGE_PORTS).matrices);
        index.removePolicy(`${added[0].metadata.namespace}/${added[0].metadata.name}`);
        expect(reachabilityMatrix(index, LARGE_PORTS).matrices).toEqual(
          referenceMatrix({ ...calico, networkPolicies: [...calico.networkPolicies, ...added.slice(1)] }, LARGE_PORTS).matrices,
        );
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it("explain agrees with the reference on each side and on the verdict", () => {
    fc.assert(
      fc.property(cluster, fc.nat(), fc.nat(), fc.constantFrom(...PORTS), (snap, i, j, spec) => {
        const pods = referencePods(snap);
        const from = pods[i % pods.length];
        const to = pods[j % pods.length];
        const key = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
        const e = explain(snap, key(from), key(to), spec);
        const verdict = referencePolicyVerdict(snap, from, to, spec);
        const ingressOk = !e.ingress.isolated || e.ingress.allowedBy.length > 0;
        const egressOk = !e.egress.isolated || e.egress.allowedBy.length > 0;
        expect(ingressOk).toBe(referenceIngressAllows(snap, from, to, spec));
        expect(egressOk).toBe(referenceEgressAllows(snap, from, to, spec));
        if (snap.primaryNetworkPlugin === "flannel") {
          expect(e).toMatchObject({ allowed: true, enforced: false, wouldBe: verdict });
        } else {
          expect(e.allowed).toBe(verdict);
          expect(e.enforced).toBe(true);
          expect(e.wouldBe).toBeUndefined();
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("per-pod isolating policies (policyGroups) agree with selecting each policy by definition", () => {
    fc.assert(
      fc.property(cluster, (snap) => {
        const index = compilePolicies(snap);
        const byPod = new Map(index.policyGroups().flatMap((g) => g.pods.map((p) => [p, g] as const)));
        for (const pod of referencePods(snap)) {
          const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
          const selecting = snap.networkPolicies.filter(
            (p) => p.metadata.namespace === pod.metadata.namespace && matchesLabelSelector(p.spec.podSelector, pod.metadata.labels ?? {}),
          );
          const types = (p: NetworkPolicy) => (p.spec.policyTypes?.length ? p.spec.policyTypes : p.spec.egress?.length ? ["Ingress", "Egress"] : ["Ingress"]);
          const keys = (dir: string) => selecting.filter((p) => types(p).includes(dir)).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
          expect(byPod.get(key)).toMatchObject({ ingress: keys("Ingress"), egress: keys("Egress") });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("addPolicy / removePolicy on a compiled index give the same matrices as compiling from scratch", () => {
    fc.assert(
      fc.property(cluster, fc.array(policySpec, { minLength: 1, maxLength: 3 }), fc.nat(), (snap, extra, removeAt) => {
        const calico = { ...snap, primaryNetworkPlugin: "calico" as const };
        const index = compilePolicies(calico);
        for (const spec of PORTS) index.policyMatrix(spec); // cached matrices are what incremental updates patch
        const added: NetworkPolicy[] = extra.map((p, i) => ({
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: `extra${i}`, namespace: p.namespace },
          spec: { podSelector: p.podSelector, ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}), ...(p.ingress ? { ingress: p.ingress } : {}), ...(p.egress ? { egress: p.egress } : {}) },
        }));
        for (const p of added) index.addPolicy(p);
        let policies = [...calico.networkPolicies, ...added];
        expect(reachabilityMatrix(index, PORTS).matrices).toEqual(referenceMatrix({ ...calico, networkPolicies: policies }, PORTS).matrices);

        const victim = policies[removeAt % policies.length];
        expect(index.removePolicy(`${victim.metadata.namespace}/${victim.metadata.name}`)).toBe(true);
        policies = policies.filter((p) => p !== victim);
        expect(reachabilityMatrix(index, PORTS).matrices).toEqual(referenceMatrix({ ...calico, networkPolicies: policies }, PORTS).matrices);
      }),
      { numRuns: 800 },
    );
  });

  it("bitset rows and boolean matrices are the same data", () => {
    fc.assert(
      fc.property(cluster, (snap) => {
        const bits = reachabilityBitsets(snap, PORTS);
        const bools = reachabilityMatrix(snap, PORTS);
        for (const spec of PORTS) {
          const key = `${spec.port}/${spec.protocol}`;
          const fromBits = bits.matrices[key].map((row) => {
            const set = new Set(bitIndices(row));
            return bits.pods.map((_, j) => set.has(j));
          });
          expect(fromBits).toEqual(bools.matrices[key]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("compiled selectors", () => {
  it("agree with matchesLabelSelector", () => {
    fc.assert(
      fc.property(selector, labels, (sel, l) => {
        expect(compileSelector(sel).matches(l)).toBe(matchesLabelSelector(sel, l));
      }),
      { numRuns: 5000 },
    );
  });

  it("give equal keys to reordered selectors and to no two selectors that select differently", () => {
    const labelSets = fc.sample(labels, { numRuns: 300, seed: 7 });
    fc.assert(
      fc.property(selector, selector, (a, b) => {
        const reordered: LabelSelector = {
          matchLabels: Object.fromEntries(Object.entries(a.matchLabels ?? {}).reverse()),
          matchExpressions: [...(a.matchExpressions ?? [])].reverse().map((r) => ({ ...r, values: r.values ? [...r.values].reverse() : undefined })),
        };
        expect(compileSelector(reordered).key).toBe(compileSelector(a).key);
        const differ = labelSets.some((l) => matchesLabelSelector(a, l) !== matchesLabelSelector(b, l));
        if (differ) expect(compileSelector(a).key).not.toBe(compileSelector(b).key);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("bit matrix transpose", () => {
  it("matches a bit-by-bit transpose for any size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer(), (n, seed) => {
        const w = wordCount(n);
        const input = new Uint32Array(n * w);
        let x = seed | 1;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            if (x & 1) input[i * w + (j >>> 5)] |= 1 << (j & 31);
          }
        }
        const out = new Uint32Array(n * w);
        transposeInto(input, out, n, w);
        const m = { size: n, words: w, data: input };
        const t = { size: n, words: w, data: out };
        const cells = (matrix: typeof m, transposed: boolean) =>
          Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (transposed ? matrixGet(matrix, j, i) : matrixGet(matrix, i, j))));
        expect(cells(t, true)).toEqual(cells(m, false));
      }),
      { numRuns: 200 },
    );
  });
});
