/**
 * Policy posture (which pods no policy isolates, policies selecting nothing, shadowed rules) and per-policy summaries
 * (selected pods, peer pods each rule admits).
 */
import { formatLabelSelector } from "../kube/selectors";
import type { LabelSelector, NetworkPolicyPort, PolicyType } from "../kube/types";
import { bitIndices } from "./bitset";
import type { CompiledPeer, CompiledPolicy, CompiledRule, Direction, PolicyIndex } from "./compile";
import type { IpRange } from "./ip";
import { type PolicySource, toIndex } from "./matrix";
import { formatPolicyPort } from "./ports";

/** A rule whose allowed traffic is already allowed by another rule applying to (at least) the same pods. */
export interface ShadowedRule {
  policy: string;
  direction: Direction;
  rule: number;
  shadowedBy: { policy: string; rule: number };
  reason: string;
}

export interface Posture {
  plugin: "calico" | "flannel";
  /** False under flannel: the policies below exist but nothing enforces them. */
  enforced: boolean;
  /** Pods no policy isolates for ingress: any source may reach them on any port. */
  podsNotIsolatedForIngress: string[];
  /** Pods no policy isolates for egress: they may reach any destination. */
  podsNotIsolatedForEgress: string[];
  /** Policies whose podSelector selects no pod of their namespace. */
  policiesSelectingNoPods: string[];
  shadowedRules: ShadowedRule[];
}

// ---------------------------------------------------------------- shadowing (structural inclusion)

function rangeWithin(inner: IpRange, outer: IpRange): boolean {
  return inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last;
}

function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/**
 * Does peer `a` match every endpoint peer `b` matches, whatever the pods and namespaces? Both belong to policies of
 * the same namespace. Selector peers compare by canonical selector (or an empty, select-all selector); ipBlocks by
 * range inclusion, with each of `a`'s exceptions outside `b`'s block or inside one of `b`'s exceptions.
 */
function peerCovers(a: CompiledPeer, b: CompiledPeer): boolean {
  if (a.key === b.key) return true;
  if (a.ipBlock || b.ipBlock) {
    if (!a.ipBlock?.cidr || !b.ipBlock?.cidr) return false;
    const bCidr = b.ipBlock.cidr;
    const bExcept = b.ipBlock.except;
    return (
      rangeWithin(bCidr, a.ipBlock.cidr) &&
      a.ipBlock.except.every((r) => !rangesOverlap(r, bCidr) || bExcept.some((e) => rangeWithin(r, e)))
    );
  }
  if (!b.podSelector && !b.namespaceSelector) return true; // b matches nothing
  if (!a.podSelector && !a.namespaceSelector) return false;
  const namespacesCovered = a.namespaceSelector
    ? a.namespaceSelector.selectsAll || a.namespaceSelector.key === b.namespaceSelector?.key
    : !b.namespaceSelector;
  const podsCovered = !a.podSelector || a.podSelector.selectsAll || a.podSelector.key === b.podSelector?.key;
  return namespacesCovered && podsCovered;
}

function rangeEntryCovered(b: { protocol: string; from: number; to: number }, rule: CompiledRule): boolean {
  return rule.ports!.ranges.some((a) => a.protocol === b.protocol && a.from <= b.from && b.to <= a.to);
}

/** Does rule `a` allow, for every pod it applies to, everything rule `b` allows? */
function ruleCovers(a: CompiledRule, b: CompiledRule): boolean {
  if (a.ports !== null) {
    if (b.ports === null) return false;
    if (!b.ports.ranges.every((r) => rangeEntryCovered(r, a))) return false;
    const namedCovered = b.ports.named.every(
      (n) =>
        a.ports!.named.some((m) => m.name === n.name && m.protocol === n.protocol) ||
        rangeEntryCovered({ protocol: n.protocol, from: 1, to: 65535 }, a),
    );
    if (!namedCovered) return false;
  }
  if (a.peers === null) return true;
  if (b.peers === null) return false;
  return b.peers.every((pb) => a.peers!.some((pa) => peerCovers(pa, pb)));
}

