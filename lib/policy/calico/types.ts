/**
 * Calico's own policy resources (`projectcalico.org/v3`, as `calicoctl apply` takes them), reduced to what pod-to-pod
 * verdicts read (calico-policy-facts.md). Field names as the Calico API names them.
 */
import type { KubeObject } from "../../kube/types";

export const CALICO_API_VERSION = "projectcalico.org/v3";

export type CalicoAction = "Allow" | "Deny" | "Log" | "Pass";
export type CalicoPolicyType = "Ingress" | "Egress";
/** 80, "8000:8080" (inclusive range) or a named container port */
export type CalicoPort = number | string;

export interface ServiceAccountMatch {
  names?: string[];
  selector?: string;
}

export interface EntityRule {
  nets?: string[];
  notNets?: string[];
  selector?: string;
  notSelector?: string;
  namespaceSelector?: string;
  serviceAccounts?: ServiceAccountMatch;
  ports?: CalicoPort[];
  notPorts?: CalicoPort[];
}

export interface CalicoRule {
  action: CalicoAction;
  protocol?: string | number;
  notProtocol?: string | number;
  source?: EntityRule;
  destination?: EntityRule;
}

export interface CalicoPolicySpec {
  tier?: string;
  order?: number;
  selector?: string;
  /** GlobalNetworkPolicy only: namespaces whose pods the policy selects */
  namespaceSelector?: string;
  serviceAccountSelector?: string;
  types?: CalicoPolicyType[];
  ingress?: CalicoRule[];
  egress?: CalicoRule[];
}

export interface CalicoNetworkPolicy extends KubeObject {
  kind: "NetworkPolicy" | "GlobalNetworkPolicy";
  spec: CalicoPolicySpec;
}

export interface CalicoTier extends KubeObject {
  kind: "Tier";
  spec: { order?: number; defaultAction?: "Deny" | "Pass" };
}

export function isCalicoObject(o: KubeObject): boolean {
  return o.apiVersion === CALICO_API_VERSION;
}

export function isCalicoPolicy(o: KubeObject): o is CalicoNetworkPolicy {
  return isCalicoObject(o) && (o.kind === "NetworkPolicy" || o.kind === "GlobalNetworkPolicy");
}

export function isCalicoTier(o: KubeObject): o is CalicoTier {
  return isCalicoObject(o) && o.kind === "Tier";
}
