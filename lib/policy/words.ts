/**
 * Policies and explanations in words, in any language: every sentence comes from the message catalogs
 * (lib/i18n/areas/policies.ts), filled with the names and selectors of the objects, which stay as written. The UI
 * passes its translator; tests pass both catalogs (every branch has a Japanese sentence).
 */
import type { MessageKey } from "../i18n/messages";
import type { PeerWords } from "./posture";
import type { CalicoAwareExplanation } from "./api";
import type { CalicoSideDecision } from "./calico/evaluate";
import type { CalicoRule, EntityRule } from "./calico/types";
import type { RuleMatch, SideExplanation } from "./explain";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A Kubernetes NetworkPolicy peer. */
export function peerText(w: PeerWords, t: Translate): string {
  if (w.kind === "ipBlock") return w.except.length ? t("policies.words.ipBlockExcept", { cidr: w.cidr, except: w.except.join(", ") }) : t("policies.words.ipBlock", { cidr: w.cidr });
  if (w.kind === "empty") return t("policies.words.emptyPeer");
  const all = w.pods === "all";
  if (w.namespaceSelector !== undefined) {
    const nsAll = w.namespaceSelector === "all";
    if (all) return nsAll ? t("policies.words.allPodsAllNamespaces") : t("policies.words.allPodsInNamespaces", { namespaces: w.namespaceSelector });
    return nsAll ? t("policies.words.podsAllNamespaces", { pods: w.pods }) : t("policies.words.podsInNamespaces", { pods: w.pods, namespaces: w.namespaceSelector });
  }
  return all ? t("policies.words.allPodsInNamespace", { namespace: w.namespace ?? "" }) : t("policies.words.podsInNamespace", { pods: w.pods, namespace: w.namespace ?? "" });
}

const list = (xs: (string | number)[]) => xs.join(", ");

/** One side (source or destination) of a Calico rule; `namespace` is the NetworkPolicy's (undefined: global). */
export function entityText(e: EntityRule | undefined, side: "source" | "destination", namespace: string | undefined, t: Translate): string {
  const r = e ?? {};
  const parts: string[] = [];
  if (r.selector !== undefined) parts.push(t("policies.calico.words.selector", { selector: r.selector || "all()" }));
  if (r.notSelector !== undefined) parts.push(t("policies.calico.words.notSelector", { selector: r.notSelector }));
  if (r.serviceAccounts?.names?.length) parts.push(t("policies.calico.words.serviceAccounts", { names: list(r.serviceAccounts.names) }));
  if (r.serviceAccounts?.selector !== undefined) parts.push(t("policies.calico.words.serviceAccountSelector", { selector: r.serviceAccounts.selector }));
  if (r.namespaceSelector !== undefined) parts.push(t("policies.calico.words.namespaceSelector", { selector: r.namespaceSelector }));
  else if (namespace !== undefined && (r.selector !== undefined || r.notSelector !== undefined || r.serviceAccounts !== undefined)) parts.push(t("policies.calico.words.inNamespace", { namespace }));
  if (r.nets?.length) parts.push(t("policies.calico.words.nets", { nets: list(r.nets) }));
  if (r.notNets?.length) parts.push(t("policies.calico.words.notNets", { nets: list(r.notNets) }));
  if (r.ports?.length) parts.push(t("policies.calico.words.ports", { ports: list(r.ports) }));
  if (r.notPorts?.length) parts.push(t("policies.calico.words.notPorts", { ports: list(r.notPorts) }));
  if (parts.length === 0) return t(side === "source" ? "policies.calico.words.anySource" : "policies.calico.words.anyDestination");
  return parts.join(t("policies.words.and"));
}

/** A Calico rule as a sentence: "Deny TCP from pods matching … to ports 5432." */
export function calicoRuleText(rule: CalicoRule, namespace: string | undefined, t: Translate): string {
  const protocol =
    rule.protocol !== undefined ? t("policies.calico.words.protocol", { protocol: rule.protocol }) : rule.notProtocol !== undefined ? t("policies.calico.words.notProtocol", { protocol: rule.notProtocol }) : t("policies.calico.words.anyProtocol");
  return t("policies.calico.rule", {
    action: t(`policies.calico.action.${rule.action}` as MessageKey),
    protocol,
    source: entityText(rule.source, "source", namespace, t),
    destination: entityText(rule.destination, "destination", namespace, t),
  });
}

