/**
 * Naive reference evaluator of `networking.k8s.io/v1` NetworkPolicy, for tests and the benchmark: every question is
 * answered per (source, destination) pair straight from the definitions, with no index, no caching and no bitsets.
 * Label selectors go through lib/kube/selectors (matchesLabelSelector), IP ranges through ipaddr.js, so the engine's
 * own selector compiler and numeric IP ranges are checked against independent code.
 *
 * Modelling decisions it shares with the engine (see lib/policy/compile.ts): namespaces carry
 * `kubernetes.io/metadata.name`; a pod's IPs are status.podIPs + status.podIP; a peer without fields matches nothing;
 * a peer with an ipBlock is judged by it alone; pods, and policies, with the same "namespace/name": the last one wins.
 */
import ipaddr from "ipaddr.js";
import { matchesLabelSelector } from "../kube/selectors";
import type { ClusterSnapshot, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod } from "../kube/types";
import type { PortSpec } from "./ports";

const nsOf = (obj: { metadata: { namespace?: string } }) => obj.metadata.namespace || "default";
const keyOf = (obj: { metadata: { name: string; namespace?: string } }) => `${nsOf(obj)}/${obj.metadata.name}`;

function namespaceLabels(snapshot: ClusterSnapshot, name: string): Record<string, string> {
  const ns = snapshot.namespaces.find((n) => n.metadata.name === name);
  return { ...(ns?.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
}

function policyTypes(policy: NetworkPolicy): string[] {
  const declared = policy.spec.policyTypes;
  if (declared && declared.length > 0) return declared;
  // API defaulting: Ingress always; Egress when there is at least one egress rule.
  return policy.spec.egress && policy.spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function selects(policy: NetworkPolicy, pod: Pod): boolean {
  return nsOf(policy) === nsOf(pod) && matchesLabelSelector(policy.spec.podSelector ?? {}, pod.metadata.labels ?? {});
}

function ipInBlock(ip: string, cidr: string): boolean {
  if (!ipaddr.isValid(ip) || !ipaddr.isValidCIDR(cidr)) return false;
  const addr = ipaddr.parse(ip);
  const range = ipaddr.parseCIDR(cidr);
  return addr.kind() === range[0].kind() && addr.match(range);
}

function peerMatches(snapshot: ClusterSnapshot, policy: NetworkPolicy, peer: NetworkPolicyPeer, pod: Pod): boolean {
  if (peer.ipBlock) {
    const block = peer.ipBlock;
    const ips = [...(pod.status?.podIPs ?? []).map((p) => p.ip), ...(pod.status?.podIP ? [pod.status.podIP] : [])];
    return ips.some((ip) => ipInBlock(ip, block.cidr) && !(block.except ?? []).some((e) => ipInBlock(ip, e)));
  }
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  const namespaceOk = peer.namespaceSelector
    ? matchesLabelSelector(peer.namespaceSelector, namespaceLabels(snapshot, nsOf(pod)))
    : nsOf(pod) === nsOf(policy);
  const podOk = peer.podSelector ? matchesLabelSelector(peer.podSelector, pod.metadata.labels ?? {}) : true;
  return namespaceOk && podOk;
}

/** Do `ports` match the connection's port on `destination` (named ports resolve on the destination's containers)? */
function portsMatch(ports: NetworkPolicyPort[] | undefined, spec: PortSpec, destination: Pod): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== spec.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "number") return spec.port >= p.port && spec.port <= (p.endPort ?? p.port);
    return destination.spec.containers.some((c) =>
      (c.ports ?? []).some((cp) => cp.name === p.port && (cp.protocol ?? "TCP") === spec.protocol && cp.containerPort === spec.port),
    );
  });
}

/** The snapshot with its NetworkPolicies deduplicated by "namespace/name" (the last one wins). */
function withUniquePolicies(snapshot: ClusterSnapshot): ClusterSnapshot {
  return { ...snapshot, networkPolicies: [...new Map(snapshot.networkPolicies.map((p) => [keyOf(p), p])).values()] };
}

/** Does `to`'s ingress side admit `from`? (`snapshot` policies deduplicated) */
function ingressAllows(snapshot: ClusterSnapshot, from: Pod, to: Pod, spec: PortSpec): boolean {
  const isolating = snapshot.networkPolicies.filter((p) => selects(p, to) && policyTypes(p).includes("Ingress"));
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    (policy.spec.ingress ?? []).some(
      (rule) =>
        portsMatch(rule.ports, spec, to) &&
        (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(snapshot, policy, peer, from))),
    ),
  );
}

/** Does `from`'s egress side allow `to`? (`snapshot` policies deduplicated) */
function egressAllows(snapshot: ClusterSnapshot, from: Pod, to: Pod, spec: PortSpec): boolean {
  const isolating = snapshot.networkPolicies.filter((p) => selects(p, from) && policyTypes(p).includes("Egress"));
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    (policy.spec.egress ?? []).some(
      (rule) =>
        portsMatch(rule.ports, spec, to) &&
        (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerMatches(snapshot, policy, peer, to))),
    ),
  );
}

/** What the policies decide for one connection (Calico), ignoring the plugin. (`snapshot` policies deduplicated) */
function verdict(snapshot: ClusterSnapshot, from: Pod, to: Pod, spec: PortSpec): boolean {
  if (keyOf(from) === keyOf(to)) return true;
  return ingressAllows(snapshot, from, to, spec) && egressAllows(snapshot, from, to, spec);
}

/** Does `to`'s ingress side admit `from`? */
export function referenceIngressAllows(snapshot: ClusterSnapshot, from: Pod, to: Pod, spec: PortSpec): boolean {
  return ingressAllows(withUniquePolicies(snapshot), from, to, spec);
}

/** Does `from`'s egress side allow `to`? */
export function referenceEgressAllows(snapshot: ClusterSnapshot, from: Pod, to: Pod, spec: PortSpec): boolean {
  return egressAllows(withUniquePolicies(snapshot), from, to, spec);
}

/** What the policies decide for one connection (Calico), ignoring the plugin. */
export function referencePolicyVerdict(snapshot: ClusterSnapshot, from: Pod, to: Pod, spec: PortSpec): boolean {
  return verdict(withUniquePolicies(snapshot), from, to, spec);
}

/** The snapshot's pods, deduplicated by "namespace/name" (last wins) and sorted. */
export function referencePods(snapshot: ClusterSnapshot): Pod[] {
  const byKey = new Map<string, Pod>();
  for (const p of snapshot.pods) byKey.set(keyOf(p), p);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** The full reachability matrices as the plugin enforces them (flannel: everything allowed). */
export function referenceMatrix(
  snapshot: ClusterSnapshot,
  ports: readonly PortSpec[],
): { pods: string[]; matrices: Record<string, boolean[][]> } {
  const pods = referencePods(snapshot);
  const unique = withUniquePolicies(snapshot);
  const matrices: Record<string, boolean[][]> = {};
  for (const spec of ports) {
    matrices[`${spec.port}/${spec.protocol}`] = pods.map((from) =>
      pods.map((to) => snapshot.primaryNetworkPlugin === "flannel" || verdict(unique, from, to, spec)),
    );
  }
  return { pods: pods.map(keyOf), matrices };
}

/** One row of the matrix (source `from` to every pod, sorted), for time-boxed sampling in the benchmark. */
export function referenceRow(snapshot: ClusterSnapshot, pods: readonly Pod[], from: Pod, spec: PortSpec): boolean[] {
  const unique = withUniquePolicies(snapshot);
  return pods.map((to) => verdict(unique, from, to, spec));
}
