/**
 * The Policies page's view of Calico's own policies: tiers in evaluation order (order, default action), the policies of
 * each tier in evaluation order (Calico NetworkPolicy, GlobalNetworkPolicy and, in the `default` tier at order 1000,
 * the Kubernetes NetworkPolicies, as Calico runs them: calico-policy-facts.md §2), with the pods each selects and their
 * rules as written (lib/policy/words.ts puts them in words, in either language).
 */
import type { ClusterSnapshot } from "../../kube/types";
import { CalicoModel, K8S_POLICY_ORDER } from "./evaluate";
import { isCalicoPolicy, type CalicoPolicyType, type CalicoRule } from "./types";

export interface CalicoPolicyListing {
  /** "namespace/name" (NetworkPolicy), "name" (GlobalNetworkPolicy), "k8s:namespace/name" (Kubernetes) */
  key: string;
  kind: "NetworkPolicy" | "GlobalNetworkPolicy" | "KubernetesNetworkPolicy";
  name: string;
  namespace?: string;
  /** null: no order (evaluated last, ties by name) */
  order: number | null;
  types: CalicoPolicyType[];
  selector?: string;
  namespaceSelector?: string;
  serviceAccountSelector?: string;
  selectedPods: string[];
  ingress: CalicoRule[];
  egress: CalicoRule[];
}

export interface CalicoTierListing {
  name: string;
  /** null: no order (last) */
  order: number | null;
  defaultAction: "Deny" | "Pass";
  policies: CalicoPolicyListing[];
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** Tiers holding at least one policy, in evaluation order; empty when the snapshot has no Calico v3 policy. */
export function calicoPolicyListing(snapshot: ClusterSnapshot, model?: CalicoModel): CalicoTierListing[] {
  if (!snapshot.others.some(isCalicoPolicy)) return [];
  const m = model ?? new CalicoModel({ ...snapshot, primaryNetworkPlugin: "calico" });
  const endpoints = [...m.endpoints.values()];
  const out: CalicoTierListing[] = [];
  for (const tier of m.tiers) {
    const policies = m.participants
      .filter((p) => p.tier === tier.name)
      .map((p): CalicoPolicyListing => {
        const selectedPods = endpoints.filter((e) => p.selects(e)).map((e) => e.key).sort();
        const o = p.object;
        if (!o) {
          const [namespace, name] = p.key.slice(4).split("/");
          return { key: p.key, kind: "KubernetesNetworkPolicy", name, namespace, order: K8S_POLICY_ORDER, types: p.types, selectedPods, ingress: [], egress: [] };
        }
        const spec = o.spec ?? {};
        return {
          key: p.key,
          kind: o.kind,
          name: o.metadata.name,
          ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
          order: finite(p.order),
          types: p.types,
          ...(spec.selector !== undefined ? { selector: spec.selector } : {}),
          ...(p.global && spec.namespaceSelector !== undefined ? { namespaceSelector: spec.namespaceSelector } : {}),
          ...(spec.serviceAccountSelector !== undefined ? { serviceAccountSelector: spec.serviceAccountSelector } : {}),
          selectedPods,
          ingress: spec.ingress ?? [],
          egress: spec.egress ?? [],
        };
      });
    if (policies.length) out.push({ name: tier.name, order: finite(tier.order), defaultAction: tier.defaultAction, policies });
  }
  return out;
}
