/**
 * The trace engine: how a packet gets from A to B in an AKS hybrid cluster, hop by hop (topology-trace-notes §B).
 *
 * - external → LoadBalancer `VIP:port`: the HAProxy VM holding the VIP proxies at layer 4 (a new TCP connection:
 *   the backend sees the HAProxy VM's IP) to `node:nodePort`; kube-proxy on that node DNATs to a pod, and under
 *   `externalTrafficPolicy: Cluster` SNATs to the node IP; a pod on another node is reached through VXLAN
 *   (VNI 4096, UDP 4789); under `Local` only nodes with a ready local endpoint serve (others drop).
 * - external → `NodeIP:NodePort`: the same from the node on (the pod sees the client under `Local`).
 * - external → Ingress `host/path`: to the controller's VIP, through HAProxy to a controller pod (TLS ends there),
 *   then a new connection from the controller pod to a backend pod (ingress-nginx: pod IPs, not the ClusterIP).
 * - pod → Service (DNS name or ClusterIP): DNS, then DNAT on the source node (no SNAT), VXLAN, the pod.
 * - pod → pod IP; pod → ExternalName (CNAME only, no proxying); pod → a VM in the same / another network
 *   (Calico natOutgoing SNATs to the node IP; Flannel: same network "No" — the seed's product rule).
 * - NetworkPolicy: egress on the source host after DNAT, ingress on the destination host; Calico enforces, Flannel
 *   does not (the trace then says what Calico would do).
 *
 * - Dual-stack (Calico): a connection keeps one address family. The family is the destination's (an IPv6 ClusterIP
 *   `[fd00:10:96::a]:80`, an IPv6 pod address) or the source's (`from` an IPv6 pod address); kube-proxy then DNATs to
 *   the endpoint pod's IPv6 address (the Service's IPv6 EndpointSlice: pods with an IPv6 address, so no pod on a
 *   Windows node) and policies see the IPv6 addresses (ipBlocks of that family). Nodes, VIPs and the node network
 *   are IPv4 in AKS hybrid (fact sheet §1.2, §1.5), so IPv6 goes no further than pods and ClusterIPs.
 *
 * Pure: a function of the cluster snapshot, its network and its HAProxy VMs. Build a {@link TracePlan} once with
 * {@link prepareTrace} (indexes, HAProxy model, compiled policies) and trace many times.
 */
import { endpointsOfService, podIp } from "../kube/endpoints";
import { DEFAULT_NAMESPACE, effectiveNamespace } from "../kube/kinds";
import { cidrContains, isIpAddress, parseCidr, parseIp as parseKubeIp } from "../kube/ip";
import { canonicalIPv6 } from "../ipam/ipv6";
import type { ClusterSnapshot, Pod, Protocol, Service, ServicePort, SnapshotNode } from "../kube/types";
import { haproxyModel, type HaproxyFrontend, type HaproxyLoadBalancerVm, type HaproxyModel } from "../haproxy/model";
import { findController, ingressClasses, routeIngress, type RouteResult } from "../ingress/route";
import { compilePolicies, type PolicyIndex } from "../policy/compile";
import { explain } from "../policy/explain";
import { CalicoModel, type CalicoSideDecision } from "../policy/calico/evaluate";
import { isCalicoPolicy } from "../policy/calico/types";
import { calicoSideText } from "../policy/words";
import { translate } from "../i18n/messages";
import { compileIpBlock, ipBlockContains, parseIp as parsePolicyIp } from "../policy/ip";
import { rangesMatch } from "../policy/ports";
import { EXTERNAL_CLIENT_ID as CLIENT_ID, edgeId, externalId as extId, ingressId as ingId, loadBalancerId as lbId, nodeId, podId, serviceId as svcId } from "../topology/ids";
import type { Assumption, Candidate, Hop, HopAction, HopKind, Packet, PolicyVerdict, ReasonCode, TraceAssumptions, TraceReason, TraceResult } from "./types";

export const DEFAULT_ASSUMPTIONS: TraceAssumptions = {
  clientIp: "203.0.113.10",
  ephemeralPort: 49152,
  kubeProxyMode: "iptables",
  vxlanVni: 4096,
  vxlanPort: 4789,
  underlayMtu: 1500,
  clusterDnsIp: "10.96.0.10",
  clusterDomain: "cluster.local",
  haproxyBalance: "roundrobin",
  haproxyProxyProtocol: false,
  calicoNatOutgoing: true,
  ingressUpstream: "endpoints",
};

const ASSUMPTION_NOTES: Record<keyof TraceAssumptions, string> = {
  clientIp: "address of the outside client (any address outside the cluster's networks)",
  ephemeralPort: "source port of new connections; the real one is random",
  kubeProxyMode: "kube-proxy mode on Linux nodes: upstream default iptables, AKS hybrid UNCONFIRMED (Windows nodes use kernelspace/HNS)",
  vxlanVni: "VXLAN VNI: Calico Felix default and required by Flannel for Windows interop; AKS hybrid UNCONFIRMED",
  vxlanPort: "VXLAN UDP port: Calico Felix default and required for Windows interop; AKS hybrid UNCONFIRMED",
  underlayMtu: "MTU of the node network; VXLAN costs 50 bytes (inner MTU = underlay − 50); AKS hybrid value UNCONFIRMED",
  clusterDnsIp: "CoreDNS ClusterIP: kubeadm default, UNCONFIRMED for AKS hybrid",
  clusterDomain: "cluster domain: kubeadm default, UNCONFIRMED for AKS hybrid",
  haproxyBalance: "HAProxy balance algorithm and checks: lbagent writes haproxy.cfg, not documented; the trace follows the first healthy backend",
  haproxyProxyProtocol: "HAProxy sends no PROXY protocol header (none documented; the client IP is lost behind the VIP)",
  calicoNatOutgoing: "Calico IP pool natOutgoing: pods reaching addresses outside the pools are SNATed to the node IP (operator sample; AKS hybrid UNCONFIRMED)",
  ingressUpstream: "ingress-nginx sends to the backend pod IPs (its default), not the ClusterIP (service-upstream)",
};

export class TraceInputError extends Error {
  constructor(
    readonly field: "from" | "to" | "protocol",
    message: string,
  ) {
    super(message);
    this.name = "TraceInputError";
  }
}

export interface TraceNetwork {
  name: string;
  /** the node network's prefix (static networks); VMs inside it are "in the same network" */
  ipAddressPrefix?: string;
  gateway?: string;
}

export interface TraceEnv {
  snapshot: ClusterSnapshot;
  network?: TraceNetwork;
  /** HAProxy VMs; default: the snapshot's nodes with role loadbalancer */
  loadBalancers?: HaproxyLoadBalancerVm[];
}

export interface TraceRequest {
  from: string;
  to: string;
  protocol?: Protocol;
}

export interface TraceOptions {
  /** trace as if the cluster ran this plugin ("what changes under the other plugin") */
  plugin?: "calico" | "flannel";
  assumptions?: Partial<TraceAssumptions>;
  /** the node HAProxy forwards to (default: the first healthy backend) */
  via?: string;
  /** the endpoint kube-proxy picks, "ns/pod" (default: the first candidate; kube-proxy picks at random) */
  endpoint?: string;
}

/** Indexes built once per snapshot. */
export interface TracePlan {
  env: TraceEnv;
  snapshot: ClusterSnapshot;
  podsByKey: Map<string, Pod>;
  podsByIp: Map<string, Pod>;
  nodesByName: Map<string, SnapshotNode>;
  nodesByIp: Map<string, SnapshotNode>;
  servicesByKey: Map<string, Service>;
  servicesByClusterIp: Map<string, Service>;
  servicesByNodePort: Map<string, { svc: Service; port: ServicePort }>;
  namespaces: Set<string>;
  loadBalancers: HaproxyLoadBalancerVm[];
  haproxy: HaproxyModel;
  frontends: Map<string, HaproxyFrontend>;
  vips: Set<string>;
  /** compiled with Calico semantics (Flannel is interpreted on top) */
  policies(): PolicyIndex;
  /** Calico's tiered model when the snapshot holds projectcalico.org/v3 policies (they decide then), else null */
  calico(): CalicoModel | null;
}

const keyOf = (obj: { kind: string; metadata: { name: string; namespace?: string } }) => `${effectiveNamespace(obj) ?? DEFAULT_NAMESPACE}/${obj.metadata.name}`;

