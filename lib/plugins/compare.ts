/**
 * Flannel vs Calico on the same objects: what changes when one cluster snapshot is judged under each plugin.
 *
 * - Reachability: the policy engine's enforced matrix under Flannel (everything allowed: Flannel enforces no
 *   NetworkPolicy) and under Calico (the policies' verdict), compared cell by cell per port. Every cell Flannel lets
 *   through and Calico blocks is listed, grouped by the policies responsible: the isolating policies of the side(s)
 *   that deny (the destination's ingress, the source's egress). Each side is judged alone by the same engine on the
 *   snapshot with only that direction's policies kept (ingress and egress are independent in NetworkPolicy).
 * - Traces: pod → VM in the same network is "No" under Flannel and "Yes" under Calico (fact sheet §6, [CONT-NET]).
 * - Features that stop working under Flannel: NetworkPolicy enforcement, Calico's own policies, IPv6 / dual-stack.
 * - IPAM: Flannel reserves one /24 per node; Calico claims /26 blocks on demand (pod IPAM model of lib/ipam/podipam).
 *
 * Pure functions of a snapshot.
 */
import type { ClusterSnapshot, KubeObject, NetworkPolicy, PolicyType, Service } from "../kube/types";
import { parseCidr } from "../ipam/address";
import { CALICO_BLOCK_SIZE, FLANNEL_SUBNET_LEN } from "../ipam/podipam";
import { compilePolicies, effectivePolicyTypes, type BitMatrix, type PolicyIndex } from "../policy/compile";
import { enforcedMatrix } from "../policy/matrix";
import { portKey, type PortSpec } from "../policy/ports";
import { CalicoModel } from "../policy/calico/evaluate";
import { CalicoFastPort } from "../policy/calico/fast";
import { diffGraph, OwnerEdgeCounter, podOwners, type DiffGraph, type DiffGraphEdge } from "./diff-graph";
import { isCalicoPolicy } from "../policy/calico/types";

export type Plugin = "calico" | "flannel";

/** Work per comparison is bounded: beyond these the API answers 422 naming the limit. */
export const COMPARE_LIMITS = { pods: 2000, ports: 16, cellsPerGroup: 200, podsWithCalicoPolicies: 2000 } as const;

export class CompareLimitError extends Error {
  constructor(
    readonly limit: keyof typeof COMPARE_LIMITS,
    readonly value: number,
  ) {
    super(`${limit}: ${value} is over the limit of ${COMPARE_LIMITS[limit]} per comparison`);
  }
}

/** One connection that changes: allowed under Flannel, denied under Calico. */
export interface DiffCell {
  from: string;
  to: string;
  port: string;
}

/** Cells denied for the same reason: the same isolating policies on the same denying side(s). */
export interface DiffGroup {
  /** Isolating policies ("namespace/name") of the destination's ingress when ingress denies, else []. */
  ingress: string[];
  /** Isolating policies of the source's egress when egress denies, else []. */
  egress: string[];
  /** Every policy of the group, sorted (ingress and egress). */
  policies: string[];
  count: number;
  /** The first cells (at most COMPARE_LIMITS.cellsPerGroup), in pod order. */
  cells: DiffCell[];
  truncated: boolean;
}

export interface PortDiff {
  port: string;
  /** Ordered pairs of distinct pods. */
  pairs: number;
  /** Pairs allowed under each plugin. */
  allowedFlannel: number;
  allowedCalico: number;
  /** allowed under Flannel, denied under Calico */
  changed: number;
  /** allowed under Calico, denied under Flannel (never for pod → pod: Flannel denies nothing) */
  changedReverse: number;
}

export interface ReachabilityDiff {
  pods: string[];
  ports: string[];
  perPort: PortDiff[];
  total: number;
  groups: DiffGroup[];
  /** changed cells per pair of workloads (pods folded into their owner), the busiest first: the report's picture */
  ownerEdges: DiffGraphEdge[];
  /** pods per workload ("namespace/Kind/name") */
  ownerPods: Record<string, number>;
}

