/**
 * Calico's verdict on a pod-to-pod connection with Calico v3 policies and Kubernetes NetworkPolicies together
 * (calico-policy-facts.md, which cites the Calico docs and felix/libcalico-go code for every rule below):
 *
 * - A connection a→b needs a's egress and b's ingress to allow it, each decided on its own.
 * - Per endpoint and direction: tiers in ascending `order` (missing = last, ties by name); only tiers holding a policy
 *   that selects the endpoint and governs that direction take part. Inside a tier, policies in ascending `order`
 *   (missing = last, ties by name); inside a policy, rules top to bottom.
 * - Allow / Deny are final; Log records and goes on with the next rule; Pass skips the rest of the tier for the next
 *   tier that applies. A tier that applies but takes no action ends with its `defaultAction` (Deny unless Pass).
 * - No policy selects the endpoint in that direction, or Pass out of the last tier → allowed (the namespace profile).
 * - Kubernetes NetworkPolicies are policies of order 1000 in the `default` tier (order 1,000,000) with Allow rules only:
 *   whether one of them allows is the existing engine's answer (its explanation's `allowedBy`).
 *
 * A naive evaluator (per pair); the bitset engine covers Kubernetes policies alone. Source ports are ephemeral and not
 * modelled: a rule with `source.ports` never matches.
 */
import type { ClusterSnapshot, KubeObject, Pod } from "../../kube/types";
import { compilePolicies, objectKey, type PolicyIndex } from "../compile";
import { explain } from "../explain";
import { inRange, parseCidr, podIps } from "../ip";
import { namedContainerPorts, parsePortSpec, portKey, type PortSpec } from "../ports";
import { matchesSelector, parseSelector, type SelectorNode } from "./selector";
import { isCalicoPolicy, isCalicoTier, type CalicoAction, type CalicoNetworkPolicy, type CalicoPolicyType, type CalicoPort, type CalicoRule, type EntityRule } from "./types";

export const DEFAULT_TIER_ORDER = 1_000_000;
export const K8S_POLICY_ORDER = 1000;

const PROTOCOL_NUMBERS: Record<string, number> = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58, SCTP: 132, UDPLITE: 136 };

/** What one direction of one endpoint decided, and how. */
export interface CalicoSideDecision {
  allowed: boolean;
  /** `rule`: a rule's Allow / Deny; `tierDefault`: the tier applied and took no action; `noPolicy`: no tier applied;
   * `passedOutOfLastTier`: the last applying tier passed. */
  by: "rule" | "tierDefault" | "noPolicy" | "passedOutOfLastTier";
  tier?: string;
  /** "namespace/name" (NetworkPolicy), "name" (GlobalNetworkPolicy) or "k8s:namespace/name" (Kubernetes) */
  policy?: string;
  /** 0-based index of the rule */
  rule?: number;
  action?: CalicoAction;
  /** rules with action Log that matched on the way */
  logged: { tier: string; policy: string; rule: number }[];
  /** Pass rules (or Pass tier defaults) that sent evaluation to the next tier */
  passed: { tier: string; policy?: string; rule?: number }[];
  /** `tierDefault`: the tier's policies that selected the pod and decided nothing */
  policies?: string[];
}

export interface CalicoVerdict {
  from: string;
  to: string;
  port: string;
  allowed: boolean;
  egress: CalicoSideDecision;
  ingress: CalicoSideDecision;
}

export interface Endpoint {
  key: string;
  namespace: string;
  pod: Pod;
  /** pod labels + projectcalico.org/namespace, orchestrator, serviceaccount */
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  serviceAccount: string;
  serviceAccountLabels: Record<string, string>;
  /** an address outside the cluster's pods (a trace's client, node or outside IP): no labels, so no selector matches it */
  external?: boolean;
}

export interface CompiledEntity {
  raw: EntityRule;
  selector?: SelectorNode;
  notSelector?: SelectorNode;
  namespaceSelector?: SelectorNode;
  saSelector?: SelectorNode;
}

export interface CompiledCalicoRule {
  index: number;
  rule: CalicoRule;
  source: CompiledEntity;
  destination: CompiledEntity;
}

export interface Participant {
  key: string;
  tier: string;
  order: number;
  sortName: string;
  types: CalicoPolicyType[];
  selects(e: Endpoint): boolean;
  /** Calico rules, or null for a Kubernetes policy (judged by the engine) */
  ingress: CompiledCalicoRule[] | null;
  egress: CompiledCalicoRule[] | null;
  global: boolean;
  namespace?: string;
  /** the Calico object (absent for a Kubernetes policy) */
  object?: CalicoNetworkPolicy;
}

export interface TierInfo {
  name: string;
  order: number;
  defaultAction: "Deny" | "Pass";
}

