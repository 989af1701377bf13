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
import { compilePolicies, effectivePolicyTypes } from "../policy/compile";
import { enforcedMatrix } from "../policy/matrix";
import { portKey, type PortSpec } from "../policy/ports";
import { CalicoModel } from "../policy/calico/evaluate";
import { CalicoFastPort } from "../policy/calico/fast";
import { diffGraph, OwnerEdgeCounter, podOwners, type DiffGraph, type DiffGraphEdge } from "./diff-graph";
import { isCalicoPolicy } from "../policy/calico/types";
import { limits } from "../limits";

export type Plugin = "calico" | "flannel";

/** Work per comparison is bounded: beyond these the API answers 422 naming the limit. */
export const COMPARE_LIMITS = {
  /** `limits.comparePods` (HCINET_MAX_COMPARE_PODS) */
  get pods(): number {
    return limits.comparePods.max;
  },
  ports: 16,
  cellsPerGroup: 200,
  /** groups listed in the answer (the largest; the others are counted in `groupsOmitted`) */
  groupsListed: 500,
  /** groups whose cells are kept while the rows are walked (the first met; memory stays bounded) */
  groupsWithCells: 2000,
  /** the same cap with Calico's own policies (the grouped evaluator: lib/policy/calico/fast) */
  get podsWithCalicoPolicies(): number {
    return limits.comparePods.max;
  },
};

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
  /** the largest groups, at most COMPARE_LIMITS.groupsListed */
  groups: DiffGroup[];
  /** groups left out of `groups` (their cells still count in `total` and `perPort`) */
  groupsOmitted: number;
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
  return runSteps(reachabilityDiffSteps(snapshot, ports));
}

/** Rows of the matrices walked between two yields of the step functions (a yield costs nothing when not paced). */
const ROWS_PER_STEP = 64;

/** Runs a step function to its end without pausing. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs a step function, handing the event loop back whenever `pace` says so (lib/db/pace: once every few ms of work),
 * so a large comparison does not block other requests, health probes or its own deadline.
 */
export async function runStepsPaced<T>(steps: Generator<void, T>, pace: () => Promise<void> | undefined): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const p = pace();
    if (p) await p;
  }
}

/**
 * Counts per key in [0, size): a dense Int32Array when it is small enough, else a Map. `inc` answers the new count,
 * `touched` lists the keys counted since the last `clear`.
 */