/** Policy `a` applies (with `direction`) to every pod policy `b` applies to, whatever the pods. */
function appliesToSuperset(a: CompiledPolicy, b: CompiledPolicy, type: PolicyType): boolean {
  return (
    a.namespace === b.namespace &&
    a.policyTypes.includes(type) &&
    (a.podSelector.selectsAll || a.podSelector.key === b.podSelector.key)
  );
}

function shadowedRules(index: PolicyIndex): ShadowedRule[] {
  const byNamespace = new Map<string, CompiledPolicy[]>();
  for (const p of index.policies()) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  const out: ShadowedRule[] = [];
  for (const policies of byNamespace.values()) {
    // Every rule of the namespace in a fixed order: on mutual coverage (duplicates) only the later one is reported.
    for (const direction of ["ingress", "egress"] as const) {
      const type: PolicyType = direction === "ingress" ? "Ingress" : "Egress";
      const rules = policies
        .filter((p) => p.policyTypes.includes(type))
        .flatMap((p) => (direction === "ingress" ? p.ingress : p.egress).map((r) => ({ p, r })));
      rules.forEach(({ p, r }, i) => {
        const by = rules.find(
          ({ p: q, r: s }, j) => j !== i && appliesToSuperset(q, p, type) && ruleCovers(s, r) && (j < i || !ruleCovers(r, s) || !appliesToSuperset(p, q, type)),
        );
        if (!by) return;
        const allowAll = by.r.peers === null && by.r.ports === null;
        out.push({
          policy: p.key,
          direction,
          rule: r.index,
          shadowedBy: { policy: by.p.key, rule: by.r.index },
          reason: allowAll
            ? `${by.p.key} ${direction} rule ${by.r.index + 1} allows all ${direction === "ingress" ? "sources" : "destinations"} on all ports`
            : `everything it allows is allowed by ${by.p.key} ${direction} rule ${by.r.index + 1}`,
        });
      });
    }
  }
  return out;
}

/**
 * The policy posture of a snapshot: pods left open (not isolated), policies selecting nothing, and shadowed rules.
 * A rule is shadowed when another rule of a policy applying to the same pods (same namespace, same or empty
 * podSelector, same direction) allows a superset of it for any pods: same or broader ports, same or broader peers
 * (identical peers, a select-all selector, a containing ipBlock), or no restriction at all (an allow-all rule).
 */
export function posture(source: PolicySource): Posture {
  const index = toIndex(source);
  const notIngress: string[] = [];
  const notEgress: string[] = [];
  index.pods.forEach((key, i) => {
    if (!index.isIsolated(i, "ingress")) notIngress.push(key);
    if (!index.isIsolated(i, "egress")) notEgress.push(key);
  });
  return {
    plugin: index.plugin,
    enforced: index.plugin !== "flannel",
    podsNotIsolatedForIngress: notIngress,
    podsNotIsolatedForEgress: notEgress,
    policiesSelectingNoPods: index
      .policies()
      .filter((p) => p.selected.length === 0)
      .map((p) => p.key)
      .sort(),
    shadowedRules: shadowedRules(index),
  };
}

// ---------------------------------------------------------------- summaries

export interface PeerSummary {
  peer: number;
  /** kubectl-style description: `pods app=web in namespaces team=a`, `ipBlock 10.0.0.0/8 except 10.1.0.0/16`. */
  description: string;
  /** The same, structured, for a description in any language (lib/policy/words.ts `peerText`). */
  words: PeerWords;
  /** Pods of the snapshot the peer matches. */
  pods: string[];
}

export interface RuleSummary {
  rule: number;
  /** `80/TCP`, `8000-8080/TCP`, `http/TCP`, `all/UDP`; empty: every port. */
  ports: string[];
  /** No `from` / `to`: every source / destination, inside or outside the cluster. */
  allPeers: boolean;
  peers: PeerSummary[];
  /** Pods the rule admits (union of its peers; every pod when allPeers). */
  pods: string[];
}