export interface IpamSide {
  plugin: Plugin;
  /** /24 (Flannel SubnetLen) or /26 (Calico blockSize) */
  blockPrefixLength: number;
  blockSize: number;
  /** blocks held by the cluster's nodes */
  blocks: number;
  /** addresses in those blocks */
  reserved: number;
  /** pod addresses in use (+ one VXLAN tunnel address per node under Calico) */
  used: number;
  /** blocks the pod CIDR holds */
  poolBlocks: number;
  /** nodes that can still join (each needs one more block) */
  nodesThatFit: number;
  /** pods that still fit: Flannel inside the nodes' /24s (253 usable each), Calico anywhere in the pool */
  podsThatFit: number;
}

export interface IpamComparison {
  podCidr: string;
  nodes: number;
  pods: number;
  flannel: IpamSide;
  calico: IpamSide;
}

export type FeatureId = "networkPolicy" | "calicoPolicy" | "ipv6" | "podToVmSameNetwork";

/** A feature that works under Calico and not under Flannel, and how much of this cluster uses it. */
export interface LostFeature {
  feature: FeatureId;
  /** objects of the cluster relying on it ("Kind namespace/name"); empty = not used today */
  objects: string[];
}

export interface TraceChange {
  /** "pod → VM in the same network" */
  path: "podToVmSameNetwork" | "podToVmOtherNetwork" | "podToPod";
  flannel: boolean;
  calico: boolean;
  /** VMs of the cluster's network the rule applies to (node and load-balancer VM addresses) */
  examples: { name: string; ipAddress: string }[];
}

export interface OverlayParameters {
  plugin: Plugin;
  encapsulation: "VXLAN";
  vni: number;
  udpPort: number;
  unconfirmed: boolean;
  note: "windowsInterop" | "upstreamDefault" | "felixDefault";
}

export type ReasonId = "default" | "retired" | "diff" | "policiesIgnored" | "calicoPolicies" | "ipv6" | "podToVm" | "ipam" | "immutable";

export interface Recommendation {
  plugin: Plugin;
  reasons: { id: ReasonId; values: Record<string, string | number> }[];
}

export interface PluginComparison {
  cluster: string;
  /** the plugin the cluster (or the upload) has today */
  current: Plugin;
  /** container ports left out of the default port set (over COMPARE_LIMITS.ports) */
  portsOmitted: number;
  diff: ReachabilityDiff;
  traces: TraceChange[];
  lost: LostFeature[];
  ipam: IpamComparison;
  overlay: { flannel: OverlayParameters; calico: OverlayParameters };
  recommendation: Recommendation;
  /** the diff drawn as a graph of workloads, laid out (lib/plugins/diff-graph) */
  graph: DiffGraph;
}

// ---------------------------------------------------------------- reachability diff

/** The snapshot with only the policies (and policy types) of one direction: that side's verdict alone. */
function oneSide(snapshot: ClusterSnapshot, type: PolicyType): ClusterSnapshot {
  const policies: NetworkPolicy[] = [];
  for (const p of snapshot.networkPolicies) {
    if (!effectivePolicyTypes(p).includes(type)) continue;
    policies.push({ ...p, spec: { ...p.spec, policyTypes: [type] } });
  }
  return { ...snapshot, primaryNetworkPlugin: "calico", networkPolicies: policies };
}

function bit(m: BitMatrix, i: number, j: number): boolean {
  return ((m.data[i * m.words + (j >>> 5)] >>> (j & 31)) & 1) === 1;
}