export function prepareTrace(env: TraceEnv): TracePlan {
  const snapshot = env.snapshot;
  const podsByKey = new Map<string, Pod>();
  const podsByIp = new Map<string, Pod>();
  const namespaces = new Set<string>(snapshot.namespaces.map((n) => n.metadata.name));
  for (const p of snapshot.pods) {
    podsByKey.set(keyOf(p), p);
    namespaces.add(effectiveNamespace(p) ?? DEFAULT_NAMESPACE);
    if (!p.spec?.hostNetwork) for (const ip of podAddresses(p)) podsByIp.set(ip, p);
  }
  const nodesByName = new Map(snapshot.nodes.map((n) => [n.name, n]));
  const nodesByIp = new Map(snapshot.nodes.filter((n) => n.ipAddress).map((n) => [n.ipAddress as string, n]));
  const servicesByKey = new Map<string, Service>();
  const servicesByClusterIp = new Map<string, Service>();
  const servicesByNodePort = new Map<string, { svc: Service; port: ServicePort }>();
  for (const s of snapshot.services) {
    servicesByKey.set(keyOf(s), s);
    namespaces.add(effectiveNamespace(s) ?? DEFAULT_NAMESPACE);
    for (const ip of clusterIps(s)) servicesByClusterIp.set(ip, s);
    for (const p of s.spec?.ports ?? []) if (typeof p.nodePort === "number") servicesByNodePort.set(`${p.nodePort}/${p.protocol ?? "TCP"}`, { svc: s, port: p });
  }
  const loadBalancers =
    env.loadBalancers ?? snapshot.nodes.filter((n) => n.role === "loadbalancer").map((n) => ({ name: n.name, ...(n.ipAddress ? { ipAddress: n.ipAddress } : {}) }));
  const haproxy = haproxyModel({ cluster: snapshot.name, loadBalancers, snapshot });
  const frontends = new Map(haproxy.frontends.map((f) => [`${f.vip}:${f.port}`, f]));
  const vips = new Set(haproxy.frontends.map((f) => f.vip));
  if (snapshot.apiServerVip) vips.add(snapshot.apiServerVip);
  for (const s of snapshot.services) {
    const ip = s.status?.loadBalancer?.ingress?.[0]?.ip;
    if (s.spec?.type === "LoadBalancer" && ip) vips.add(ip);
  }
  let index: PolicyIndex | undefined;
  let calico: CalicoModel | null | undefined;
  return {
    env,
    snapshot,
    podsByKey,
    podsByIp,
    nodesByName,
    nodesByIp,
    servicesByKey,
    servicesByClusterIp,
    servicesByNodePort,
    namespaces,
    loadBalancers,
    haproxy,
    frontends,
    vips,
    policies: () => (index ??= compilePolicies({ ...snapshot, primaryNetworkPlugin: "calico" })),
    calico: () => (calico === undefined ? (calico = snapshot.others.some(isCalicoPolicy) ? new CalicoModel({ ...snapshot, primaryNetworkPlugin: "calico" }) : null) : calico),
  };
}

// ------------------------------------------------------------------------------------------------ parsing input

type Source = { kind: "external" } | { kind: "pod"; key: string; pod: Pod; /** the address `from` named */ ip?: string } | { kind: "node"; node: SnapshotNode };

export type IpFamilyNumber = 4 | 6;

/** IPv6 text in RFC 5952 form (what the indexes hold); IPv4 and names unchanged. */
export function canonicalIp(ip: string): string {
  return ip.includes(":") ? (canonicalIPv6(ip) ?? ip) : ip;
}
const familyOf = (ip: string): IpFamilyNumber => (ip.includes(":") ? 6 : 4);

/** Every address of a pod (`status.podIPs`, `status.podIP`), IPv6 in RFC 5952 text, in order. */
export function podAddresses(pod: Pod): string[] {
  const out: string[] = [];
  for (const t of [...(pod.status?.podIPs ?? []).map((x) => x?.ip), pod.status?.podIP]) {
    if (typeof t === "string" && t !== "" && isIpAddress(t)) {
      const c = canonicalIp(t);
      if (!out.includes(c)) out.push(c);
    }
  }
  return out;
}

/** The pod's address of one family: IPv4 is `podIP` (the primary), IPv6 the first IPv6 entry of `podIPs`. */
export function podAddressOf(pod: Pod, family: IpFamilyNumber): string | undefined {
  if (family === 4) {
    const ip = podIp(pod);
    return ip && familyOf(ip) === 6 ? podAddresses(pod).find((a) => familyOf(a) === 4) : ip;
  }
  return podAddresses(pod).find((a) => familyOf(a) === 6);
}

/** A Service's ClusterIPs (`spec.clusterIPs`, else `spec.clusterIP`; not "None"), IPv6 in RFC 5952 text. */
export function clusterIps(svc: Service): string[] {
  const list = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  return [...new Set(list.filter((ip) => ip && ip !== "None" && isIpAddress(ip)).map(canonicalIp))];
}
type Target =
  | { kind: "ip"; ip: string; port: number }
  | { kind: "service"; svc: Service; port: number; name: string }
  | { kind: "pod"; key: string; pod: Pod; port: number }
  | { kind: "http"; host: string; path: string; port?: number; scheme: "http" | "https" | null };

function parsePort(text: string, field: "to"): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new TraceInputError(field, `port "${text}" must be a number 1-65535`);
  return n;
}

export function parseSource(plan: TracePlan, from: string): Source {
  const f = from.trim();
  if (f === "" ) throw new TraceInputError("from", `from is required: "external", "namespace/pod" or a node name`);
  if (f === "external") return { kind: "external" };
  if (f.includes("/")) {
    const pod = plan.podsByKey.get(f);
    if (!pod) throw new TraceInputError("from", `unknown pod "${f}" (expected namespace/name of a pod of cluster ${plan.snapshot.name})`);
    return { kind: "pod", key: f, pod };
  }
  const node = plan.nodesByName.get(f);
  if (node) return { kind: "node", node };
  const byIp = isIpAddress(f) ? plan.podsByIp.get(canonicalIp(f)) : undefined;
  if (byIp) return { kind: "pod", key: keyOf(byIp), pod: byIp, ip: canonicalIp(f) };
  throw new TraceInputError("from", `unknown source "${f}": expected "external", "namespace/pod" or a node name of cluster ${plan.snapshot.name}`);
}

export function parseTarget(plan: TracePlan, to: string): Target {
  let t = to.trim();
  if (t === "") throw new TraceInputError("to", `to is required: "VIP:port", "NodeIP:nodePort", "host/path", "svc.ns:port", "ns/pod:port" or "ip:port"`);
  let scheme: "http" | "https" | null = null;
  const sm = /^(https?):\/\//i.exec(t);
  if (sm) {
    scheme = sm[1].toLowerCase() as "http" | "https";
    t = t.slice(sm[0].length);
  }
  // ns/pod:port
  const podM = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?):(\d+)$/.exec(t);
  if (!scheme && podM && plan.namespaces.has(podM[1])) {
    const key = `${podM[1]}/${podM[3]}`;
    const pod = plan.podsByKey.get(key);
    if (!pod) throw new TraceInputError("to", `unknown pod "${key}"`);
    return { kind: "pod", key, pod, port: parsePort(podM[5], "to") };
  }
  if (!scheme && podM && !podM[1].includes(".")) throw new TraceInputError("to", `unknown namespace "${podM[1]}" in "${t}" (expected namespace/pod:port)`);
  // ip:port
  const ipM = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(t);
  if (!scheme && ipM) {
    if (!isIpAddress(ipM[1])) throw new TraceInputError("to", `"${ipM[1]}" is not a valid IPv4 address`);
    return { kind: "ip", ip: ipM[1], port: parsePort(ipM[2], "to") };
  }
  if (!scheme && /^\d{1,3}(\.\d{1,3}){3}$/.test(t)) throw new TraceInputError("to", `"${t}" needs a port: ip:port`);
  // [IPv6]:port (RFC 3986 brackets: the port cannot be told from the address otherwise)
  const v6M = /^\[([^\]]*)\]:(\d+)$/.exec(t);
  if (!scheme && v6M) {
    if (!v6M[1].includes(":") || !isIpAddress(v6M[1])) throw new TraceInputError("to", `"${v6M[1]}" is not a valid IPv6 address`);
    return { kind: "ip", ip: canonicalIp(v6M[1]), port: parsePort(v6M[2], "to") };
  }
  if (!scheme && t.includes(":") && isIpAddress(t.replace(/^\[|\]$/g, ""))) throw new TraceInputError("to", `"${t}" needs a port: [IPv6]:port, e.g. [fd00:10:96::a]:80`);
  // svc.ns[.svc[.cluster.local]]:port
  const svcM = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc(\.[a-z0-9.-]+)?)?:(\d+)$/.exec(t);
  if (!scheme && svcM && plan.namespaces.has(svcM[3])) {
    const key = `${svcM[3]}/${svcM[1]}`;
    const svc = plan.servicesByKey.get(key);
    if (!svc) throw new TraceInputError("to", `unknown Service "${key}" (from "${t}")`);
    return { kind: "service", svc, port: parsePort(svcM[7], "to"), name: t.slice(0, t.lastIndexOf(":")) };
  }
  // host[:port]/path
  const httpM = /^([a-z0-9*]([-a-z0-9.]*[a-z0-9])?)(?::(\d+))?(\/[^\s]*)?$/i.exec(t);
  if (httpM && /[a-z]/i.test(httpM[1]) && (httpM[4] !== undefined || scheme)) {
    const port = httpM[3] ? parsePort(httpM[3], "to") : scheme === "https" ? 443 : scheme === "http" ? 80 : undefined;
    return { kind: "http", host: httpM[1].toLowerCase(), path: httpM[4] ?? "/", ...(port ? { port } : {}), scheme };
  }
  throw new TraceInputError(
    "to",
    `cannot read destination "${to}": expected "VIP:port", "NodeIP:nodePort", "host/path", "svc.ns:port", "ns/pod:port", "ip:port" or "[IPv6]:port"`,
  );
}

