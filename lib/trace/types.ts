/**
 * What a traffic trace returns: the ordered hops a packet takes from a source to a destination in an AKS hybrid
 * cluster (HAProxy VM, node, kube-proxy, VXLAN, pod, Service, ingress controller, DNS, outside), with the packet's
 * addresses before and after each hop, where it is load balanced, translated, encapsulated or dropped, and why.
 */
import type { Protocol } from "../kube/types";

export type HopKind = "client" | "loadBalancer" | "node" | "kubeProxy" | "vxlan" | "pod" | "service" | "ingressController" | "dns" | "external";

/** What the hop does to the packet. */
export type HopAction = "send" | "forward" | "proxy" | "dnat" | "snat" | "dnat+snat" | "encapsulate" | "resolve" | "route" | "deliver" | "drop";

/** A packet's addresses: `ip:port` (or `name:port` before DNS resolution). */
export interface Packet {
  src: string;
  dst: string;
  protocol: Protocol;
}

export interface Candidate {
  /** shared element id (`pod:ns/name`, `node:name`) */
  elementId: string;
  name: string;
  /** `ip:port` the candidate receives on */
  address: string;
  node?: string;
  ready: boolean;
  /** why the load balancer cannot pick it: not ready, or not on this node (externalTrafficPolicy / internalTrafficPolicy Local) */
  excluded?: "notReady" | "notLocal";
  /** the one this trace follows */
  chosen: boolean;
}

export interface PolicyVerdict {
  /** the cluster's plugin enforces NetworkPolicy (Calico) */
  enforced: boolean;
  /** what happens on the cluster */
  allowed: boolean;
  /** what the policies decide (under Calico); equals `allowed` when enforced */
  wouldBe: boolean;
  /** "namespace/name" of the policies that decide it (the isolating ones when denied, the admitting ones when allowed) */
  policies: string[];
  /** the sides that deny ("ingress", "egress") */
  deniedBy: ("ingress" | "egress")[];
  /** who the policy sees as the peer: "ns/pod" or an IP (after SNAT or through a proxy) */
  from: string;
  to: string;
  /** "80/TCP" */
  port: string;
  reason: string;
}

export interface Encapsulation {
  type: "VXLAN";
  vni: number;
  /** the outer packet: node → node, UDP */
  outer: Packet;
  /** largest inner packet (underlay MTU − 50) */
  innerMtu: number;
}

export interface Hop {
  /** 1-based position */
  n: number;
  kind: HopKind;
  name: string;
  /** shared element id (lib/topology/ids.ts) of the element this hop happens at; VXLAN hops carry the edge id */
  elementId: string;
  before: Packet;
  after: Packet;
  action: HopAction;
  /** English explanation (the UI builds its own text from the structured fields where it can) */
  note: string;
  encapsulation?: Encapsulation;
  /** where load balancing happens: the endpoints it picks from */
  candidates?: Candidate[];
  sessionAffinity?: "None" | "ClientIP";
  policy?: PolicyVerdict;
  dropped?: boolean;
}

export type ReasonCode =
  | "noEndpoints"
  | "noReadyEndpoint"
  | "policyDenied"
  | "noLocalEndpoint"
  | "portNotExposed"
  | "noIngressRule"
  | "noIngressController"
  | "noLoadBalancer"
  | "unknownAddress"
  | "sameNetworkUnderFlannel"
  /** the connection's address family (IPv6) is missing at the source or destination (Windows-node pods, nodes, a single-stack Service) */
  | "noAddressOfFamily";

export interface TraceReason {
  code: ReasonCode;
  message: string;
  /** the hop (n) where it stopped */
  hop: number;
  elementId: string;
  /** "namespace/name" of the policies that dropped it (code policyDenied) */
  policies: string[];
  /** for policyDenied: the pair to explain on the Policies page */
  explain?: { from: string; to: string; port: string };
}

/** An undocumented detail the trace depends on, with the value used (configurable through TraceOptions). */
export interface Assumption {
  key: keyof TraceAssumptions;
  value: string | number | boolean;
  note: string;
}

export interface TraceAssumptions {
  /** the outside client's address */
  clientIp: string;
  /** source port of new connections (client, HAProxy, ingress controller) */
  ephemeralPort: number;
  /** kube-proxy mode on Linux nodes (upstream default iptables; AKS hybrid UNCONFIRMED) */
  kubeProxyMode: "iptables" | "ipvs";
  vxlanVni: number;
  vxlanPort: number;
  underlayMtu: number;
  clusterDnsIp: string;
  clusterDomain: string;
  /** HAProxy balance algorithm (AKS hybrid's haproxy.cfg is written by lbagent; UNCONFIRMED) */
  haproxyBalance: string;
  /** HAProxy sends the PROXY protocol header (not documented: false) */
  haproxyProxyProtocol: boolean;
  /** Calico IP pool natOutgoing (operator sample true; AKS hybrid UNCONFIRMED) */
  calicoNatOutgoing: boolean;
  /** ingress-nginx connects to the pod IPs (default) or to the ClusterIP (service-upstream) */
  ingressUpstream: "endpoints" | "service";
}

export interface TraceResult {
  from: string;
  to: string;
  protocol: Protocol;
  plugin: "calico" | "flannel";
  /** the flow recognised: e.g. "external→loadBalancer" */
  flow: string;
  verdict: "delivered" | "dropped";
  hops: Hop[];
  reason: TraceReason | null;
  /** element ids along the path (elements and VXLAN edges), in order, for highlighting */
  path: string[];
  /** element id of the hop that dropped, null when delivered */
  dropped: string | null;
  assumptions: Assumption[];
  warnings: string[];
}
