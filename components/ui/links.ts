/**
 * Deep links between related objects (issue 14: network ↔ clusters ↔ nodes ↔ pods ↔ Services ↔ VIPs ↔ HAProxy
 * frontends ↔ policies). One function builds every such URL, and the pages read the same query parameters back
 * (`LINK_PARAMS`): the target row is marked and scrolled into view, a list is filtered to it. No React here.
 */

/** The query parameters the object pages understand. */
export const LINK_PARAMS = {
  /** overview: mark this node VM's row */
  node: "node",
  /** workloads: mark this pod (`ns/name`); with `node` instead: show only the pods on that node */
  pod: "pod",
  /** services: mark and expand this Service (`ns/name`); haproxy: mark the frontends serving it */
  service: "service",
  /** haproxy: mark the frontends of this VIP (`ip`) or one frontend (`ip:port`) */
  frontend: "frontend",
  /** network-policies: mark this policy (`ns/name`); with `pod`: show only the policies selecting that pod */
  policy: "policy",
} as const;

export type ObjectRef =
  | { kind: "network"; name: string }
  | { kind: "cluster"; cluster: string }
  /** a node VM on the cluster overview (control plane, worker, or HAProxy VM) */
  | { kind: "node"; cluster: string; name: string }
  /** the pods running on one node (the workloads tab, filtered) */
  | { kind: "nodePods"; cluster: string; node: string }
  | { kind: "pod"; cluster: string; namespace: string; name: string }
  | { kind: "service"; cluster: string; namespace: string; name: string }
  /** HAProxy frontends of a VIP, or the one on `port` */
  | { kind: "frontend"; cluster: string; vip: string; port?: number }
  /** the HAProxy frontends that serve one Service */
  | { kind: "serviceFrontends"; cluster: string; namespace: string; name: string }
  | { kind: "policy"; cluster: string; namespace: string; name: string }
  /** the NetworkPolicies that select one pod */
  | { kind: "podPolicies"; cluster: string; namespace: string; name: string };

const enc = encodeURIComponent;

export function objectHref(ref: ObjectRef): string {
  switch (ref.kind) {
    case "network":
      return `/networks/${enc(ref.name)}`;
    case "cluster":
      return `/clusters/${enc(ref.cluster)}`;
    case "node":
      return `/clusters/${enc(ref.cluster)}?${LINK_PARAMS.node}=${enc(ref.name)}`;
    case "nodePods":
      return `/clusters/${enc(ref.cluster)}/workloads?${LINK_PARAMS.node}=${enc(ref.node)}`;
    case "pod":
      return `/clusters/${enc(ref.cluster)}/workloads?${LINK_PARAMS.pod}=${enc(`${ref.namespace}/${ref.name}`)}`;
    case "service":
      return `/clusters/${enc(ref.cluster)}/services?${LINK_PARAMS.service}=${enc(`${ref.namespace}/${ref.name}`)}`;
    case "frontend":
      return `/clusters/${enc(ref.cluster)}/haproxy?${LINK_PARAMS.frontend}=${enc(ref.port === undefined ? ref.vip : `${ref.vip}:${ref.port}`)}`;
    case "serviceFrontends":
      return `/clusters/${enc(ref.cluster)}/haproxy?${LINK_PARAMS.service}=${enc(`${ref.namespace}/${ref.name}`)}`;
    case "policy":
      return `/clusters/${enc(ref.cluster)}/network-policies?${LINK_PARAMS.policy}=${enc(`${ref.namespace}/${ref.name}`)}`;
    case "podPolicies":
      return `/clusters/${enc(ref.cluster)}/network-policies?${LINK_PARAMS.pod}=${enc(`${ref.namespace}/${ref.name}`)}`;
  }
}

/** `ns/name` → its parts (a name without a namespace is in `default`). */
export function splitRef(ref: string): { namespace: string; name: string } {
  const i = ref.indexOf("/");
  return i < 0 ? { namespace: "default", name: ref } : { namespace: ref.slice(0, i), name: ref.slice(i + 1) };
}

/** Does a frontend (`vip`, `port`) match the `frontend` parameter (`ip` or `ip:port`)? */
export function frontendMatches(param: string | null, vip: string, port: number): boolean {
  if (!param) return false;
  return param === vip || param === `${vip}:${port}`;
}

/**
 * Where an address of a network's allocation list leads: its owner. Node VMs (control plane, worker, HAProxy) to
 * their row on the cluster overview, a Service VIP to the Service, an API server VIP to the cluster; the AKS host's
 * own addresses and spares have no page.
 */
export function allocationOwnerRef(a: { ownerKind: string; ownerName: string; clusterName: string | null }): ObjectRef | null {
  if (!a.clusterName) return null;
  const cluster = a.clusterName;
  switch (a.ownerKind.toLowerCase()) {
    case "service":
      return { kind: "service", cluster, ...splitRef(a.ownerName) };
    case "controlplane":
    case "worker":
    case "loadbalancer":
      return { kind: "node", cluster, name: a.ownerName };
    default:
      return { kind: "cluster", cluster };
  }
}