// ------------------------------------------------------------------------------------------------ the walk

/** `ip:port`, `[IPv6]:port` */
const addr = (ip: string, port: number | string) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
const ipOf = (a: string) => {
  const host = a.slice(0, a.lastIndexOf(":"));
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
};

class Walk {
  hops: Hop[] = [];
  reason: TraceReason | null = null;
  warnings: string[] = [];
  constructor(
    readonly plan: TracePlan,
    readonly a: TraceAssumptions,
    readonly plugin: "calico" | "flannel",
    public pkt: Packet,
    /** the connection's address family (IPv6 only between pods and ClusterIPs of a dual-stack cluster) */
    readonly family: IpFamilyNumber = 4,
  ) {}

  hop(kind: HopKind, name: string, elementId: string, after: Partial<Packet>, action: HopAction, note: string, extra: Partial<Hop> = {}): Hop {
    const before = { ...this.pkt };
    this.pkt = { ...this.pkt, ...after };
    const h: Hop = { n: this.hops.length + 1, kind, name, elementId, before, after: { ...this.pkt }, action, note, ...extra };
    this.hops.push(h);
    return h;
  }

  /** Drop at the last hop (or a new one when `at` is given). */
  drop(code: ReasonCode, message: string, policies: string[] = [], explain?: TraceReason["explain"]): false {
    const last = this.hops[this.hops.length - 1];
    last.dropped = true;
    last.action = "drop";
    last.after = { ...last.before };
    this.reason = { code, message, hop: last.n, elementId: last.elementId, policies, ...(explain ? { explain } : {}) };
    return false;
  }
}

function nodeOfPod(plan: TracePlan, pod: Pod): SnapshotNode | undefined {
  const n = pod.spec?.nodeName;
  return n ? plan.nodesByName.get(n) : undefined;
}

function portName(p: ServicePort): string {
  return p.name ? `${p.name} ${p.port}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`;
}

/** The service's endpoint candidates for one port: every address (ready or not) with the port it serves. */
function serviceCandidates(plan: TracePlan, svc: Service, sp: ServicePort, family: IpFamilyNumber = 4): { key: string; ip: string; port: number; node?: string; ready: boolean }[] {
  const ns = effectiveNamespace(svc) ?? DEFAULT_NAMESPACE;
  const out: { key: string; ip: string; port: number; node?: string; ready: boolean }[] = [];
  for (const entry of endpointsOfService(plan.snapshot.endpoints, ns, svc.metadata.name)) {
    const port = entry.ports.find((p) => (p.name ?? "") === (sp.name ?? "") && p.protocol === (sp.protocol ?? "TCP"));
    if (!port) continue;
    for (const a of entry.addresses) {
      const key = a.podRef ? `${a.podRef.namespace}/${a.podRef.name}` : a.ip;
      const pod = a.podRef ? plan.podsByKey.get(key) : undefined;
      const node = a.nodeName ?? pod?.spec?.nodeName;
      // IPv6: the Service's IPv6 EndpointSlice holds the pods' IPv6 addresses (none for a pod without one)
      const ip = family === 4 ? a.ip : pod ? podAddressOf(pod, 6) : familyOf(a.ip) === 6 ? canonicalIp(a.ip) : undefined;
      if (ip === undefined) continue;
      out.push({ key, ip, port: port.port, ...(node ? { node } : {}), ready: a.ready });
    }
  }
  return out.sort((x, y) => Number(y.ready) - Number(x.ready) || x.key.localeCompare(y.key));
}

/** Kubernetes policies of one side of a pod whose peer is an address (no pod): only ipBlock peers and peer-less rules match. */
function ipPeerSide(index: PolicyIndex, direction: "ingress" | "egress", podKey: string, peerIp: string, port: number, protocol: Protocol) {
  const i = index.podIndex(podKey)!;
  const isolating = index.isolatingPolicies(i, direction);
  const ip = parsePolicyIp(peerIp);
  const allowedBy: string[] = [];
  for (const pol of isolating) {
    for (const rule of direction === "ingress" ? pol.ingress : pol.egress) {
      const portOk = direction === "ingress" ? index.rulePortMatches(rule, { port, protocol }, i) : rule.ports === null || rangesMatch(rule.ports, { port, protocol });
      if (!portOk) continue;
      if (rule.peers === null || rule.peers.some((p) => p.ipBlock && ip && ipBlockContains(p.ipBlock, ip))) allowedBy.push(pol.key);
    }
  }
  return { isolated: isolating.length > 0, isolating: isolating.map((p) => p.key), allowedBy: [...new Set(allowedBy)] };
}

/**
 * Calico's tiered verdict (Calico v3 policies and Kubernetes ones, lib/policy/calico) for the trace's packet: the same
 * evaluator as the matrix and the explanations. A side that is an address, not a pod, matches only rules without
 * selectors (nets still apply); the Kubernetes policies there are read as above (ipBlock peers).
 */
function calicoPolicyVerdict(walk: Walk, model: CalicoModel, from: { pod?: string; ip: string }, to: { pod?: string; ip: string }, port: number): PolicyVerdict {
  const index = walk.plan.policies();
  const protocol = walk.pkt.protocol;
  const spec = { port, protocol };
  const portText = `${port}/${protocol}`;
  const enforced = walk.plugin === "calico";
  const k8s = (keys: string[]) => new Set(keys.map((k) => `k8s:${k}`));
  let k8sEgress = new Set<string>();
  let k8sIngress = new Set<string>();
  if (from.pod && to.pod) {
    const e = explain(index, from.pod, to.pod, spec);
    k8sEgress = k8s(e.egress.allowedBy.map((m) => m.policy));
    k8sIngress = k8s(e.ingress.allowedBy.map((m) => m.policy));
  } else {
    if (from.pod) k8sEgress = k8s(ipPeerSide(index, "egress", from.pod, to.ip, port, protocol).allowedBy);
    if (to.pod) k8sIngress = k8s(ipPeerSide(index, "ingress", to.pod, from.ip, port, protocol).allowedBy);
  }
  const self = from.pod !== undefined && from.pod === to.pod;
  const sides: { direction: "egress" | "ingress"; d: CalicoSideDecision }[] = [];
  if (from.pod && !self) sides.push({ direction: "egress", d: model.sideWithPeer("Egress", from.pod, to.pod ?? { ip: to.ip }, spec, k8sEgress) });
  if (to.pod && !self) sides.push({ direction: "ingress", d: model.sideWithPeer("Ingress", from.pod ?? { ip: from.ip }, to.pod, spec, k8sIngress) });
  const wouldBe = sides.every((x) => x.d.allowed);
  const deciding = wouldBe ? sides : sides.filter((x) => !x.d.allowed);
  const policies = deciding.flatMap(({ d }) => (d.by === "tierDefault" ? (d.policies ?? []) : d.policy ? [d.policy] : []));
  const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate("en", key, vars);
  const words = self ? "traffic from a pod to itself is never subject to policy" : deciding.map(({ direction, d }) => calicoSideText(d, direction, en)).join("; ");
  let reason = `${from.pod ?? from.ip} → ${to.pod ?? to.ip} on ${portText} is ${wouldBe ? "allowed" : "denied"} by policy (Calico's tiers): ${words}.`;
  if (!enforced) reason = `not enforced: the cluster's network plugin is flannel, which enforces no policy; under Calico: ${reason}`;
  return {
    enforced,
    allowed: enforced ? wouldBe : true,
    wouldBe,
    policies: [...new Set(policies)].sort(),
    deniedBy: sides.filter((x) => !x.d.allowed).map((x) => x.direction),
    from: from.pod ?? from.ip,
    to: to.pod ?? to.ip,
    port: portText,
    reason,
  };
}