class Tally {
  /** the counts when dense (the hot loops increment them in place and push to `touched` on 0 → 1) */
  readonly dense: Int32Array | null;
  private readonly sparse: Map<number, number> | null;
  readonly touched: number[] = [];
  constructor(size: number) {
    this.dense = size <= 1 << 22 ? new Int32Array(size) : null;
    this.sparse = this.dense ? null : new Map();
  }
  inc(k: number, by = 1): number {
    if (this.dense) {
      const v = (this.dense[k] += by);
      if (v === by) this.touched.push(k);
      return v;
    }
    const v = (this.sparse!.get(k) ?? 0) + by;
    if (v === by) this.touched.push(k);
    this.sparse!.set(k, v);
    return v;
  }
  get(k: number): number {
    return this.dense ? this.dense[k] : (this.sparse!.get(k) ?? 0);
  }
  clear(): void {
    if (this.dense) for (const k of this.touched) this.dense[k] = 0;
    else this.sparse!.clear();
    this.touched.length = 0;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The changed cells of one port, counted per group key and per pair of workloads: the cells list of a group holds its
 * first {@link COMPARE_LIMITS.cellsPerGroup} cells (in pod order), counts are exact.
 */
class PortTally {
  readonly groups: Tally;
  readonly cells = new Map<number, DiffCell[]>();
  readonly owners: Tally;
  constructor(
    groupKeys: number,
    readonly ownerIds: Int32Array,
    readonly ownerCount: number,
  ) {
    this.groups = new Tally(groupKeys);
    this.owners = new Tally(ownerCount * ownerCount);
  }
  add(group: number, s: number, d: number, pods: readonly string[], port: string): void {
    if (this.groups.inc(group) <= COMPARE_LIMITS.cellsPerGroup) this.keep(group, s, d, pods, port);
    this.owners.inc(this.ownerIds[s] * this.ownerCount + this.ownerIds[d]);
  }
  /** Lists a cell of the group (counted by the caller): the first cells of the first groups only. */
  keep(group: number, s: number, d: number, pods: readonly string[], port: string): void {
    let list = this.cells.get(group);
    if (!list) {
      if (this.cells.size >= COMPARE_LIMITS.groupsWithCells) return;
      this.cells.set(group, (list = []));
    }
    list.push({ from: pods[s], to: pods[d], port });
  }
}


/**
 * {@link reachabilityDiff} as steps: it yields every {@link ROWS_PER_STEP} rows (and between matrices), so the API
 * can run it paced ({@link runStepsPaced}). Work: four matrices per port (Flannel, Calico, Calico's ingress side
 * alone, its egress side alone); the rows are compared a 32-bit word at a time (`flannel & ~calico`), so only the
 * changed cells are visited, each with a few array operations (its group and its pair of workloads are counted in
 * typed arrays, the group's names are looked up once per group).
 */
export function* reachabilityDiffSteps(snapshot: ClusterSnapshot, ports: readonly PortSpec[]): Generator<void, ReachabilityDiff> {
  if (snapshot.pods.length > COMPARE_LIMITS.pods) throw new CompareLimitError("pods", snapshot.pods.length);
  if (ports.length > COMPARE_LIMITS.ports) throw new CompareLimitError("ports", ports.length);
  if (snapshot.others.some(isCalicoPolicy)) return yield* calicoPolicyDiffSteps(snapshot, ports);
  const flannel = compilePolicies({ ...snapshot, primaryNetworkPlugin: "flannel" });
  yield;
  const calico = compilePolicies({ ...snapshot, primaryNetworkPlugin: "calico" });
  yield;
  const ingressOnly = compilePolicies(oneSide(snapshot, "Ingress"));
  yield;
  const egressOnly = compilePolicies(oneSide(snapshot, "Egress"));
  yield;
  const pods = [...calico.pods];
  const n = pods.length;
  const owners = new OwnerEdgeCounter(podOwners(snapshot, pods));
  // each pod's isolating policies per direction, interned: 0 = none, else 1 + the index of the sorted list
  const lists: string[][] = [];
  const listIds = new Map<string, number>();
  const intern = (i: number, dir: "ingress" | "egress"): number => {
    const keys = calico.isolatingPolicies(i, dir).map((p) => p.key).sort();
    if (keys.length === 0) return 0;
    const text = keys.join(",");
    let id = listIds.get(text);
    if (id === undefined) {
      id = lists.length + 1;
      lists.push(keys);
      listIds.set(text, id);
    }
    return id;
  };
  const ingList = new Int32Array(n);
  const egList = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ingList[i] = intern(i, "ingress");
    egList[i] = intern(i, "egress");
  }
  const width = lists.length + 1;
  const groups: GroupSet = { map: new Map(), withCells: 0 };
  const perPort: PortDiff[] = [];
  let total = 0;

  for (const spec of ports) {
    const key = portKey(spec);
    const f = enforcedMatrix(flannel, spec);
    yield;
    const c = enforcedMatrix(calico, spec);
    yield;
    const ing = enforcedMatrix(ingressOnly, spec);
    yield;
    const eg = enforcedMatrix(egressOnly, spec);
    yield;
    const W = c.words;
    const lastMask = n % 32 === 0 ? 0xffffffff : (1 << n % 32) - 1;
    const stats: PortDiff = { port: key, pairs: n * (n - 1), allowedFlannel: 0, allowedCalico: 0, changed: 0, changedReverse: 0 };
    const tally = new PortTally(width * width, owners.ownerIds, owners.ownerCount);
    const { dense: gDense, touched: gTouched } = tally.groups;
    const { dense: oDense, touched: oTouched } = tally.owners;
    const { ownerIds, ownerCount } = owners;
    const cellsPerGroup = COMPARE_LIMITS.cellsPerGroup;
    for (let s = 0; s < n; s++) {
      if (s % ROWS_PER_STEP === 0 && s > 0) yield;
      const base = s * W;
      const egPart = egList[s];
      const ownerRow = ownerIds[s] * ownerCount;
      for (let w = 0; w < W; w++) {
        let mask = w === W - 1 ? lastMask : 0xffffffff;
        if (w === s >>> 5) mask &= ~(1 << (s & 31)); // a pod to itself is no pair
        const fw = f.data[base + w] & mask;
        const cw = c.data[base + w] & mask;
        stats.allowedFlannel += popcount(fw);
        stats.allowedCalico += popcount(cw);
        stats.changedReverse += popcount(~fw & cw & mask);
        let x = fw & ~cw;
        if (x === 0) continue;
        stats.changed += popcount(x);
        const ingDeny = ~ing.data[base + w];
        const egDeny = ~eg.data[base + w];
        if (gDense && oDense) {
          // the hot path, inlined: count the cell in its group and its pair of workloads; keep it while its group has room
          while (x !== 0) {
            const b = 31 - Math.clz32(x & -x);
            x &= x - 1;
            const d = (w << 5) + b;
            const k = ((ingDeny >>> b) & 1 ? ingList[d] : 0) * width + ((egDeny >>> b) & 1 ? egPart : 0);
            const v = ++gDense[k];
            if (v === 1) gTouched.push(k);
            if (v <= cellsPerGroup) tally.keep(k, s, d, pods, key);
            const o = ownerRow + ownerIds[d];
            if (++oDense[o] === 1) oTouched.push(o);
          }
          continue;
        }
        while (x !== 0) {
          const b = 31 - Math.clz32(x & -x);
          x &= x - 1;
          const d = (w << 5) + b;
          const gi = (ingDeny >>> b) & 1 ? ingList[d] : 0;
          const ge = (egDeny >>> b) & 1 ? egPart : 0;
          tally.add(gi * width + ge, s, d, pods, key);
        }
      }
    }
    for (const k of tally.groups.touched) {
      const gi = Math.floor(k / width);
      const ge = k % width;
      // k names the two interned lists for the whole comparison (the same on every port)
      addCountedToGroup(groups, k, gi ? lists[gi - 1] : [], ge ? lists[ge - 1] : [], tally.cells.get(k) ?? [], tally.groups.get(k));
    }
    owners.addTally(tally.owners, key);
    total += stats.changed;
    perPort.push(stats);
    yield;
  }
  return { pods, ports: ports.map(portKey), perPort, total, ...listedGroups(groups), ownerEdges: owners.edges(), ownerPods: Object.fromEntries(owners.podsPerOwner) };
}

/** The groups of a diff under construction, and how many of them hold cells. */
interface GroupSet {
  /** by a key naming the denying sides' policy lists */
  map: Map<string | number, DiffGroup>;
  withCells: number;
}

/**
 * Adds `count` changed cells (of which the first `cells`) to the group of their denying sides. Cells are kept for the
 * first COMPARE_LIMITS.groupsWithCells groups that get any (memory stays bounded); counts are always exact.
 */
function addCountedToGroup(groups: GroupSet, gkey: string | number, ingress: string[], egress: string[], cells: DiffCell[], count: number): void {
  let g = groups.map.get(gkey);
  if (!g) {
    g = { ingress, egress, policies: [...new Set([...ingress, ...egress])].sort(), count: 0, cells: [], truncated: false };
    groups.map.set(gkey, g);
  }
  g.count += count;
  if (cells.length > 0 && (g.cells.length > 0 || groups.withCells < COMPARE_LIMITS.groupsWithCells)) {
    if (g.cells.length === 0) groups.withCells++;
    for (const c of cells) if (g.cells.length < COMPARE_LIMITS.cellsPerGroup) g.cells.push(c);
  }
  g.truncated = g.count > g.cells.length;
}

const byName = new Intl.Collator();

/** Largest groups first, ties by their policies; the first COMPARE_LIMITS.groupsListed. */
function listedGroups(groups: GroupSet): { groups: DiffGroup[]; groupsOmitted: number } {
  const named = [...groups.map.values()].map((g) => ({ g, name: g.policies.join() }));
  const sorted = named.sort((a, b) => b.g.count - a.g.count || byName.compare(a.name, b.name)).map((x) => x.g);
  return { groups: sorted.slice(0, COMPARE_LIMITS.groupsListed), groupsOmitted: Math.max(0, sorted.length - COMPARE_LIMITS.groupsListed) };
}

/**
 * The diff when Calico's own policies (projectcalico.org/v3) exist: the Calico side is Calico's tiered verdict, by
 * the grouped evaluator (lib/policy/calico/fast, checked against the per-pair one cell for cell); cells are grouped by
 * the deciding policy (or the tier's default action: `tier X (default action)`) of each denying side. Rows are read a
 * word at a time: Flannel allows every pair, so the changed cells are the zero bits of Calico's row.
 */
function* calicoPolicyDiffSteps(snapshot: ClusterSnapshot, ports: readonly PortSpec[]): Generator<void, ReachabilityDiff> {
  if (snapshot.pods.length > COMPARE_LIMITS.podsWithCalicoPolicies) throw new CompareLimitError("podsWithCalicoPolicies", snapshot.pods.length);
  const model = new CalicoModel({ ...snapshot, primaryNetworkPlugin: "calico" });
  yield;
  const pods = model.pods();
  const n = pods.length;
  const owners = new OwnerEdgeCounter(podOwners(snapshot, pods));
  const groups: GroupSet = { map: new Map(), withCells: 0 };
  const perPort: PortDiff[] = [];
  let total = 0;
  for (const spec of ports) {
    const key = portKey(spec);
    const fast = new CalicoFastPort(model, spec, true);
    yield;
    const { rows, words } = fast.matrix();
    yield;
    const blame = fast.blame();
    const ingressBlame: Int32Array[] = new Array(n);
    for (let d = 0; d < n; d++) ingressBlame[d] = blame.ingress(d);
    const stats: PortDiff = { port: key, pairs: n * (n - 1), allowedFlannel: n * (n - 1), allowedCalico: 0, changed: 0, changedReverse: 0 };
    // changed cells counted per (ingress blame, egress blame) pair first: one number per cell, names once per group
    const width = blame.names.length + 1;
    const tally = new PortTally(width * width, owners.ownerIds, owners.ownerCount);
    const lastMask = n % 32 === 0 ? 0xffffffff : (1 << n % 32) - 1;
    const { dense: gDense, touched: gTouched } = tally.groups;
    const { dense: oDense, touched: oTouched } = tally.owners;
    const { ownerIds, ownerCount } = owners;
    const cellsPerGroup = COMPARE_LIMITS.cellsPerGroup;
    for (let s = 0; s < n; s++) {
      if (s % ROWS_PER_STEP === 0 && s > 0) yield;
      const egress = blame.egress(s);
      const ownerRow = ownerIds[s] * ownerCount;
      const base = s * words;
      for (let w = 0; w < words; w++) {
        let mask = w === words - 1 ? lastMask : 0xffffffff;
        if (w === s >>> 5) mask &= ~(1 << (s & 31));
        const allowed = rows[base + w] & mask;
        stats.allowedCalico += popcount(allowed);
        let x = ~allowed & mask;
        if (x === 0) continue;
        stats.changed += popcount(x);
        if (gDense && oDense) {
          while (x !== 0) {
            const b = 31 - Math.clz32(x & -x);
            x &= x - 1;
            const d = (w << 5) + b;
            const k = (ingressBlame[d][s] + 1) * width + (egress[d] + 1);
            const v = ++gDense[k];
            if (v === 1) gTouched.push(k);
            if (v <= cellsPerGroup) tally.keep(k, s, d, pods, key);
            const o = ownerRow + ownerIds[d];
            if (++oDense[o] === 1) oTouched.push(o);
          }
          continue;
        }
        while (x !== 0) {
          const b = 31 - Math.clz32(x & -x);
          x &= x - 1;
          const d = (w << 5) + b;
          tally.add((ingressBlame[d][s] + 1) * width + (egress[d] + 1), s, d, pods, key);
        }
      }
    }
    for (const pair of tally.groups.touched) {
      const ing = Math.floor(pair / width) - 1;
      const eg = (pair % width) - 1;
      const ingress = ing < 0 ? [] : [blame.names[ing]];
      const egress = eg < 0 ? [] : [blame.names[eg]];
      addCountedToGroup(groups, `${ingress.join(",")}|${egress.join(",")}`, ingress, egress, tally.cells.get(pair) ?? [], tally.groups.get(pair));
    }
    owners.addTally(tally.owners, key);
    total += stats.changed;
    perPort.push(stats);
    yield;
  }
  return { pods, ports: ports.map(portKey), perPort, total, ...listedGroups(groups), ownerEdges: owners.edges(), ownerPods: Object.fromEntries(owners.podsPerOwner) };
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
  return runSteps(comparePluginsSteps(snapshot, ports));
}

/** {@link comparePlugins} as steps, for {@link runStepsPaced} (the API runs it paced). */
export function* comparePluginsSteps(snapshot: ClusterSnapshot, ports?: readonly PortSpec[]): Generator<void, PluginComparison> {
  const declared = containerPortSpecs(snapshot);
  const explicit = ports !== undefined && ports.length > 0;
  const specs = explicit ? ports : declared.slice(0, COMPARE_LIMITS.ports);
  const diff = yield* reachabilityDiffSteps(snapshot, specs);
  const lost = lostFeatures(snapshot);
  yield;
  const ipam = ipamComparison(snapshot);
  yield;
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