export interface PolicySummary {
  policy: string;
  /** After API defaulting. */
  policyTypes: PolicyType[];
  selectedPods: string[];
  /** Rules of the sections the policyTypes enforce; a section present but not in policyTypes is listed in `ignored`. */
  ingress: RuleSummary[];
  egress: RuleSummary[];
  ignored: Direction[];
}

/** A peer in parts: an ipBlock, pods by selector in the policy's namespace or in namespaces by selector, or nothing. */
export type PeerWords =
  | { kind: "ipBlock"; cidr: string; except: string[] }
  | { kind: "empty" }
  | { kind: "pods"; pods: string; namespaceSelector?: string; namespace?: string };

function peerWords(peer: CompiledPeer, namespace: string): PeerWords {
  const { ipBlock, podSelector, namespaceSelector } = peer.peer;
  if (ipBlock) return { kind: "ipBlock", cidr: ipBlock.cidr, except: ipBlock.except ?? [] };
  if (!podSelector && !namespaceSelector) return { kind: "empty" };
  return { kind: "pods", pods: podSelector ? describeSelector(podSelector) : "all", ...(namespaceSelector ? { namespaceSelector: describeSelector(namespaceSelector) } : { namespace }) };
}

function describeSelector(selector: LabelSelector): string {
  return formatLabelSelector(selector) || "all";
}

function describePeer(peer: CompiledPeer, namespace: string): string {
  const { ipBlock, podSelector, namespaceSelector } = peer.peer;
  if (ipBlock) return `ipBlock ${ipBlock.cidr}${ipBlock.except?.length ? ` except ${ipBlock.except.join(", ")}` : ""}`;
  if (!podSelector && !namespaceSelector) return "nothing (empty peer)";
  const pods = podSelector ? describeSelector(podSelector) : "all";
  const where = namespaceSelector ? `namespaces ${describeSelector(namespaceSelector)}` : `namespace ${namespace}`;
  return `pods ${pods} in ${where}`;
}

function summarizeRule(index: PolicyIndex, policy: CompiledPolicy, rule: CompiledRule, rawPorts: NetworkPolicyPort[] | undefined): RuleSummary {
  const names = (bits: Uint32Array) => bitIndices(bits).map((i) => index.pods[i]);
  return {
    rule: rule.index,
    ports: (rawPorts ?? []).map(formatPolicyPort),
    allPeers: rule.peers === null,
    peers: (rule.peers ?? []).map((peer) => ({
      peer: peer.index,
      description: describePeer(peer, policy.namespace),
      words: peerWords(peer, policy.namespace),
      pods: names(index.peerPods(peer, policy)),
    })),
    pods: names(index.rulePeerPods(rule, policy)),
  };
}

/** Per policy (in snapshot order): the pods it selects and, per rule, the peer pods it admits. */
export function policySummary(source: PolicySource): PolicySummary[] {
  const index = toIndex(source);
  return index.policies().map((policy) => {
    const spec = policy.policy.spec;
    const ingressOn = policy.policyTypes.includes("Ingress");
    const egressOn = policy.policyTypes.includes("Egress");
    const ignored: Direction[] = [];
    if (!ingressOn && (spec.ingress?.length ?? 0) > 0) ignored.push("ingress");
    if (!egressOn && (spec.egress?.length ?? 0) > 0) ignored.push("egress");
    return {
      policy: policy.key,
      policyTypes: [...policy.policyTypes],
      selectedPods: Array.from(policy.selected, (i) => index.pods[i]),
      ingress: ingressOn ? policy.ingress.map((r) => summarizeRule(index, policy, r, spec.ingress?.[r.index].ports)) : [],
      egress: egressOn ? policy.egress.map((r) => summarizeRule(index, policy, r, spec.egress?.[r.index].ports)) : [],
      ignored,
    };
  });
}
