/**
 * Why may (or may not) one pod connect to another on a port: which policies isolate each side and which rules (and
 * NetworkPolicyPeers) admit the connection.
 */
import { testBit } from "./bitset";
import type { Direction, PolicyIndex } from "./compile";
import { type PolicySource, toIndex } from "./matrix";
import { parsePortSpec, type PortSpec, portKey } from "./ports";

/** A rule admitting the connection: `peer` is the index in `from` / `to`, absent when the rule has no peers (all). */
export interface RuleMatch {
  policy: string;
  rule: number;
  peer?: number;
}

/** One side of the connection: the destination's ingress, or the source's egress. */
export interface SideExplanation {
  /** Some policy selects the pod with this direction in its policyTypes. */
  isolated: boolean;
  /** Those policies, "namespace/name". */
  isolatingPolicies: string[];
  /** Every (rule, peer) of the isolating policies admitting the connection. */
  allowedBy: RuleMatch[];
}

export interface Explanation {
  from: string;
  to: string;
  /** "80/TCP" */
  port: string;
  /** What happens on the cluster. */
  allowed: boolean;
  /** False when the network plugin does not enforce NetworkPolicy (flannel). */
  enforced: boolean;
  /** When not enforced: what the policies would decide under an enforcing plugin (Calico). */
  wouldBe?: boolean;
  ingress: SideExplanation;
  egress: SideExplanation;
  /** One readable sentence. */
  reason: string;
}

function side(index: PolicyIndex, direction: Direction, subject: number, other: number, spec: PortSpec): SideExplanation {
  const destination = direction === "ingress" ? subject : other;
  const policies = index.isolatingPolicies(subject, direction);
  const allowedBy: RuleMatch[] = [];
  for (const policy of policies) {
    for (const rule of direction === "ingress" ? policy.ingress : policy.egress) {
      if (!index.rulePortMatches(rule, spec, destination)) continue;
      if (rule.peers === null) {
        allowedBy.push({ policy: policy.key, rule: rule.index });
        continue;
      }
      for (const peer of rule.peers) {
        if (testBit(index.peerPods(peer, policy), other)) allowedBy.push({ policy: policy.key, rule: rule.index, peer: peer.index });
      }
    }
  }
  return { isolated: policies.length > 0, isolatingPolicies: policies.map((p) => p.key), allowedBy };
}

function sideAllows(s: SideExplanation): boolean {
  return !s.isolated || s.allowedBy.length > 0;
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function describeMatches(matches: RuleMatch[]): string {
  // people count from 1: "rule 1 peer 1" is spec.ingress[0].from[0] (the structured fields stay 0-based indexes)
  return list(matches.map((m) => `${m.policy} rule ${m.rule + 1}${m.peer === undefined ? "" : ` peer ${m.peer + 1}`}`));
}

/** Why the policies reach their verdict: the deciding side(s), in words. */
function verdictGrounds(e: Omit<Explanation, "reason">, verdict: boolean): string {
  const parts: string[] = [];
  const egressText = e.egress.isolated
    ? e.egress.allowedBy.length > 0
      ? `egress from ${e.from} is allowed by ${describeMatches(e.egress.allowedBy)}`
      : `egress from ${e.from} is isolated by ${list(e.egress.isolatingPolicies)} and no egress rule allows ${e.to} on ${e.port}`
    : `egress from ${e.from} is not isolated`;
  const ingressText = e.ingress.isolated
    ? e.ingress.allowedBy.length > 0
      ? `ingress to ${e.to} is allowed by ${describeMatches(e.ingress.allowedBy)}`
      : `ingress to ${e.to} is isolated by ${list(e.ingress.isolatingPolicies)} and no ingress rule admits ${e.from} on ${e.port}`
    : `ingress to ${e.to} is not isolated`;
  if (verdict) parts.push(egressText, ingressText);
  else {
    if (!sideAllows(e.egress)) parts.push(egressText);
    if (!sideAllows(e.ingress)) parts.push(ingressText);
  }
  return parts.join(", and ");
}

/**
 * Explain the connection `from` → `to` ("namespace/name") on a port (`{port, protocol}` or "80/TCP"). Throws for an
 * unknown pod or an invalid port.
 */
export function explain(source: PolicySource, from: string, to: string, port: PortSpec | string): Explanation {
  const index = toIndex(source);
  const spec = typeof port === "string" ? parsePortSpec(port) : port;
  const s = index.podIndex(from);
  if (s === undefined) throw new Error(`unknown pod "${from}" (expected namespace/name of a pod in the snapshot)`);
  const d = index.podIndex(to);
  if (d === undefined) throw new Error(`unknown pod "${to}" (expected namespace/name of a pod in the snapshot)`);

  const ingress = side(index, "ingress", d, s, spec);
  const egress = side(index, "egress", s, d, spec);
  const self = s === d;
  const verdict = self || (sideAllows(ingress) && sideAllows(egress));
  const enforced = index.plugin !== "flannel";
  const explanation: Omit<Explanation, "reason"> = {
    from,
    to,
    port: portKey(spec),
    allowed: enforced ? verdict : true,
    enforced,
    ...(enforced ? {} : { wouldBe: verdict }),
    ingress,
    egress,
  };

  let reason: string;
  if (self) {
    reason = `${from} → ${to} on ${explanation.port} is allowed: traffic from a pod to itself is never subject to NetworkPolicy.`;
  } else if (enforced) {
    reason = `${from} → ${to} on ${explanation.port} is ${verdict ? "allowed" : "denied"}: ${verdictGrounds(explanation, verdict)}.`;
  } else {
    const count = index.policies().length;
    reason =
      `${from} → ${to} on ${explanation.port} is allowed: the cluster's network plugin is flannel, which does not enforce ` +
      `NetworkPolicy (${count} ${count === 1 ? "policy exists" : "policies exist"} but ${count === 1 ? "is" : "are"} not enforced); ` +
      `under Calico it would be ${verdict ? "allowed" : "denied"} (${verdictGrounds(explanation, verdict)}).`;
  }
  return { ...explanation, reason };
}