/** Evaluate NetworkPolicy between a source (a pod key or an IP) and a destination pod (or an outside IP for egress). */
function policyVerdict(walk: Walk, from: { pod?: string; ip: string }, to: { pod?: string; ip: string }, port: number): PolicyVerdict {
  const calico = walk.plan.calico();
  if (calico) return calicoPolicyVerdict(walk, calico, from, to, port);
  const index = walk.plan.policies();
  const protocol = walk.pkt.protocol;
  const portText = `${port}/${protocol}`;
  const enforced = walk.plugin === "calico";
  let wouldBe: boolean;
  const denied: ("ingress" | "egress")[] = [];
  const policies: string[] = [];
  let reason: string;
  if (from.pod && to.pod) {
    const e = explain(index, from.pod, to.pod, { port, protocol });
    wouldBe = e.allowed;
    const ingressOk = !e.ingress.isolated || e.ingress.allowedBy.length > 0;
    const egressOk = !e.egress.isolated || e.egress.allowedBy.length > 0 || from.pod === to.pod;
    if (!egressOk) denied.push("egress"), policies.push(...e.egress.isolatingPolicies);
    if (!ingressOk && from.pod !== to.pod) denied.push("ingress"), policies.push(...e.ingress.isolatingPolicies);
    if (wouldBe) policies.push(...new Set([...e.egress.allowedBy, ...e.ingress.allowedBy].map((m) => m.policy)));
    reason = e.reason.replace(/ is (allowed|denied): /, ` is ${wouldBe ? "allowed" : "denied"} by policy: `);
  } else {
    // one side is not a pod: only ipBlock peers (and rules without peers) can match it
    const side = (direction: "ingress" | "egress", podKey: string, peerIp: string) => ipPeerSide(index, direction, podKey, peerIp, port, protocol);
    const parts: string[] = [];
    let ok = true;
    if (from.pod) {
      const s = side("egress", from.pod, to.ip);
      if (s.isolated && s.allowedBy.length === 0) {
        ok = false;
        denied.push("egress");
        policies.push(...s.isolating);
        parts.push(`egress from ${from.pod} is isolated by ${s.isolating.join(", ")} and no egress rule allows ${to.ip} on ${portText}`);
      } else {
        policies.push(...s.allowedBy);
        parts.push(s.isolated ? `egress from ${from.pod} to ${to.ip} is allowed by ${s.allowedBy.join(", ")}` : `egress from ${from.pod} is not isolated`);
      }
    }
    if (to.pod) {
      const s = side("ingress", to.pod, from.ip);
      if (s.isolated && s.allowedBy.length === 0) {
        ok = false;
        denied.push("ingress");
        policies.push(...s.isolating);
        parts.push(`ingress to ${to.pod} is isolated by ${s.isolating.join(", ")} and no rule admits ${from.ip} (not a pod: only ipBlock peers can match it) on ${portText}`);
      } else {
        policies.push(...s.allowedBy);
        parts.push(s.isolated ? `ingress to ${to.pod} from ${from.ip} is allowed by ${s.allowedBy.join(", ")}` : `ingress to ${to.pod} is not isolated`);
      }
    }
    wouldBe = ok;
    reason = `${from.pod ?? from.ip} → ${to.pod ?? to.ip} on ${portText} is ${ok ? "allowed" : "denied"} by policy: ${parts.join(", and ")}.`;
  }
  if (!enforced) reason = `not enforced: the cluster's network plugin is flannel, which does not enforce NetworkPolicy; under Calico: ${reason}`;
  return {
    enforced,
    allowed: enforced ? wouldBe : true,
    wouldBe,
    policies: [...new Set(policies)].sort(),
    deniedBy: denied,
    from: from.pod ?? from.ip,
    to: to.pod ?? to.ip,
    port: portText,
    reason,
  };
}

function applyPolicy(walk: Walk, hop: Hop, v: PolicyVerdict): boolean {
  hop.policy = v;
  if (v.allowed) return true;
  return walk.drop("policyDenied", `${v.reason}`, v.policies, { from: v.from, to: v.to, port: v.port });
}

function vxlan(walk: Walk, from: SnapshotNode, to: SnapshotNode): void {
  const a = walk.a;
  const outer: Packet = { src: addr(from.ipAddress ?? from.name, a.ephemeralPort), dst: addr(to.ipAddress ?? to.name, a.vxlanPort), protocol: "UDP" };
  walk.hop(
    "vxlan",
    `VXLAN ${from.name} → ${to.name}`,
    edgeId("vxlan", nodeId(from.name), nodeId(to.name)),
    {},
    "encapsulate",
    `${walk.plugin === "calico" ? "Calico" : "Flannel"} VXLAN: the inner packet is unchanged, wrapped in UDP ${outer.src} → ${outer.dst} (VNI ${a.vxlanVni}); inner MTU ${a.underlayMtu - 50}` +
      (from.osType === "Windows" || to.osType === "Windows" ? "; Windows node: VNI 4096 / UDP 4789 are required for Linux↔Windows interop" : ""),
    { encapsulation: { type: "VXLAN", vni: a.vxlanVni, outer, innerMtu: a.underlayMtu - 50 } },
  );
  walk.hop("node", to.name, nodeId(to.name), {}, "forward", `${to.name} decapsulates and hands the packet to the pod's interface`);
}

/** Pick the candidate the trace follows: `opts.endpoint` when it is one, else the first (kube-proxy picks at random). */
function pick<T extends { key: string }>(cands: T[], wanted: string | undefined): T {
  return (wanted && cands.find((c) => c.key === wanted)) || cands[0];
}

/**
 * kube-proxy on `node` load-balances to the Service's endpoints: DNAT to the pod, SNAT to the node under
 * externalTrafficPolicy Cluster for external traffic, then (across nodes) VXLAN and the pod, with its ingress policy.
 */