/** `types` with Calico's defaulting: no rules or ingress only → Ingress; egress only → Egress; both → both. */
export function calicoPolicyTypes(spec: CalicoNetworkPolicy["spec"]): CalicoPolicyType[] {
  if (spec.types && spec.types.length > 0) return [...new Set(spec.types)];
  const i = (spec.ingress?.length ?? 0) > 0;
  const e = (spec.egress?.length ?? 0) > 0;
  if (e && !i) return ["Egress"];
  if (e && i) return ["Ingress", "Egress"];
  return ["Ingress"];
}

function compileEntity(e: EntityRule | undefined): CompiledEntity {
  const raw = e ?? {};
  return {
    raw,
    ...(raw.selector !== undefined ? { selector: parseSelector(raw.selector) } : {}),
    ...(raw.notSelector !== undefined ? { notSelector: parseSelector(raw.notSelector) } : {}),
    ...(raw.namespaceSelector !== undefined ? { namespaceSelector: parseSelector(raw.namespaceSelector) } : {}),
    ...(raw.serviceAccounts?.selector !== undefined ? { saSelector: parseSelector(raw.serviceAccounts.selector) } : {}),
  };
}

function compileRules(rules: CalicoRule[] | undefined): CompiledCalicoRule[] {
  return (rules ?? []).map((rule, index) => ({ index, rule, source: compileEntity(rule.source), destination: compileEntity(rule.destination) }));
}

export function protocolNumber(p: string | number): number {
  return typeof p === "number" ? p : (PROTOCOL_NUMBERS[p.toUpperCase()] ?? Number(p));
}

/** Does the entity rule match endpoint `x`, in a policy of namespace `ns` (undefined: global)? */
export function entityMatches(c: CompiledEntity, x: Endpoint, ns: string | undefined): boolean {
  const r = c.raw;
  if (r.nets && r.nets.length) {
    const ips = podIps(x.pod);
    if (!r.nets.some((n) => { const range = parseCidr(n); return range !== undefined && ips.some((ip) => inRange(ip, range)); })) return false;
  }
  if (r.notNets && r.notNets.length) {
    const ips = podIps(x.pod);
    if (r.notNets.some((n) => { const range = parseCidr(n); return range !== undefined && ips.some((ip) => inRange(ip, range)); })) return false;
  }
  const hasSelectorFields = c.selector !== undefined || c.notSelector !== undefined || r.serviceAccounts !== undefined;
  // an address that is no pod carries no labels: a rule side with any selector does not match it (nets still do)
  if (x.external && (hasSelectorFields || c.namespaceSelector)) return false;
  if (c.namespaceSelector) {
    // global() names non-namespaced resources: no pod; all() every namespace
    if (!matchesSelector(c.namespaceSelector, x.namespaceLabels) || c.namespaceSelector.op === "global") return false;
  } else if (ns !== undefined && hasSelectorFields && x.namespace !== ns) return false;
  if (c.selector && !matchesSelector(c.selector, x.labels)) return false;
  if (c.notSelector && matchesSelector(c.notSelector, x.labels)) return false;
  if (r.serviceAccounts) {
    if (r.serviceAccounts.names && r.serviceAccounts.names.length && !r.serviceAccounts.names.includes(x.serviceAccount)) return false;
    if (c.saSelector && !matchesSelector(c.saSelector, x.serviceAccountLabels)) return false;
  }
  return true;
}

/** Does one `ports` entry match the connection's destination port on pod `dst`? */
export function portEntryMatches(entry: CalicoPort, spec: PortSpec, ruleProtocol: number | undefined, dst: Endpoint): boolean {
  if (typeof entry === "number") return entry === spec.port;
  const range = /^(\d+):(\d+)$/.exec(entry);
  if (range) return spec.port >= Number(range[1]) && spec.port <= Number(range[2]);
  if (/^\d+$/.test(entry)) return Number(entry) === spec.port;
  return namedContainerPorts(dst.pod).some(
    (n) => n.name === entry && n.port === spec.port && n.protocol === spec.protocol && (ruleProtocol === undefined || protocolNumber(n.protocol) === ruleProtocol),
  );
}

function ruleMatches(r: CompiledCalicoRule, src: Endpoint, dst: Endpoint, spec: PortSpec, ns: string | undefined): boolean {
  const proto = protocolNumber(spec.protocol);
  const ruleProto = r.rule.protocol !== undefined ? protocolNumber(r.rule.protocol) : undefined;
  if (ruleProto !== undefined && ruleProto !== proto) return false;
  if (r.rule.notProtocol !== undefined && protocolNumber(r.rule.notProtocol) === proto) return false;
  if (r.source.raw.ports?.length || r.source.raw.notPorts?.length) return false; // ephemeral source ports: not modelled
  if (!entityMatches(r.source, src, ns) || !entityMatches(r.destination, dst, ns)) return false;
  const d = r.destination.raw;
  if (d.ports && d.ports.length && !d.ports.some((p) => portEntryMatches(p, spec, ruleProto, dst))) return false;
  if (d.notPorts && d.notPorts.length && d.notPorts.some((p) => portEntryMatches(p, spec, ruleProto, dst))) return false;
  return true;
}