function matchText(m: RuleMatch, t: Translate): string {
  return m.peer === undefined ? t("policies.reason.match", { policy: m.policy, rule: m.rule + 1 }) : t("policies.reason.matchPeer", { policy: m.policy, rule: m.rule + 1, peer: m.peer + 1 });
}

function k8sSideText(s: SideExplanation, direction: "egress" | "ingress", e: { from: string; to: string; port: string }, t: Translate): string {
  const vars = { from: e.from, to: e.to, port: e.port };
  if (!s.isolated) return t(`policies.reason.k8s.${direction}.open`, vars);
  if (s.allowedBy.length) return t(`policies.reason.k8s.${direction}.allowedBy`, { ...vars, matches: list(s.allowedBy.map((m) => matchText(m, t))) });
  return t(`policies.reason.k8s.${direction}.isolated`, { ...vars, policies: list(s.isolatingPolicies) });
}

export function calicoSideText(d: CalicoSideDecision, direction: "egress" | "ingress", t: Translate): string {
  const side = t(direction === "egress" ? "policies.reason.side.egress" : "policies.reason.side.ingress");
  const passes = list(d.passed.map((p) => (p.policy !== undefined ? t("policies.reason.calico.passBy", { policy: p.policy, rule: (p.rule ?? 0) + 1, tier: p.tier }) : t("policies.reason.calico.passByTier", { tier: p.tier }))));
  let text: string;
  if (d.by === "rule" && d.rule === undefined) text = t("policies.reason.calico.k8sAllow", { side, policy: d.policy ?? "", tier: d.tier ?? "" });
  else if (d.by === "rule") text = t(d.allowed ? "policies.reason.calico.ruleAllow" : "policies.reason.calico.ruleDeny", { side, policy: d.policy ?? "", rule: (d.rule ?? 0) + 1, action: d.action ?? "", tier: d.tier ?? "" });
  else if (d.by === "tierDefault") text = t("policies.reason.calico.tierDefault", { side, tier: d.tier ?? "" });
  else if (d.by === "passedOutOfLastTier") text = t("policies.reason.calico.passedOut", { side, passes });
  else text = t("policies.reason.calico.noPolicy", { side });
  if (d.by !== "passedOutOfLastTier" && d.passed.length) text += t("policies.reason.calico.afterPass", { passes });
  if (d.logged.length) text += t("policies.reason.calico.logged", { logs: list(d.logged.map((l) => t("policies.reason.match", { policy: l.policy, rule: l.rule + 1 }))) });
  return text;
}

/** The explanation's one-paragraph reason, Kubernetes or Calico, enforced or not. */
export function explanationReason(e: CalicoAwareExplanation, t: Translate): string {
  const vars = { from: e.from, to: e.to, port: e.port };
  if (e.from === e.to) return t("policies.reason.self", vars);
  const calico = e.calico;
  const verdict = e.enforced ? e.allowed : (e.wouldBe ?? e.allowed);
  const verdictWord = t(verdict ? "policies.reason.verdict.allowed" : "policies.reason.verdict.denied");
  let grounds: string;
  if (calico) {
    const sides: string[] = [];
    if (verdict || !calico.egress.allowed) sides.push(calicoSideText(calico.egress, "egress", t));
    if (verdict || !calico.ingress.allowed) sides.push(calicoSideText(calico.ingress, "ingress", t));
    grounds = sides.join(t("policies.reason.sep"));
    return e.enforced ? t("policies.reason.calico.enforced", { ...vars, verdict: verdictWord, grounds }) : t("policies.reason.calico.flannel", { ...vars, verdict: verdictWord, grounds });
  }
  const blocked = (s: SideExplanation) => s.isolated && s.allowedBy.length === 0;
  const sides: string[] = [];
  if (verdict || blocked(e.egress)) sides.push(k8sSideText(e.egress, "egress", e, t));
  if (verdict || blocked(e.ingress)) sides.push(k8sSideText(e.ingress, "ingress", e, t));
  grounds = sides.join(t("policies.reason.sep"));
  return e.enforced ? t("policies.reason.k8s.enforced", { ...vars, verdict: verdictWord, grounds }) : t("policies.reason.k8s.flannel", { ...vars, verdict: verdictWord, grounds });
}