function viaKubeProxy(
  walk: Walk,
  node: SnapshotNode,
  svc: Service,
  sp: ServicePort,
  mode: "external" | "internal",
  opts: TraceOptions,
  source: { pod?: string },
): boolean {
  const ref = keyOf(svc);
  const [ns, name] = ref.split("/");
  const all = serviceCandidates(walk.plan, svc, sp, walk.family);
  const etp = svc.spec.externalTrafficPolicy === "Local" ? "Local" : "Cluster";
  const itp = svc.spec.internalTrafficPolicy === "Local" ? "Local" : "Cluster";
  const local = (mode === "external" && etp === "Local") || (mode === "internal" && itp === "Local");
  const ready = all.filter((c) => c.ready && (!local || c.node === node.name));
  const affinity = svc.spec.sessionAffinity === "ClientIP" ? "ClientIP" : "None";
  const chosen = ready.length ? pick(ready, opts.endpoint) : undefined;
  const candidates: Candidate[] = all.map((c) => ({
    elementId: c.key.includes("/") ? podId(...(c.key.split("/") as [string, string])) : extId(c.ip),
    name: c.key,
    address: addr(c.ip, c.port),
    ...(c.node ? { node: c.node } : {}),
    ready: c.ready,
    ...(!c.ready ? { excluded: "notReady" as const } : local && c.node !== node.name ? { excluded: "notLocal" as const } : {}),
    chosen: c === chosen,
  }));
  const clientIp = ipOf(walk.pkt.src);
  const snat = mode === "external" && etp === "Cluster";
  const hairpin = mode === "internal" && chosen !== undefined && source.pod === chosen.key;
  const windows = node.osType === "Windows";
  const after: Partial<Packet> = chosen ? { dst: addr(chosen.ip, chosen.port) } : {};
  if (chosen && (snat || hairpin)) after.src = addr(node.ipAddress ?? node.name, walk.a.ephemeralPort);
  const modeText = windows
    ? `kube-proxy (kernelspace, HNS/VFP load balancer on Windows${local && mode === "external" ? "; externalTrafficPolicy Local needs DSR (--enable-dsr), AKS hybrid DSR UNCONFIRMED" : ""})`
    : `kube-proxy (${walk.a.kubeProxyMode})`;
  const natText = !chosen
    ? ""
    : snat
      ? `DNAT ${walk.pkt.dst} → ${after.dst} and SNAT ${clientIp} → ${node.ipAddress} (externalTrafficPolicy Cluster: the pod sees the node${windows ? "; on Windows the source is the node's source VIP for pod backends" : ""})`
      : hairpin
        ? `DNAT ${walk.pkt.dst} → ${after.dst} and SNAT to the node (hairpin: the pod reaches itself through its own Service)`
        : mode === "external"
          ? `DNAT ${walk.pkt.dst} → ${after.dst}, source kept (externalTrafficPolicy Local: only this node's endpoints, no second hop)`
          : `DNAT ${walk.pkt.dst} → ${after.dst} on the source node, source kept (no SNAT for in-cluster traffic)`;
  const hop = walk.hop(
    "kubeProxy",
    `kube-proxy on ${node.name} (Service ${ref} ${portName(sp)})`,
    svcId(ns, name),
    after,
    chosen ? (snat || hairpin ? "dnat+snat" : "dnat") : "drop",
    `${modeText} load-balances Service ${ref} port ${portName(sp)} over ${ready.length} ready endpoint(s)${affinity === "ClientIP" ? " with ClientIP session affinity (the same client keeps the same pod for 3 h by default)" : " at random"}${chosen ? `; ${natText}` : ""}`,
    { candidates, sessionAffinity: affinity },
  );
  if (!chosen) {
    if (all.length === 0) return walk.drop("noEndpoints", `Service ${ref} has no endpoints: no pod matches its selector${svc.spec.selector ? ` ${JSON.stringify(svc.spec.selector)}` : " (it has no selector and no Endpoints)"}`);
    if (local && all.some((c) => c.ready))
      return walk.drop(
        "noLocalEndpoint",
        mode === "external"
          ? `externalTrafficPolicy Local: node ${node.name} has no ready endpoint of ${ref}, so it drops the traffic (nodes with one: ${[...new Set(all.filter((c) => c.ready).map((c) => c.node))].join(", ")})`
          : `internalTrafficPolicy Local: node ${node.name} has no ready endpoint of ${ref}`,
      );
    return walk.drop("noReadyEndpoint", `Service ${ref} has ${all.length} endpoint(s) but none is ready (kube-proxy routes to ready endpoints only)`);
  }
  return toPod(walk, node, chosen.key, opts, source, hop);
}

/** From `node` (where the packet is now) to the pod `key`: VXLAN if remote, then the pod with its ingress policy. */
function toPod(walk: Walk, node: SnapshotNode | undefined, key: string, _opts: TraceOptions, source: { pod?: string }, egressHop?: Hop): boolean {
  const pod = walk.plan.podsByKey.get(key);
  const [ns, name] = key.split("/");
  const dstPort = Number(walk.pkt.dst.slice(walk.pkt.dst.lastIndexOf(":") + 1));
  const srcIp = ipOf(walk.pkt.src);
  // NetworkPolicy sees the packet after NAT: the source is the pod when its IP is still the source
  const srcPod = walk.plan.podsByIp.get(srcIp);
  const fromPeer = srcPod ? { pod: keyOf(srcPod), ip: srcIp } : { ip: srcIp };
  const verdict = pod ? policyVerdict(walk, fromPeer, { pod: key, ip: ipOf(walk.pkt.dst) }, dstPort) : undefined;
  // egress is decided on the source host after DNAT
  if (verdict && verdict.deniedBy.includes("egress") && egressHop && verdict.enforced) {
    return applyPolicy(walk, egressHop, verdict);
  }
  const podNode = pod ? nodeOfPod(walk.plan, pod) : undefined;
  if (node && podNode && podNode.name !== node.name) vxlan(walk, node, podNode);
  const hop = walk.hop("pod", key, podId(ns, name), {}, "deliver", `delivered to ${key} on ${podNode?.name ?? "an unknown node"} (${walk.pkt.dst}); the pod sees the source ${walk.pkt.src}`);
  if (verdict) {
    if (!applyPolicy(walk, hop, verdict)) return false;
  }
  void source;
  return true;
}

function lbVm(walk: Walk): HaproxyLoadBalancerVm | undefined {
  return walk.plan.loadBalancers[0];
}

/** Client (outside, or a pod/node after SNAT) → HAProxy VIP:port → node:nodePort → kube-proxy → pod. */
function viaVip(walk: Walk, vip: string, port: number, opts: TraceOptions): boolean | { pod: string } {
  const plan = walk.plan;
  const lb = lbVm(walk);
  const fe = plan.frontends.get(`${vip}:${port}`);
  const lbName = lb ? `HAProxy ${lb.name}${fe ? ` (${fe.name})` : ""}` : "HAProxy (no load balancer VM)";
  if (!lb) {
    walk.hop("loadBalancer", lbName, vipIdOf(vip), {}, "drop", "no HAProxy VM");
    return walk.drop("noLoadBalancer", `cluster ${plan.snapshot.name} has no HAProxy load balancer VM (-loadBalancerSku none): nothing answers on ${vip}:${port}`);
  }
  if (!fe || walk.pkt.protocol !== "TCP") {
    walk.hop("loadBalancer", lbName, lbId(lb.name), {}, "drop", "no frontend");
    const served = plan.haproxy.frontends.filter((f) => f.vip === vip).map((f) => f.port);
    return walk.drop(
      "portNotExposed",
      walk.pkt.protocol !== "TCP"
        ? `HAProxy load-balances TCP only: ${walk.pkt.protocol} to ${vip}:${port} is not served`
        : `HAProxy has no frontend for ${vip}:${port}${served.length ? ` (the VIP serves ports ${served.join(", ")})` : ""}`,
    );
  }
  // under externalTrafficPolicy Local every worker is listed, and only those hosting a ready endpoint pass /healthz
  const passes = (b: (typeof fe.backends)[number]) => b.address !== "" && b.healthy !== false;
  const healthy = fe.backends.filter(passes);
  const chosenNode = (opts.via && healthy.find((b) => b.node === opts.via)) || healthy[0];
  const candidates: Candidate[] = fe.backends.map((b) => ({ elementId: nodeId(b.node), name: b.node, address: addr(b.address || b.node, b.port), node: b.node, ready: passes(b), chosen: b === chosenNode }));
  const lbIp = lb.ipAddress ?? lb.name;
  const clientIp = ipOf(walk.pkt.src);
  const checkText =
    fe.kind === "service" && fe.externalTrafficPolicy === "Local"
      ? `only nodes with a ready local endpoint pass the /healthz check on healthCheckNodePort (${fe.backends.length} of them)`
      : `backends: every k8s node on the NodePort (${fe.backends.length})`;
  walk.hop(
    "loadBalancer",
    lbName,
    lbId(lb.name),
    chosenNode ? { src: addr(lbIp, walk.a.ephemeralPort), dst: addr(chosenNode.address, chosenNode.port) } : {},
    "proxy",
    `the HAProxy VM holding VIP ${vip} (keepalived) proxies at layer 4: it ends the client's TCP connection and opens a new one from its own IP ${lbIp} to ${chosenNode ? addr(chosenNode.address, chosenNode.port) : "a node"}, so the backend sees ${lbIp}, never ${clientIp} (no PROXY protocol); ${checkText}, balance ${walk.a.haproxyBalance}`,
    { candidates },
  );
  if (!chosenNode) {
    if (fe.kind === "service" && fe.externalTrafficPolicy === "Local") {
      return walk.drop("noLocalEndpoint", `externalTrafficPolicy Local and no node hosts a ready endpoint of ${fe.service}: every backend fails the /healthz check, HAProxy has nowhere to send ${vip}:${port}`);
    }
    return walk.drop(fe.kind === "service" ? "noEndpoints" : "noEndpoints", `HAProxy frontend ${fe.name} has no backend with a known address`);
  }
  const n1 = plan.nodesByName.get(chosenNode.node)!;
  if (fe.kind === "apiserver") {
    walk.hop("node", n1.name, nodeId(n1.name), {}, "deliver", `kube-apiserver on control-plane node ${n1.name} answers on ${walk.pkt.dst}`);
    return true;
  }
  walk.hop("node", n1.name, nodeId(n1.name), {}, "forward", `node ${n1.name} (${n1.osType}) receives on NodePort ${chosenNode.port}`);
  const svc = plan.servicesByKey.get(fe.service!)!;
  const sp = (svc.spec.ports ?? []).find((p) => p.port === port && (p.protocol ?? "TCP") === "TCP")!;
  const ok = viaKubeProxy(walk, n1, svc, sp, "external", opts, {});
  if (!ok) return false;
  const last = walk.hops[walk.hops.length - 1];
  return { pod: last.name };
}