function compareOrder(a: { order: number; sortName: string }, b: { order: number; sortName: string }): number {
  return a.order - b.order || (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0);
}

/** Calico's view of a snapshot: endpoints with their labels, tiers, and every policy (Calico and Kubernetes) in order. */
export class CalicoModel {
  readonly endpoints = new Map<string, Endpoint>();
  readonly tiers: TierInfo[];
  readonly participants: Participant[];
  /** the Kubernetes policies compiled by the engine (Calico semantics) */
  readonly k8s: PolicyIndex;

  constructor(snapshot: ClusterSnapshot) {
    this.k8s = compilePolicies({ ...snapshot, primaryNetworkPlugin: "calico" });
    const nsLabels = new Map(snapshot.namespaces.map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
    const saLabels = new Map<string, Record<string, string>>();
    for (const o of snapshot.others) if (o.kind === "ServiceAccount" && o.apiVersion === "v1") saLabels.set(`${o.metadata.namespace ?? "default"}/${o.metadata.name}`, o.metadata.labels ?? {});
    for (const pod of snapshot.pods) {
      const ns = pod.metadata.namespace || "default";
      const sa = (pod.spec?.serviceAccountName as string | undefined) || "default";
      this.endpoints.set(objectKey(pod), {
        key: objectKey(pod),
        namespace: ns,
        pod,
        labels: { ...(pod.metadata.labels ?? {}), "projectcalico.org/namespace": ns, "projectcalico.org/orchestrator": "k8s", "projectcalico.org/serviceaccount": sa },
        namespaceLabels: { "kubernetes.io/metadata.name": ns, ...(nsLabels.get(ns) ?? {}), "projectcalico.org/name": ns },
        serviceAccount: sa,
        serviceAccountLabels: { ...(saLabels.get(`${ns}/${sa}`) ?? {}), "projectcalico.org/name": sa },
      });
    }

    const tiers = new Map<string, TierInfo>([["default", { name: "default", order: DEFAULT_TIER_ORDER, defaultAction: "Deny" }]]);
    for (const o of snapshot.others) {
      if (!isCalicoTier(o) || o.metadata.name === "default") continue;
      tiers.set(o.metadata.name, { name: o.metadata.name, order: o.spec?.order ?? Infinity, defaultAction: o.spec?.defaultAction === "Pass" ? "Pass" : "Deny" });
    }

    const participants: Participant[] = [];
    for (const o of snapshot.others) {
      if (!isCalicoPolicy(o)) continue;
      participants.push(this.calicoParticipant(o, tiers));
    }
    for (const p of snapshot.networkPolicies) {
      const key = objectKey(p);
      const compiled = this.k8s.policy(key);
      const types = (compiled?.policyTypes ?? ["Ingress"]) as CalicoPolicyType[];
      const selected = new Set((compiled?.selected ?? []).map((i) => this.k8s.pods[i]));
      participants.push({ key: `k8s:${key}`, tier: "default", order: K8S_POLICY_ORDER, sortName: `knp.default.${p.metadata.name}`, types, selects: (e) => selected.has(e.key), ingress: null, egress: null, global: false, namespace: p.metadata.namespace || "default" });
    }
    participants.sort(compareOrder);
    this.participants = participants;
    this.tiers = [...tiers.values()].sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : 1));
  }

  private calicoParticipant(o: CalicoNetworkPolicy, tiers: Map<string, TierInfo>): Participant {
    const spec = o.spec ?? {};
    const global = o.kind === "GlobalNetworkPolicy";
    const tier = spec.tier ?? "default";
    if (!tiers.has(tier)) tiers.set(tier, { name: tier, order: Infinity, defaultAction: "Deny" });
    const selector = parseSelector(spec.selector);
    const nsSel = global && spec.namespaceSelector !== undefined ? parseSelector(spec.namespaceSelector) : undefined;
    const saSel = spec.serviceAccountSelector !== undefined ? parseSelector(spec.serviceAccountSelector) : undefined;
    const namespace = global ? undefined : o.metadata.namespace || "default";
    return {
      key: global ? o.metadata.name : `${namespace}/${o.metadata.name}`,
      tier,
      order: typeof spec.order === "number" ? spec.order : Infinity,
      sortName: global ? o.metadata.name : `${o.metadata.name}/${namespace}`,
      types: calicoPolicyTypes(spec),
      selects: (e) =>
        (namespace === undefined || e.namespace === namespace) &&
        matchesSelector(selector, e.labels) &&
        (nsSel === undefined || matchesSelector(nsSel, e.namespaceLabels)) &&
        (saSel === undefined || matchesSelector(saSel, e.serviceAccountLabels)),
      ingress: compileRules(spec.ingress),
      egress: compileRules(spec.egress),
      global,
      ...(namespace !== undefined ? { namespace } : {}),
      object: o,
    };
  }

  /** One direction of one endpoint: `subject` is the destination for ingress, the source for egress. */
  private side(direction: CalicoPolicyType, src: Endpoint, dst: Endpoint, spec: PortSpec, k8sAllows: Set<string>): CalicoSideDecision {
    const subject = direction === "Ingress" ? dst : src;
    const logged: CalicoSideDecision["logged"] = [];
    const passed: CalicoSideDecision["passed"] = [];
    let anyTier = false;
    tiers: for (const tier of this.tiers) {
      const applying = this.participants.filter((p) => p.tier === tier.name && p.types.includes(direction) && p.selects(subject));
      if (applying.length === 0) continue;
      anyTier = true;
      for (const p of applying) {
        const rules = direction === "Ingress" ? p.ingress : p.egress;
        if (rules === null) {
          if (k8sAllows.has(p.key)) return { allowed: true, by: "rule", tier: tier.name, policy: p.key, action: "Allow", logged, passed };
          continue;
        }
        for (const r of rules) {
          if (!ruleMatches(r, src, dst, spec, p.namespace)) continue;
          const action = r.rule.action;
          if (action === "Log") {
            logged.push({ tier: tier.name, policy: p.key, rule: r.index });
            continue;
          }
          if (action === "Pass") {
            passed.push({ tier: tier.name, policy: p.key, rule: r.index });
            continue tiers;
          }
          return { allowed: action === "Allow", by: "rule", tier: tier.name, policy: p.key, rule: r.index, action, logged, passed };
        }
      }
      if (tier.defaultAction === "Pass") {
        passed.push({ tier: tier.name });
        continue;
      }
      return { allowed: false, by: "tierDefault", tier: tier.name, action: "Deny", logged, passed, policies: applying.map((p) => p.key) };
    }
    return { allowed: true, by: anyTier ? "passedOutOfLastTier" : "noPolicy", logged, passed };
  }

  verdict(from: string, to: string, port: PortSpec | string): CalicoVerdict {
    const spec = typeof port === "string" ? parsePortSpec(port) : port;
    const src = this.endpoints.get(from);
    const dst = this.endpoints.get(to);
    if (!src) throw new Error(`unknown pod "${from}"`);
    if (!dst) throw new Error(`unknown pod "${to}"`);
    const e = explain(this.k8s, from, to, spec);
    const allows = (side: typeof e.ingress) => new Set(side.allowedBy.map((m) => `k8s:${m.policy}`));
    const egress = this.side("Egress", src, dst, spec, allows(e.egress));
    const ingress = this.side("Ingress", src, dst, spec, allows(e.ingress));
    return { from, to, port: portKey(spec), allowed: from === to || (egress.allowed && ingress.allowed), egress, ingress };
  }

  /**
   * Calico's verdict of one direction when a side may be an address that is no pod (a trace after SNAT, a client
   * outside): `k8sAllows` names the Kubernetes policies ("k8s:ns/name") whose rules admit the peer (the caller's
   * ipBlock reading). A pod is given as "namespace/name", an address as `{ip}`.
   */
  sideWithPeer(direction: CalicoPolicyType, from: string | { ip: string }, to: string | { ip: string }, port: PortSpec, k8sAllows: Set<string>): CalicoSideDecision {
    const endpoint = (x: string | { ip: string }): Endpoint => {
      if (typeof x === "string") {
        const e = this.endpoints.get(x);
        if (!e) throw new Error(`unknown pod "${x}"`);
        return e;
      }
      const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: x.ip }, spec: { containers: [] }, status: { podIP: x.ip } } as unknown as Pod;
      return { key: x.ip, namespace: "", pod, labels: {}, namespaceLabels: {}, serviceAccount: "", serviceAccountLabels: {}, external: true };
    };
    return this.side(direction, endpoint(from), endpoint(to), port, k8sAllows);
  }

  /** Pods "namespace/name", sorted (the engine's order). */
  pods(): string[] {
    return [...this.k8s.pods];
  }
}

/** The boolean matrix of one port under Calico with Calico and Kubernetes policies (naive: pods² verdicts). */
export function calicoMatrix(model: CalicoModel, port: PortSpec): boolean[][] {
  const pods = model.pods();
  return pods.map((from) => pods.map((to) => model.verdict(from, to, port).allowed));
}

/** The Calico policy objects of a snapshot (for counts and listings). */
export function calicoObjects(snapshot: ClusterSnapshot): KubeObject[] {
  return snapshot.others.filter((o) => isCalicoPolicy(o) || isCalicoTier(o));
}