/** Ports the cluster's containers declare (numbered, with protocol), sorted; the default set to compare. */
export function containerPortSpecs(snapshot: ClusterSnapshot): PortSpec[] {
  const seen = new Map<string, PortSpec>();
  for (const pod of snapshot.pods) {
    for (const c of pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        const spec: PortSpec = { port: p.containerPort, protocol: p.protocol ?? "TCP" };
        seen.set(portKey(spec), spec);
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/**
 * The cell-by-cell difference between the engine's Flannel and Calico matrices of one snapshot, on each port, with the
 * denied cells grouped by the policies responsible. Throws {@link CompareLimitError} beyond {@link COMPARE_LIMITS}.
 */
export function reachabilityDiff(snapshot: ClusterSnapshot, ports: readonly PortSpec[]): ReachabilityDiff {
  if (snapshot.pods.length > COMPARE_LIMITS.pods) throw new CompareLimitError("pods", snapshot.pods.length);
  if (ports.length > COMPARE_LIMITS.ports) throw new CompareLimitError("ports", ports.length);
  if (snapshot.others.some(isCalicoPolicy)) return calicoPolicyDiff(snapshot, ports);
  const flannel = compilePolicies({ ...snapshot, primaryNetworkPlugin: "flannel" });
  const calico = compilePolicies({ ...snapshot, primaryNetworkPlugin: "calico" });
  const ingressOnly = compilePolicies(oneSide(snapshot, "Ingress"));
  const egressOnly = compilePolicies(oneSide(snapshot, "Egress"));
  const pods = [...calico.pods];
  const n = pods.length;
  const owners = new OwnerEdgeCounter(podOwners(snapshot, pods));
  const groups = new Map<string, DiffGroup>();
  const perPort: PortDiff[] = [];
  let total = 0;
  const keys = (index: PolicyIndex, i: number, dir: "ingress" | "egress") => index.isolatingPolicies(i, dir).map((p) => p.key).sort();

  for (const spec of ports) {
    const key = portKey(spec);
    const f = enforcedMatrix(flannel, spec);
    const c = enforcedMatrix(calico, spec);
    const ing = enforcedMatrix(ingressOnly, spec);
    const eg = enforcedMatrix(egressOnly, spec);
    const stats: PortDiff = { port: key, pairs: n * (n - 1), allowedFlannel: 0, allowedCalico: 0, changed: 0, changedReverse: 0 };
    for (let s = 0; s < n; s++) {
      for (let d = 0; d < n; d++) {
        if (s === d) continue;
        const fa = bit(f, s, d);
        const ca = bit(c, s, d);
        if (fa) stats.allowedFlannel++;
        if (ca) stats.allowedCalico++;
        if (!fa && ca) stats.changedReverse++;
        if (!fa || ca) continue;
        stats.changed++;
        owners.add(s, d, key);
        const ingress = bit(ing, s, d) ? [] : keys(calico, d, "ingress");
        const egress = bit(eg, s, d) ? [] : keys(calico, s, "egress");
        addToGroup(groups, ingress, egress, { from: pods[s], to: pods[d], port: key });
      }
    }
    total += stats.changed;
    perPort.push(stats);
  }
  return { pods, ports: ports.map(portKey), perPort, total, groups: sortedGroups(groups), ownerEdges: owners.edges(), ownerPods: Object.fromEntries(owners.podsPerOwner) };
}

/** Counts one changed cell in the group of its denying sides (cells kept up to the per-group limit). */
function addToGroup(groups: Map<string, DiffGroup>, ingress: string[], egress: string[], cell: DiffGroup["cells"][number]): void {
  const gkey = `${ingress.join(",")}|${egress.join(",")}`;
  let g = groups.get(gkey);
  if (!g) {
    g = { ingress, egress, policies: [...new Set([...ingress, ...egress])].sort(), count: 0, cells: [], truncated: false };
    groups.set(gkey, g);
  }
  g.count++;
  if (g.cells.length < COMPARE_LIMITS.cellsPerGroup) g.cells.push(cell);
  else g.truncated = true;
}

/** Adds `count` changed cells (of which the first `cells`) to the group of their denying sides. */
function addCountedToGroup(groups: Map<string, DiffGroup>, ingress: string[], egress: string[], cells: DiffCell[], count: number): void {
  const gkey = `${ingress.join(",")}|${egress.join(",")}`;
  let g = groups.get(gkey);
  if (!g) {
    g = { ingress, egress, policies: [...new Set([...ingress, ...egress])].sort(), count: 0, cells: [], truncated: false };
    groups.set(gkey, g);
  }
  g.count += count;
  for (const c of cells) if (g.cells.length < COMPARE_LIMITS.cellsPerGroup) g.cells.push(c);
  g.truncated = g.count > g.cells.length;
}

/** Largest groups first, ties by their policies. */
function sortedGroups(groups: Map<string, DiffGroup>): DiffGroup[] {
  return [...groups.values()].sort((a, b) => b.count - a.count || a.policies.join().localeCompare(b.policies.join()));
}

/**
 * The diff when Calico's own policies (projectcalico.org/v3) exist: the Calico side is Calico's tiered verdict, by
 * the grouped evaluator (lib/policy/calico/fast, checked against the per-pair one cell for cell); cells are grouped by
 * the deciding policy (or the tier's default action: `tier X (default action)`) of each denying side.
 */
function calicoPolicyDiff(snapshot: ClusterSnapshot, ports: readonly PortSpec[]): ReachabilityDiff {
  if (snapshot.pods.length > COMPARE_LIMITS.podsWithCalicoPolicies) throw new CompareLimitError("podsWithCalicoPolicies", snapshot.pods.length);
  const model = new CalicoModel({ ...snapshot, primaryNetworkPlugin: "calico" });
  const pods = model.pods();
  const n = pods.length;
  const owners = new OwnerEdgeCounter(podOwners(snapshot, pods));
  const groups = new Map<string, DiffGroup>();
  const perPort: PortDiff[] = [];
  let total = 0;
  for (const spec of ports) {
    const key = portKey(spec);
    const fast = new CalicoFastPort(model, spec, true);
    const { rows, words } = fast.matrix();
    const blame = fast.blame();
    const stats: PortDiff = { port: key, pairs: n * (n - 1), allowedFlannel: n * (n - 1), allowedCalico: 0, changed: 0, changedReverse: 0 };
    // changed cells counted per (ingress blame, egress blame) pair first: one number per cell, names once per group
    const width = blame.names.length + 1;
    const byPair = new Map<number, { count: number; cells: DiffCell[] }>();
    for (let s = 0; s < n; s++) {
      const egress = blame.egress(s);
      const base = s * words;
      for (let d = 0; d < n; d++) {
        if (s === d) continue;
        if ((rows[base + (d >>> 5)] >>> (d & 31)) & 1) {
          stats.allowedCalico++;
          continue;
        }
        stats.changed++;
        owners.add(s, d, key);
        const pair = (blame.ingress(d)[s] + 1) * width + (egress[d] + 1);
        let g = byPair.get(pair);
        if (!g) byPair.set(pair, (g = { count: 0, cells: [] }));
        g.count++;
        if (g.cells.length < COMPARE_LIMITS.cellsPerGroup) g.cells.push({ from: pods[s], to: pods[d], port: key });
      }
    }
    for (const [pair, g] of byPair) {
      const ing = Math.floor(pair / width) - 1;
      const eg = (pair % width) - 1;
      const ingress = ing < 0 ? [] : [blame.names[ing]];
      const egress = eg < 0 ? [] : [blame.names[eg]];
      addCountedToGroup(groups, ingress, egress, g.cells, g.count);
    }
    total += stats.changed;
    perPort.push(stats);
  }
  return { pods, ports: ports.map(portKey), perPort, total, groups: sortedGroups(groups), ownerEdges: owners.edges(), ownerPods: Object.fromEntries(owners.podsPerOwner) };
}

// ---------------------------------------------------------------- IPAM

function podsPerNode(snapshot: ClusterSnapshot): { nodes: string[]; counts: Map<string, number>; pods: number } {
  const nodes = snapshot.nodes.filter((n) => n.role !== "loadbalancer").map((n) => n.name);
  const counts = new Map(nodes.map((n) => [n, 0]));
  let pods = 0;
  for (const p of snapshot.pods) {
    if (p.spec?.hostNetwork) continue;
    pods++;
    const node = p.spec?.nodeName;
    if (node !== undefined && counts.has(node)) counts.set(node, counts.get(node)! + 1);
  }
  return { nodes, counts, pods };
}

/**
 * Addresses reserved and used under each plugin for the cluster's pods on its nodes: Flannel gives every node a /24
 * (253 pod addresses: network, `.1` gateway and broadcast excluded); Calico claims /26 blocks as a node needs them and
 * takes one VXLAN tunnel address per node. Pods without a known node count toward the totals but not a node's blocks.
 */
export function ipamComparison(snapshot: ClusterSnapshot): IpamComparison {
  const pool = parseCidr(snapshot.podCidr);
  const prefix = pool ? pool.prefixLength : 16;
  const poolSize = 2 ** (32 - prefix);
  const { nodes, counts, pods } = podsPerNode(snapshot);
  const placed = [...counts.values()].reduce((a, b) => a + b, 0);
  const unplaced = pods - placed;

  const fBlock = 2 ** (32 - FLANNEL_SUBNET_LEN);
  const fUsable = fBlock - 3;
  const fPoolBlocks = prefix <= FLANNEL_SUBNET_LEN ? 2 ** (FLANNEL_SUBNET_LEN - prefix) : 0;
  const flannel: IpamSide = {
    plugin: "flannel",
    blockPrefixLength: FLANNEL_SUBNET_LEN,
    blockSize: fBlock,
    blocks: nodes.length,
    reserved: nodes.length * fBlock,
    used: pods,
    poolBlocks: fPoolBlocks,
    nodesThatFit: Math.max(0, fPoolBlocks - nodes.length),
    podsThatFit: Math.max(0, nodes.length * fUsable - pods),
  };

  const cBlock = 2 ** (32 - CALICO_BLOCK_SIZE);
  const cPoolBlocks = prefix <= CALICO_BLOCK_SIZE ? 2 ** (CALICO_BLOCK_SIZE - prefix) : 0;
  let cBlocks = 0;
  for (const name of nodes) cBlocks += Math.max(1, Math.ceil((counts.get(name)! + 1) / cBlock));
  if (unplaced > 0) cBlocks += Math.ceil(unplaced / cBlock);
  const cUsed = pods + nodes.length;
  const calico: IpamSide = {
    plugin: "calico",
    blockPrefixLength: CALICO_BLOCK_SIZE,
    blockSize: cBlock,
    blocks: cBlocks,
    reserved: cBlocks * cBlock,
    used: cUsed,
    poolBlocks: cPoolBlocks,
    nodesThatFit: Math.max(0, cPoolBlocks - cBlocks),
    podsThatFit: Math.max(0, poolSize - cUsed),
  };
  return { podCidr: snapshot.podCidr, nodes: nodes.length, pods, flannel, calico };
}

// ---------------------------------------------------------------- features, traces, overlay

const CALICO_KINDS = new Set(["NetworkPolicy", "GlobalNetworkPolicy", "Tier", "NetworkSet", "GlobalNetworkSet"]);

function ref(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

function usesIpv6(s: Service): boolean {
  const families = (s.spec.ipFamilies as string[] | undefined) ?? [];
  const policy = s.spec.ipFamilyPolicy as string | undefined;
  // PreferDualStack alone falls back to one family on an IPv4-only cluster (Kubernetes dual-stack docs): it loses
  // something only when it holds an IPv6 address
  return families.includes("IPv6") || policy === "RequireDualStack" || (s.spec.clusterIPs ?? []).some((ip) => ip.includes(":"));
}

export function lostFeatures(snapshot: ClusterSnapshot): LostFeature[] {
  const ipv6 = [
    // a dual-stack cluster's own IPv6 ranges (lib/cluster/dualstack): a Flannel cluster cannot have them
    ...(snapshot.podCidrV6 && snapshot.serviceCidrV6 ? [`IPv6 pod range ${snapshot.podCidrV6}, IPv6 service range ${snapshot.serviceCidrV6}`] : []),
    ...snapshot.services.filter(usesIpv6).map(ref),
    ...snapshot.pods.filter((p) => (p.status?.podIPs ?? []).some((a) => a.ip.includes(":")) || (p.status?.podIP ?? "").includes(":")).map(ref),
  ];
  const vms = snapshot.nodes.filter((n) => n.ipAddress).map((n) => n.name);
  return [
    { feature: "networkPolicy", objects: snapshot.networkPolicies.map(ref) },
    { feature: "calicoPolicy", objects: snapshot.others.filter((o) => o.apiVersion.startsWith("projectcalico.org/") && CALICO_KINDS.has(o.kind)).map(ref) },
    { feature: "ipv6", objects: ipv6 },
    { feature: "podToVmSameNetwork", objects: vms.length ? [`${vms.length} VM(s) on the cluster's network`] : [] },
  ];
}

export function traceChanges(snapshot: ClusterSnapshot): TraceChange[] {
  const examples = snapshot.nodes.filter((n) => n.ipAddress).map((n) => ({ name: n.name, ipAddress: n.ipAddress! }));
  return [
    { path: "podToVmSameNetwork", flannel: false, calico: true, examples },
    { path: "podToVmOtherNetwork", flannel: true, calico: true, examples: [] },
    { path: "podToPod", flannel: true, calico: true, examples: [] },
  ];
}

/** VXLAN parameters: Flannel needs VNI 4096 / port 4789 with Windows nodes; Calico Felix defaults to them. */
export function overlayParameters(snapshot: ClusterSnapshot): { flannel: OverlayParameters; calico: OverlayParameters } {
  const windows = snapshot.nodes.some((n) => n.osType === "Windows");
  return {
    flannel: windows
      ? { plugin: "flannel", encapsulation: "VXLAN", vni: 4096, udpPort: 4789, unconfirmed: true, note: "windowsInterop" }
      : { plugin: "flannel", encapsulation: "VXLAN", vni: 1, udpPort: 8472, unconfirmed: true, note: "upstreamDefault" },
    calico: { plugin: "calico", encapsulation: "VXLAN", vni: 4096, udpPort: 4789, unconfirmed: true, note: "felixDefault" },
  };
}

// ---------------------------------------------------------------- the whole comparison

export function recommend(diff: ReachabilityDiff, lost: LostFeature[], ipam: IpamComparison): Recommendation {
  const reasons: Recommendation["reasons"] = [
    { id: "default", values: {} },
    { id: "retired", values: {} },
  ];
  if (diff.total > 0) reasons.push({ id: "diff", values: { count: diff.total, groups: diff.groups.length, ports: diff.ports.join(", ") } });
  const by = new Map(lost.map((l) => [l.feature, l.objects.length]));
  if ((by.get("networkPolicy") ?? 0) > 0) reasons.push({ id: "policiesIgnored", values: { count: by.get("networkPolicy")! } });
  if ((by.get("calicoPolicy") ?? 0) > 0) reasons.push({ id: "calicoPolicies", values: { count: by.get("calicoPolicy")! } });
  if ((by.get("ipv6") ?? 0) > 0) reasons.push({ id: "ipv6", values: { count: by.get("ipv6")! } });
  reasons.push({ id: "podToVm", values: {} });
  reasons.push({ id: "ipam", values: { flannelReserved: ipam.flannel.reserved, calicoReserved: ipam.calico.reserved, flannelNodes: ipam.flannel.nodesThatFit, calicoNodes: ipam.calico.nodesThatFit } });
  reasons.push({ id: "immutable", values: {} });
  // Calico does everything Flannel does (the documented table has no row where Flannel alone says yes), it is the
  // default, and Flannel is retired: the recommendation is Calico; the reasons say what it changes for these workloads.
  return { plugin: "calico", reasons };
}

export function comparePlugins(snapshot: ClusterSnapshot, ports?: readonly PortSpec[]): PluginComparison {
  const declared = containerPortSpecs(snapshot);
  const explicit = ports !== undefined && ports.length > 0;
  const specs = explicit ? ports : declared.slice(0, COMPARE_LIMITS.ports);
  const diff = reachabilityDiff(snapshot, specs);
  const lost = lostFeatures(snapshot);
  const ipam = ipamComparison(snapshot);
  return {
    cluster: snapshot.name,
    current: snapshot.primaryNetworkPlugin,
    portsOmitted: explicit ? 0 : declared.length - specs.length,
    diff,
    traces: traceChanges(snapshot),
    lost,
    ipam,
    overlay: overlayParameters(snapshot),
    recommendation: recommend(diff, lost, ipam),
    graph: diffGraph(diff.ownerEdges, new Map(Object.entries(diff.ownerPods))),
  };
}