const vipIdOf = (ip: string) => `vip:${ip}`;

function inNetwork(plan: TracePlan, ip: string): boolean | undefined {
  const prefix = plan.env.network?.ipAddressPrefix;
  if (plan.nodesByIp.has(ip) || plan.loadBalancers.some((l) => l.ipAddress === ip) || plan.vips.has(ip)) return true;
  if (!prefix) return undefined;
  const cidr = parseCidr(prefix);
  const parsed = parseKubeIp(ip);
  return cidr && parsed ? cidrContains(cidr, parsed) : undefined;
}

function inPodOrServiceRange(plan: TracePlan, ip: string): boolean {
  const parsed = parseKubeIp(ip);
  if (!parsed) return false;
  return [plan.snapshot.podCidr, plan.snapshot.serviceCidr, plan.snapshot.podCidrV6, plan.snapshot.serviceCidrV6].some((c) => {
    const cidr = parseCidr(c);
    return cidr ? cidrContains(cidr, parsed) : false;
  });
}

// ------------------------------------------------------------------------------------------------ flows

function fromExternal(walk: Walk, target: Target, opts: TraceOptions): string {
  const plan = walk.plan;
  const a = walk.a;
  if (target.kind === "http") return ingressFlow(walk, target, opts);
  if (target.kind !== "ip") {
    const what = target.kind === "service" ? `Service ${keyOf(target.svc)} (a ClusterIP is reachable only inside the cluster)` : `pod ${target.key} (pod IPs live in the overlay)`;
    walk.hop("client", `client ${a.clientIp}`, CLIENT_ID, {}, "send", `the outside client sends to ${walk.pkt.dst}`);
    walk.drop("unknownAddress", `an outside client cannot reach ${what}; use a LoadBalancer VIP, a NodePort or an Ingress`);
    return "external→internal";
  }
  const { ip, port } = target;
  walk.hop("client", `client ${a.clientIp}`, CLIENT_ID, {}, "send", `the outside client opens a connection to ${ip}:${port}`);
  if (plan.vips.has(ip)) {
    viaVip(walk, ip, port, opts);
    return "external→loadBalancer";
  }
  const node = plan.nodesByIp.get(ip);
  if (node && node.role !== "loadbalancer") {
    const np = plan.servicesByNodePort.get(`${port}/${walk.pkt.protocol}`);
    walk.hop("node", node.name, nodeId(node.name), {}, "forward", `node ${node.name} (${node.osType}) receives on ${ip}:${port}`);
    if (!np) {
      walk.drop("portNotExposed", `no Service has NodePort ${port}/${walk.pkt.protocol} on cluster ${plan.snapshot.name} (node ${node.name} answers nothing there)`);
      return "external→nodePort";
    }
    walk.warnings.push("exposing NodePorts directly is discouraged in AKS hybrid: node IPs change on upgrade, auto-heal and scaling");
    viaKubeProxy(walk, node, np.svc, np.port, "external", opts, {});
    return "external→nodePort";
  }
  walk.hop("external", ip, extId(ip), {}, "drop", "");
  walk.drop(
    "unknownAddress",
    inPodOrServiceRange(plan, ip)
      ? `${ip} is a pod or Service address (overlay): not reachable from outside the cluster`
      : `${ip} is no VIP, node or load balancer of cluster ${plan.snapshot.name}`,
  );
  return "external→unknown";
}

function ingressFlow(walk: Walk, target: Extract<Target, { kind: "http" }>, opts: TraceOptions): string {
  const plan = walk.plan;
  const s = plan.snapshot;
  const route: RouteResult = routeIngress(s, { host: target.host, path: target.path });
  const className = route.ingressClass ?? ingressClasses(s).find((c) => c.isDefault)?.name ?? null;
  const cls = ingressClasses(s).find((c) => c.name === className);
  const controller = cls ? findController(s, cls) : undefined;
  const ctlSvc = controller?.service ? plan.servicesByKey.get(controller.service) : undefined;
  const vip = ctlSvc?.status?.loadBalancer?.ingress?.[0]?.ip;
  // no scheme and no port: https when the host has TLS on the Ingress, else http
  const port = target.port ?? (route.tls.terminated ? 443 : 80);
  const https = target.scheme === "https" || (target.scheme === null && port === 443);
  walk.pkt = { ...walk.pkt, dst: addr(vip ?? target.host, port) };
  walk.hop("client", `client ${walk.a.clientIp}`, CLIENT_ID, {}, "send", `the client resolves ${target.host} to the ingress controller's VIP${vip ? ` ${vip}` : ""} and requests ${https ? "https" : "http"}://${target.host}${target.path}`);
  if (!controller || controller.pods.length === 0 || !ctlSvc) {
    walk.drop("noIngressController", className ? `IngressClass "${className}" has no running controller in the cluster: nothing serves ${target.host}` : `no IngressClass applies to ${target.host}`);
    return "external→ingress";
  }
  if (!vip || ctlSvc.spec.type !== "LoadBalancer") {
    walk.drop("noLoadBalancer", `the ingress controller Service ${controller.service} has no LoadBalancer VIP`);
    return "external→ingress";
  }
  const r = viaVip(walk, vip, port, opts);
  if (r === false) return "external→ingress";
  const ctlPodKey = (r as { pod: string }).pod;
  const ctlPod = plan.podsByKey.get(ctlPodKey)!;
  const ctlIp = podIp(ctlPod) ?? "";
  const ctlNode = nodeOfPod(plan, ctlPod);
  const ing = route.ingress;
  const ingElement = ing ? ingId(...(ing.split("/") as [string, string])) : podId(...(ctlPodKey.split("/") as [string, string]));
  const backend = route.backend?.service;
  const bsvc = backend && ing ? plan.servicesByKey.get(`${ing.split("/")[0]}/${backend.name}`) : undefined;
  const bsp = bsvc ? (bsvc.spec.ports ?? []).find((p) => (backend!.port.number !== undefined ? p.port === backend!.port.number : p.name === backend!.port.name)) : undefined;
  const tlsText = route.tls.terminated ? `TLS for ${target.host} ends here (secret ${route.tls.secretName}); plain HTTP to the backend` : https ? "TLS ends at the controller" : "plain HTTP";
  const ruleText = route.rule ? `rule ${route.rule.host ?? "*"} ${route.rule.path} (${route.rule.pathType})` : route.matchedBy === "defaultBackend" ? "the defaultBackend" : "no rule";
  const ctlHop = walk.hop(
    "ingressController",
    `${cls!.controller} on ${ctlPodKey}${ing ? ` — Ingress ${ing}` : ""}`,
    ingElement,
    {},
    "proxy",
    `the ingress controller matches ${target.host}${target.path} against the Ingresses of class ${className}: ${ing ? `${ing} ${ruleText} → Service ${backend?.name}:${backend?.port.number ?? backend?.port.name}` : "nothing"}; ${tlsText}${route.notes.length ? `; ${route.notes.join("; ")}` : ""}`,
  );
  if (!ing || !backend) {
    walk.drop("noIngressRule", `no Ingress rule of class ${className} matches ${target.host}${target.path} and no defaultBackend applies (the controller answers 404)`);
    return "external→ingress";
  }
  if (!bsvc || !bsp) {
    walk.drop("portNotExposed", bsvc ? `Service ${keyOf(bsvc)} has no port ${backend.port.number ?? backend.port.name}` : `the Ingress's backend Service ${ing.split("/")[0]}/${backend.name} does not exist`);
    return "external→ingress";
  }
  // a new connection from the controller pod to a backend pod (ingress-nginx: endpoints, not the ClusterIP)
  const cands = serviceCandidates(plan, bsvc, bsp);
  const ready = cands.filter((c) => c.ready);
  const chosen = ready.length ? pick(ready, opts.endpoint) : undefined;
  ctlHop.after = { src: addr(ctlIp, walk.a.ephemeralPort), dst: chosen ? addr(chosen.ip, chosen.port) : walk.pkt.dst, protocol: "TCP" };
  walk.pkt = { ...ctlHop.after };
  const [bns, bname] = keyOf(bsvc).split("/");
  walk.hop(
    "service",
    `Service ${keyOf(bsvc)} ${portName(bsp)}`,
    svcId(bns, bname),
    {},
    chosen ? "forward" : "drop",
    walk.a.ingressUpstream === "endpoints"
      ? `the controller balances over the Service's ${ready.length} ready endpoint(s) itself and connects to the pod IP (not the ClusterIP); the backend sees the controller pod ${ctlIp}, the client only in X-Forwarded-For`
      : `the controller connects to the ClusterIP (service-upstream)`,
    {
      candidates: cands.map((c) => ({ elementId: podId(...(c.key.split("/") as [string, string])), name: c.key, address: addr(c.ip, c.port), ...(c.node ? { node: c.node } : {}), ready: c.ready, chosen: c === chosen })),
    },
  );
  if (!chosen) {
    walk.drop(cands.length ? "noReadyEndpoint" : "noEndpoints", cands.length ? `Service ${keyOf(bsvc)} has no ready endpoint` : `Service ${keyOf(bsvc)} has no endpoints`);
    return "external→ingress";
  }
  toPod(walk, ctlNode, chosen.key, opts, { pod: ctlPodKey }, walk.hops[walk.hops.length - 1]);
  return "external→ingress";
}

function fromInside(walk: Walk, source: Exclude<Source, { kind: "external" }>, target: Target, opts: TraceOptions): string {
  const plan = walk.plan;
  const srcNode = source.kind === "pod" ? nodeOfPod(plan, source.pod) : source.node;
  const srcPodKey = source.kind === "pod" ? source.key : undefined;
  const srcName = source.kind === "pod" ? source.key : source.node.name;
  const srcElement = source.kind === "pod" ? podId(...(source.key.split("/") as [string, string])) : nodeId(source.node.name);
  const sendNote = (what: string) => walk.hop(source.kind === "pod" ? "pod" : "node", srcName, srcElement, {}, "send", `${srcName} opens a connection to ${what}`);
  if (walk.family === 6 && (source.kind === "node" || !podAddressOf(source.pod, 6))) {
    sendNote(target.kind === "ip" ? addr(target.ip, target.port) : target.kind === "http" ? target.host : `${target.kind === "pod" ? target.key : target.name}:${target.port}`);
    return (
      walk.drop(
        "noAddressOfFamily",
        source.kind === "node"
          ? `node ${source.node.name} has no IPv6 address: the k8s node IP pool of an AksHciClusterNetwork is IPv4 (IPv6 reaches only pods and ClusterIPs)`
          : `pod ${source.key} has no IPv6 address${srcNode?.osType === "Windows" ? " (pods on Windows nodes stay IPv4: VXLAN overlay on Windows has no dual-stack)" : plan.snapshot.ipFamilies?.includes("IPv6") ? " (host-network pods keep the node's IPv4 address)" : ": the cluster is not dual-stack"}`,
      ),
      `${source.kind}→ipv6`
    );
  }

  if (target.kind === "http") {
    throw new TraceInputError("to", `host/path destinations are traced from "external" (through the ingress controller); from inside use svc.ns:port`);
  }
  // Service by DNS name
  if (target.kind === "service") {
    const svc = target.svc;
    const ref = keyOf(svc);
    const fqdn = `${svc.metadata.name}.${effectiveNamespace(svc) ?? DEFAULT_NAMESPACE}.svc.${walk.a.clusterDomain}`;
    sendNote(`${target.name}:${target.port}`);
    const dnsNote = `${srcName} asks CoreDNS (${walk.a.clusterDnsIp}:53, ClusterFirst, search path <ns>.svc.${walk.a.clusterDomain}) for ${fqdn}`;
    if (svc.spec.type === "ExternalName") {
      const ext = svc.spec.externalName ?? "";
      walk.hop("dns", "CoreDNS", svcId("kube-system", "kube-dns"), { dst: addr(ext, target.port) }, "resolve", `${dnsNote}: CNAME ${ext} — ExternalName is DNS only, kube-proxy does not proxy it`);
      walk.hop("external", ext, extId(ext), {}, "route", `${ext} is resolved by the node's upstream DNS servers (the network's -dnsServers) and reached outside the cluster${walk.plugin === "calico" && walk.a.calicoNatOutgoing ? ", SNATed to the node IP by Calico natOutgoing" : ", SNATed to the node IP"}; NetworkPolicy egress sees the resolved IP (not known here); Host header / TLS SNI stay ${target.name}`);
      return "pod→externalName";
    }
    const sp = (svc.spec.ports ?? []).find((p) => p.port === target.port && (p.protocol ?? "TCP") === walk.pkt.protocol);
    if (svc.spec.clusterIP === "None") {
      const cands = sp ? serviceCandidates(plan, svc, sp, walk.family).filter((c) => c.ready) : [];
      const c = cands.length ? pick(cands, opts.endpoint) : undefined;
      walk.hop("dns", "CoreDNS", svcId("kube-system", "kube-dns"), c ? { dst: addr(c.ip, target.port) } : {}, "resolve", `${dnsNote}: headless Service ${ref} — A records of the ready pods (${cands.map((x) => x.ip).join(", ") || "none"}), no load balancing by kube-proxy`);
      if (!sp) return walk.drop("portNotExposed", `Service ${ref} has no port ${target.port}/${walk.pkt.protocol}`), "pod→service";
      if (!c) return walk.drop("noReadyEndpoint", `headless Service ${ref} has no ready pod: the name does not resolve`), "pod→service";
      walk.pkt.dst = addr(c.ip, c.port);
      walk.hops[walk.hops.length - 1].after.dst = walk.pkt.dst;
      toPod(walk, srcNode, c.key, opts, { pod: srcPodKey });
      return "pod→service";
    }
    const cip = clusterIps(svc).find((ip) => familyOf(ip) === walk.family) ?? (walk.family === 4 ? (svc.spec.clusterIP ?? "") : undefined);
    if (cip === undefined) {
      walk.hop("dns", "CoreDNS", svcId("kube-system", "kube-dns"), {}, "resolve", `${dnsNote}: no AAAA record — the Service has no IPv6 ClusterIP (ipFamilies ${JSON.stringify(svc.spec.ipFamilies ?? ["IPv4"])})`);
      return walk.drop("noAddressOfFamily", `Service ${ref} has no IPv6 ClusterIP (ipFamilies ${(svc.spec.ipFamilies as string[] | undefined)?.join(", ") ?? "IPv4"}, ipFamilyPolicy ${(svc.spec.ipFamilyPolicy as string | undefined) ?? "SingleStack"})`), "pod→service";
    }
    walk.hop("dns", "CoreDNS", svcId("kube-system", "kube-dns"), { dst: addr(cip, target.port) }, "resolve", `${dnsNote}: ${walk.family === 6 ? "AAAA" : "A"} ${cip} (the ${walk.family === 6 ? "IPv6 " : ""}ClusterIP)`);
    if (!sp) return walk.drop("portNotExposed", `Service ${ref} has no port ${target.port}/${walk.pkt.protocol} (ports: ${(svc.spec.ports ?? []).map(portName).join(", ")})`), "pod→service";
    viaKubeProxy(walk, srcNode!, svc, sp, "internal", opts, { pod: srcPodKey });
    return "pod→service";
  }
  if (target.kind === "pod") {
    const ip = podAddressOf(target.pod, walk.family);
    if (!ip) {
      sendNote(`${target.key}:${target.port}`);
      if (walk.family === 6 && podIp(target.pod)) {
        const winNode = nodeOfPod(plan, target.pod)?.osType === "Windows";
        return walk.drop("noAddressOfFamily", `pod ${target.key} has no IPv6 address${winNode ? " (pods on Windows nodes stay IPv4: VXLAN overlay on Windows has no dual-stack)" : ""}`), "pod→pod";
      }
      return walk.drop("unknownAddress", `pod ${target.key} has no IP (not scheduled or not started)`), "pod→pod";
    }
    walk.pkt.dst = addr(ip, target.port);
    sendNote(`${target.key} (${ip}:${target.port})`);
    walk.hops[0].before.dst = walk.pkt.dst;
    toPod(walk, srcNode, target.key, opts, { pod: srcPodKey }, walk.hops[0]);
    return "pod→pod";
  }
  // an IP
  const { ip, port } = target;
  sendNote(`${ip}:${port}`);
  const svc = plan.servicesByClusterIp.get(ip);
  if (svc) {
    const sp = (svc.spec.ports ?? []).find((p) => p.port === port && (p.protocol ?? "TCP") === walk.pkt.protocol);
    if (!sp) return walk.drop("portNotExposed", `Service ${keyOf(svc)} (ClusterIP ${ip}) has no port ${port}/${walk.pkt.protocol}`), "pod→service";
    viaKubeProxy(walk, srcNode!, svc, sp, "internal", opts, { pod: srcPodKey });
    return "pod→service";
  }
  const pod = plan.podsByIp.get(ip);
  if (pod) {
    toPod(walk, srcNode, keyOf(pod), opts, { pod: srcPodKey }, walk.hops[0]);
    return "pod→pod";
  }
  if (inPodOrServiceRange(plan, ip)) return walk.drop("unknownAddress", `${ip} is in the pod or service range but no pod or Service has it`), "pod→unknown";
  // a VM: the same network or another one
  const same = inNetwork(plan, ip);
  const networkName = plan.env.network?.name ?? "the node network";
  // egress policy of the source pod towards an outside address (ipBlock)
  if (srcPodKey) {
    const v = policyVerdict(walk, { pod: srcPodKey, ip: ipOf(walk.pkt.src) }, { ip }, port);
    walk.hops[0].policy = v;
    if (!v.allowed) return applyPolicy(walk, walk.hops[0], v), "pod→vm";
  }
  if (walk.family === 6) {
    walk.hop("node", srcNode?.name ?? "node", nodeId(srcNode?.name ?? "node"), {}, "drop", "");
    walk.drop("noAddressOfFamily", `${ip} is outside the cluster's IPv6 pod and service ranges: IPv6 reaches only pods and ClusterIPs in AKS hybrid (the node network, its gateway and the VIPs are IPv4; IPv6 is disabled on the hosts' adapters)`);
    return "pod→ipv6";
  }
  const nodeIp = srcNode?.ipAddress ?? srcNode?.name ?? "node";
  if (plan.vips.has(ip)) {
    // a VIP of this cluster: out of the node (pods are masqueraded to the node IP), then through HAProxy like any client
    if (source.kind === "pod") {
      walk.hop("node", srcNode?.name ?? "node", nodeId(srcNode?.name ?? "node"), { src: addr(nodeIp, walk.a.ephemeralPort) }, "snat", `the pod's packet leaves the overlay masqueraded to the node IP ${nodeIp} (${walk.plugin === "calico" ? "Calico natOutgoing" : "Flannel ip-masq"}; inferred, not documented for VIPs)`);
    }
    viaVip(walk, ip, port, opts);
    return `${source.kind}→loadBalancer`;
  }
  if (source.kind === "pod" && same !== false && walk.plugin === "flannel") {
    walk.hop("node", srcNode?.name ?? "node", nodeId(srcNode?.name ?? "node"), {}, "drop", "");
    walk.drop(
      "sameNetworkUnderFlannel",
      `Flannel: pod → VM in the same network (${networkName}) is not supported in AKS hybrid (the product's Flannel vs Calico table says "No"; the cause is undocumented — most likely no masquerade towards the node subnet, so ${ip} answers an unroutable pod IP)${same === undefined ? "; the network prefix is unknown, so the address is assumed to be in the same network" : ""}`,
    );
    return "pod→vm";
  }
  const snat = source.kind === "pod" ? { src: addr(nodeIp, walk.a.ephemeralPort) } : {};
  walk.hop(
    "node",
    srcNode?.name ?? "node",
    nodeId(srcNode?.name ?? "node"),
    snat,
    source.kind === "pod" ? "snat" : "forward",
    source.kind === "pod"
      ? walk.plugin === "calico"
        ? `Calico natOutgoing masquerades the pod (outside every IP pool) to the node IP ${nodeIp}; ${ip} answers the node${srcNode?.osType === "Windows" ? " (Windows nodes do not NAT the host's own subnet by default: the VM would need a route back to 10.244.0.0/16)" : ""}`
        : `Flannel masquerades pod traffic leaving the overlay to the node IP ${nodeIp}`
      : `the node sends from its own address`,
  );
  walk.hop(
    "external",
    same === true ? `VM ${ip} (${networkName})` : `${ip} (another network)`,
    plan.nodesByIp.get(ip) ? nodeId(plan.nodesByIp.get(ip)!.name) : extId(ip),
    {},
    "deliver",
    same === true ? `${ip} is in the same network ${networkName}: delivered on the node subnet` : `${ip} is outside ${networkName}: routed via the gateway${plan.env.network?.gateway ? ` ${plan.env.network.gateway}` : ""}${same === undefined ? " (the network prefix is unknown: assumed another network)" : ""}`,
  );
  return same === true ? "pod→vm (same network)" : "pod→vm (other network)";
}

// ------------------------------------------------------------------------------------------------ entry point

export function trace(planOrEnv: TracePlan | TraceEnv, req: TraceRequest, opts: TraceOptions = {}): TraceResult {
  const plan = "podsByKey" in planOrEnv ? planOrEnv : prepareTrace(planOrEnv);
  const protocol = req.protocol ?? "TCP";
  if (!["TCP", "UDP", "SCTP"].includes(protocol)) throw new TraceInputError("protocol", `protocol must be TCP, UDP or SCTP`);
  const a: TraceAssumptions = { ...DEFAULT_ASSUMPTIONS, ...(opts.assumptions ?? {}) };
  const plugin = opts.plugin ?? plan.snapshot.primaryNetworkPlugin;
  const source = parseSource(plan, req.from);
  const target = parseTarget(plan, req.to);
  if (opts.endpoint !== undefined && !plan.podsByKey.has(opts.endpoint)) throw new TraceInputError("to", `endpoint "${opts.endpoint}" is not a pod of the cluster`);

  // one address family per connection: the destination's address, else the address `from` named, else the Service's primary ClusterIP
  const fromFamily = source.kind === "pod" && source.ip ? familyOf(source.ip) : undefined;
  if (target.kind === "ip" && fromFamily !== undefined && fromFamily !== familyOf(target.ip)) {
    throw new TraceInputError("from", `${source.kind === "pod" ? source.ip : ""} is an IPv${fromFamily} address and ${target.ip} an IPv${familyOf(target.ip)} one: a connection keeps one address family (name the pod as namespace/name to let the destination choose)`);
  }
  const family: IpFamilyNumber =
    target.kind === "ip" ? familyOf(target.ip) : (fromFamily ?? (target.kind === "service" && familyOf(clusterIps(target.svc)[0] ?? "") === 6 ? 6 : 4));
  const srcAddr =
    source.kind === "external"
      ? addr(a.clientIp, a.ephemeralPort)
      : source.kind === "pod"
        ? addr(source.ip ?? podAddressOf(source.pod, family) ?? podIp(source.pod) ?? source.key, a.ephemeralPort)
        : addr(source.node.ipAddress ?? source.node.name, a.ephemeralPort);
  const dst =
    target.kind === "ip"
      ? addr(target.ip, target.port)
      : target.kind === "service"
        ? addr(target.name, target.port)
        : target.kind === "pod"
          ? addr(podAddressOf(target.pod, family) ?? target.key, target.port)
          : addr(target.host, target.port ?? 80);
  const walk = new Walk(plan, a, plugin, { src: srcAddr, dst, protocol }, family);
  const flow = source.kind === "external" ? fromExternal(walk, target, opts) : fromInside(walk, source, target, opts);

  const path: string[] = [];
  for (const h of walk.hops) if (path[path.length - 1] !== h.elementId) path.push(h.elementId);
  const assumptions: Assumption[] = (Object.keys(a) as (keyof TraceAssumptions)[]).map((k) => ({ key: k, value: a[k], note: ASSUMPTION_NOTES[k] }));
  if (plugin !== plan.snapshot.primaryNetworkPlugin) walk.warnings.push(`traced as if the cluster ran ${plugin}; it runs ${plan.snapshot.primaryNetworkPlugin}`);
  return {
    from: req.from,
    to: req.to,
    protocol,
    plugin,
    flow,
    verdict: walk.reason ? "dropped" : "delivered",
    hops: walk.hops,
    reason: walk.reason,
    path,
    dropped: walk.reason?.elementId ?? null,
    assumptions,
    warnings: walk.warnings,
  };
}

