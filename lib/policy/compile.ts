/**
 * The compiled NetworkPolicy index: what the reachability engine evaluates `networking.k8s.io/v1` NetworkPolicies
 * against. Compiling a snapshot
 *
 * - sorts pods by "namespace/name" (so each namespace's pods are one contiguous index range),
 * - builds a label index (label key=value → sorted pod indices, key → sorted pod indices),
 * - evaluates every policy's `spec.podSelector` once, within its namespace's range, starting from the most selective
 *   label posting list, and records per pod which policies isolate it for ingress and for egress.
 *
 * Rules (peers and ports) are compiled on first use, peer pod sets (NetworkPolicyPeer → bitset over all pods) and the
 * per-port reachability matrices are computed lazily and cached, so compiling a 100,000-pod cluster only costs what
 * per-pod policy grouping needs.
 *
 * Policies can be added and removed on a compiled index: only the pods the policy selects are re-evaluated, and cached
 * matrices are patched in place (columns of the destinations, rows of the sources).
 *
 * Modelling decisions (shared with the reference evaluator in the tests):
 * - every namespace carries `kubernetes.io/metadata.name: <name>` (the API server sets it); namespaces referenced by
 *   pods but absent from the snapshot exist with only that label;
 * - host-network pods are treated like any other pod, with the IP in their status (the node's IP);
 * - a pod's IPs are `status.podIPs` and `status.podIP`; an `ipBlock` matches a pod when one of them is in `cidr` and in
 *   no `except`; a pod without IP matches no `ipBlock`;
 * - a NetworkPolicyPeer with none of its fields set matches nothing, and a peer with an `ipBlock` is judged by the
 *   `ipBlock` alone (the API server rejects both forms);
 * - pods, and policies, with the same "namespace/name" are collapsed: the last one wins.
 */
import { NAMESPACE_NAME_LABEL } from "../kube/snapshot";
import type { ClusterSnapshot, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod, PolicyType } from "../kube/types";
import { and, fullBitset, isEmpty, orInto, setBit, setRange, transposeInto, wordCount } from "./bitset";
import { compileIpBlock, type CompiledIpBlock, ipBlockContains, type IpAddress, podIps } from "./ip";
import {
  compilePorts,
  type CompiledPorts,
  namedContainerPorts,
  type NamedContainerPort,
  namedMatch,
  type PortSpec,
  portKey,
  rangesMatch,
} from "./ports";
import { compileSelector, type CompiledSelector } from "./selector";

export type Direction = "ingress" | "egress";

/** An ingress or egress rule as written: `from` (ingress) or `to` (egress) peers and `ports`. */
type PolicyRule = { from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] };

/** A pod as the index sees it. */
export interface PodRecord {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namedPorts: readonly NamedContainerPort[];
  /** The Pod object (its IPs are read when an ipBlock is first evaluated). */
  readonly pod: Pod;
}

/** A namespace and the index range `[start, end)` of its pods. */
export interface NamespaceRecord {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly start: number;
  readonly end: number;
}

/** A NetworkPolicyPeer compiled. `key` identifies its pod set (podSelector-only peers include the policy namespace). */
export interface CompiledPeer {
  readonly index: number;
  readonly key: string;
  readonly peer: NetworkPolicyPeer;
  readonly ipBlock?: CompiledIpBlock;
  readonly podSelector?: CompiledSelector;
  readonly namespaceSelector?: CompiledSelector;
}

/** One ingress or egress rule of a policy. */
export interface CompiledRule {
  /** Unique over the index's lifetime (never reused), so it can key caches. */
  readonly id: number;
  readonly direction: Direction;
  /** Position in `spec.ingress` / `spec.egress`. */
  readonly index: number;
  /** `null`: absent or empty `from` / `to`, i.e. every source / destination (in and outside the cluster). */
  readonly peers: readonly CompiledPeer[] | null;
  /** `null`: absent or empty `ports`, i.e. every port of every protocol. */
  readonly ports: CompiledPorts | null;
}

export interface CompiledPolicy {
  /** Unique over the index's lifetime. */
  readonly id: number;
  /** "namespace/name" */
  readonly key: string;
  readonly namespace: string;
  readonly policy: NetworkPolicy;
  /** `spec.policyTypes` after API defaulting. */
  readonly policyTypes: readonly PolicyType[];
  readonly podSelector: CompiledSelector;
  readonly ingress: readonly CompiledRule[];
  readonly egress: readonly CompiledRule[];
  /** Indices of the pods `spec.podSelector` selects, ascending. */
  readonly selected: readonly number[];
}

/** Pods sharing the same isolating policies ("namespace/name"); empty lists: not isolated in that direction. */
export interface PolicyGroup {
  ingress: string[];
  egress: string[];
  pods: string[];
}

/** A square bit matrix over the index's pods: row `i` bit `j` says whether pod `i` may connect to pod `j`. */
export interface BitMatrix {
  readonly size: number;
  /** Words per row. */
  readonly words: number;
  /** Row-major rows of `words` words each. */
  readonly data: Uint32Array;
}

/** Cached evaluation of one port: kept up to date by addPolicy / removePolicy. */
interface PortMatrix {
  readonly spec: PortSpec;
  /** Row s bit d: d's ingress side admits s (the transpose of the per-destination allowed-source sets). */
  readonly incoming: Uint32Array;
  /** Row s bit d: s's egress side allows d. */
  readonly outgoing: Uint32Array;
  /** Row s bit d: incoming & outgoing, diagonal set. */
  readonly reach: BitMatrix;
  /** Allowed-source bitsets by the ids of the ingress rules that apply to a destination on this port. */
  readonly ingressMemo: Map<string, Uint32Array>;
  /** Allowed-destination bitsets by the ids of the egress policies isolating a source. */
  readonly egressMemo: Map<string, Uint32Array>;
  /** Destinations a rule may reach on this port (peer set ∩ pods whose ports match), by egress rule id. */
  readonly egressRuleDest: Map<number, Uint32Array | null>;
}

/**
 * `spec.policyTypes` with the API server's defaulting: when absent or empty, `Ingress`, plus `Egress` when the policy
 * has at least one egress rule (an empty `egress: []` does not count: the API defaults on `len(spec.egress) != 0`).
 */
export function effectivePolicyTypes(policy: NetworkPolicy): PolicyType[] {
  const declared = policy.spec?.policyTypes;
  if (declared && declared.length > 0) return [...new Set(declared)];
  return (policy.spec?.egress?.length ?? 0) > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** "namespace/name" of a namespaced object (namespace defaults to `default`). */
export function objectKey(obj: { metadata: { name: string; namespace?: string } }): string {
  return `${obj.metadata.namespace || "default"}/${obj.metadata.name}`;
}

function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const EMPTY_LIST: readonly number[] = Object.freeze([]);

export class PolicyIndex {
  readonly plugin: ClusterSnapshot["primaryNetworkPlugin"];
  /** Pod keys "namespace/name", sorted; a pod's position is its index in every bitset. */
  readonly pods: readonly string[];
  readonly podRecords: readonly PodRecord[];
  readonly namespaces: ReadonlyMap<string, NamespaceRecord>;
  /** Words per bitset over pods. */
  readonly words: number;

  private readonly podByKey = new Map<string, number>();
  /** label key → value → sorted pod indices carrying that label. */
  private readonly labelPostings = new Map<string, Map<string, number[]>>();
  /** label key → sorted pod indices carrying the key. */
  private readonly keyPostings = new Map<string, number[]>();
  /** "name\0port\0protocol" → sorted pod indices with such a named container port. */
  private readonly namedPortPostings = new Map<string, number[]>();
  private readonly policiesById = new Map<number, CompiledPolicy>();
  private readonly policyIdByKey = new Map<string, number>();
  /** Per pod: ids (ascending) of the policies selecting it with Ingress / Egress in their policyTypes. */
  private readonly ingressPolicyIds: number[][];
  private readonly egressPolicyIds: number[][];
  private readonly all: Uint32Array;
  private readonly selectionCache = new Map<string, readonly number[]>();
  private readonly namespaceSelectionCache = new Map<string, NamespaceRecord[]>();
  private readonly peerBitsCache = new Map<string, Uint32Array>();
  private readonly rulePeerBitsCache = new Map<number, Uint32Array>();
  private readonly namedPortBitsCache = new Map<string, Uint32Array>();
  private readonly portMatrices = new Map<string, PortMatrix>();
  private ipIndex?: { v4: Float64Array; v4Pods: Int32Array; v6: { ip: bigint; pod: number }[] };
  private nextPolicyId = 0;

  constructor(snapshot: ClusterSnapshot) {
    this.plugin = snapshot.primaryNetworkPlugin;
    const byKey = new Map<string, Pod>();
    for (const pod of snapshot.pods) byKey.set(objectKey(pod), pod);
    const keys = [...byKey.keys()].sort();
    this.pods = keys;
    this.words = wordCount(keys.length);
    this.all = fullBitset(keys.length);

    const records: PodRecord[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const pod = byKey.get(keys[i])!;
      const labels = pod.metadata.labels ?? {};
      const record: PodRecord = {
        key: keys[i],
        namespace: pod.metadata.namespace || "default",
        name: pod.metadata.name,
        labels,
        pod,
        namedPorts: namedContainerPorts(pod),
      };
      records[i] = record;
      this.podByKey.set(keys[i], i);
      for (const [k, v] of Object.entries(labels)) {
        let byValue = this.labelPostings.get(k);
        if (!byValue) this.labelPostings.set(k, (byValue = new Map()));
        pushPosting(byValue, v, i);
        pushPosting(this.keyPostings, k, i);
      }
      for (const np of record.namedPorts) pushPosting(this.namedPortPostings, `${np.name}\0${np.port}\0${np.protocol}`, i);
    }
    this.podRecords = records;

    const namespaces = new Map<string, NamespaceRecord>();
    const declared = new Map(snapshot.namespaces.map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}]));
    const ranges = new Map<string, { start: number; end: number }>();
    records.forEach((r, i) => {
      const range = ranges.get(r.namespace);
      if (range) range.end = i + 1;
      else ranges.set(r.namespace, { start: i, end: i + 1 });
    });
    for (const name of new Set([...declared.keys(), ...ranges.keys()])) {
      const range = ranges.get(name) ?? { start: 0, end: 0 };
      namespaces.set(name, { name, labels: { ...declared.get(name), [NAMESPACE_NAME_LABEL]: name }, ...range });
    }
    this.namespaces = namespaces;

    this.ingressPolicyIds = records.map(() => []);
    this.egressPolicyIds = records.map(() => []);
    for (const policy of snapshot.networkPolicies) this.addPolicy(policy);
  }

  // ---------------------------------------------------------------- lookups

  podIndex(key: string): number | undefined {
    return this.podByKey.get(key);
  }

  policy(key: string): CompiledPolicy | undefined {
    const id = this.policyIdByKey.get(key);
    return id === undefined ? undefined : this.policiesById.get(id);
  }

  /** Every policy, in the order they were added. */
  policies(): CompiledPolicy[] {
    return [...this.policiesById.values()];
  }

  /** The policies isolating pod `i` for a direction (selecting it with that type), in the order they were added. */
  isolatingPolicies(i: number, direction: Direction): CompiledPolicy[] {
    const ids = direction === "ingress" ? this.ingressPolicyIds[i] : this.egressPolicyIds[i];
    return ids.map((id) => this.policiesById.get(id)!);
  }

  isIsolated(i: number, direction: Direction): boolean {
    return (direction === "ingress" ? this.ingressPolicyIds[i] : this.egressPolicyIds[i]).length > 0;
  }

  /**
   * Pods grouped by the policies isolating them: one group per distinct (ingress policies, egress policies) pair,
   * including the group of pods no policy selects (both lists empty). Groups in order of their first pod.
   */
  policyGroups(): PolicyGroup[] {
    const groups = new Map<string, PolicyGroup>();
    const keys = (ids: number[]) => ids.map((id) => this.policiesById.get(id)!.key);
    for (let i = 0; i < this.pods.length; i++) {
      const signature = `${this.ingressPolicyIds[i].join(",")}|${this.egressPolicyIds[i].join(",")}`;
      let group = groups.get(signature);
      if (!group) {
        group = { ingress: keys(this.ingressPolicyIds[i]), egress: keys(this.egressPolicyIds[i]), pods: [] };
        groups.set(signature, group);
      }
      group.pods.push(this.pods[i]);
    }
    return [...groups.values()];
  }

  /** Pods a NetworkPolicyPeer of `policy` matches, as a bitset (cached; do not modify). */
  peerPods(peer: CompiledPeer, policy: CompiledPolicy): Uint32Array {
    let bits = this.peerBitsCache.get(peer.key);
    if (!bits) {
      bits = this.evaluatePeer(peer, policy.namespace);
      this.peerBitsCache.set(peer.key, bits);
    }
    return bits;
  }

  /** Pods a rule's peers match: the union of its peers, every pod when it has no `from` / `to` (do not modify). */
  rulePeerPods(rule: CompiledRule, policy: CompiledPolicy): Uint32Array {
    if (rule.peers === null) return this.all;
    if (rule.peers.length === 1) return this.peerPods(rule.peers[0], policy);
    let bits = this.rulePeerBitsCache.get(rule.id);
    if (!bits) {
      bits = new Uint32Array(this.words);
      for (const peer of rule.peers) orInto(bits, this.peerPods(peer, policy));
      this.rulePeerBitsCache.set(rule.id, bits);
    }
    return bits;
  }

  /**
   * Do the rule's `ports` match `spec` for traffic to pod `destination`? Named ports resolve on the destination's
   * container ports, for ingress and egress rules alike, with the protocol of the entry.
   */
  rulePortMatches(rule: CompiledRule, spec: PortSpec, destination: number): boolean {
    return rule.ports === null || rangesMatch(rule.ports, spec) || namedMatch(rule.ports, spec, this.podRecords[destination].namedPorts);
  }

  // ---------------------------------------------------------------- matrices

  /**
   * What the NetworkPolicies decide on `spec` (Calico's enforcement), as a bit matrix over `pods`: row s bit d when s
   * may connect to d. Cached per port and kept current by {@link addPolicy} / {@link removePolicy}; the returned
   * object is a live read-only view.
   */
  policyMatrix(spec: PortSpec): BitMatrix {
    const key = portKey(spec);
    let pm = this.portMatrices.get(key);
    if (!pm) {
      pm = this.computePortMatrix(spec);
      this.portMatrices.set(key, pm);
    }
    return pm.reach;
  }

  private computePortMatrix(spec: PortSpec): PortMatrix {
    const n = this.pods.length;
    const w = this.words;
    const pm: PortMatrix = {
      spec,
      incoming: new Uint32Array(n * w),
      outgoing: new Uint32Array(n * w),
      reach: { size: n, words: w, data: new Uint32Array(n * w) },
      ingressMemo: new Map(),
      egressMemo: new Map(),
      egressRuleDest: new Map(),
    };
    // Allowed sources per destination, then transposed into rows per source.
    const allowedSources = new Uint32Array(n * w);
    for (let d = 0; d < n; d++) allowedSources.set(this.allowedSources(pm, d), d * w);
    transposeInto(allowedSources, pm.incoming, n, w);
    for (let s = 0; s < n; s++) pm.outgoing.set(this.allowedDestinations(pm, s), s * w);
    const { incoming, outgoing } = pm;
    const reach = pm.reach.data;
    for (let i = 0; i < reach.length; i++) reach[i] = incoming[i] & outgoing[i];
    for (let s = 0; s < n; s++) reach[s * w + (s >>> 5)] |= 1 << (s & 31);
    return pm;
  }

  /**
   * Bitset of the sources destination `d`'s ingress side admits on the port: every pod when d is not isolated for
   * ingress, else the union of the peer sets of the ingress rules (of the policies isolating d) whose ports match.
   * Memoized on the list of matching rules, so destinations selected by the same policies share one computation.
   */
  private allowedSources(pm: PortMatrix, d: number): Uint32Array {
    const ids = this.ingressPolicyIds[d];
    if (ids.length === 0) return this.all;
    const rules: [CompiledRule, CompiledPolicy][] = [];
    let signature = "";
    for (const id of ids) {
      const policy = this.policiesById.get(id)!;
      for (const rule of policy.ingress) {
        if (this.rulePortMatches(rule, pm.spec, d)) {
          rules.push([rule, policy]);
          signature += `${rule.id},`;
        }
      }
    }
    let bits = pm.ingressMemo.get(signature);
    if (!bits) {
      bits = new Uint32Array(this.words);
      for (const [rule, policy] of rules) orInto(bits, this.rulePeerPods(rule, policy));
      pm.ingressMemo.set(signature, bits);
    }
    return bits;
  }

  /**
   * Bitset of the destinations source `s`'s egress side allows on the port: every pod when s is not isolated for
   * egress, else the union over the egress rules of (peer set ∩ destinations on which the rule's ports match).
   * Memoized on the list of isolating policies.
   */
  private allowedDestinations(pm: PortMatrix, s: number): Uint32Array {
    const ids = this.egressPolicyIds[s];
    if (ids.length === 0) return this.all;
    const signature = ids.join(",");
    let bits = pm.egressMemo.get(signature);
    if (!bits) {
      bits = new Uint32Array(this.words);
      for (const id of ids) {
        const policy = this.policiesById.get(id)!;
        for (const rule of policy.egress) {
          const dest = this.egressRuleDestinations(pm, rule, policy);
          if (dest) orInto(bits, dest);
        }
      }
      pm.egressMemo.set(signature, bits);
    }
    return bits;
  }

  private egressRuleDestinations(pm: PortMatrix, rule: CompiledRule, policy: CompiledPolicy): Uint32Array | null {
    if (pm.egressRuleDest.has(rule.id)) return pm.egressRuleDest.get(rule.id)!;
    let dest: Uint32Array | null = null;
    if (rule.ports === null || rangesMatch(rule.ports, pm.spec)) {
      dest = this.rulePeerPods(rule, policy);
    } else {
      const portPods = this.namedPortPods(rule.ports, pm.spec);
      if (portPods) {
        dest = and(this.rulePeerPods(rule, policy), portPods);
        if (isEmpty(dest)) dest = null;
      }
    }
    pm.egressRuleDest.set(rule.id, dest);
    return dest;
  }

  /** Pods on which one of the named entries resolves to `spec` (null when none does). */
  private namedPortPods(ports: CompiledPorts, spec: PortSpec): Uint32Array | null {
    let out: Uint32Array | null = null;
    for (const n of ports.named) {
      if (n.protocol !== spec.protocol) continue;
      const key = `${n.name}\0${spec.port}\0${spec.protocol}`;
      const posting = this.namedPortPostings.get(key);
      if (!posting) continue;
      let bits = this.namedPortBitsCache.get(key);
      if (!bits) {
        bits = new Uint32Array(this.words);
        for (const i of posting) setBit(bits, i);
        this.namedPortBitsCache.set(key, bits);
      }
      out = out === null || out === bits ? bits : orCopy(out, bits);
    }
    return out;
  }

  // ---------------------------------------------------------------- incremental updates

  /**
   * Add (or replace, by "namespace/name") a NetworkPolicy. Only the pods it selects are re-evaluated; cached
   * matrices are patched: the columns of the destinations it isolates for ingress, the rows of the sources it
   * isolates for egress.
   */
  addPolicy(policy: NetworkPolicy): void {
    const key = objectKey(policy);
    if (this.policyIdByKey.has(key)) this.removePolicy(key);
    const compiled = this.insertPolicy(policy);
    this.refresh(compiled);
  }

  /** Remove a NetworkPolicy by "namespace/name"; false when there is none. Patches cached matrices like addPolicy. */
  removePolicy(key: string): boolean {
    const id = this.policyIdByKey.get(key);
    if (id === undefined) return false;
    const compiled = this.policiesById.get(id)!;
    this.policiesById.delete(id);
    this.policyIdByKey.delete(key);
    for (const i of compiled.selected) {
      if (compiled.policyTypes.includes("Ingress")) removeId(this.ingressPolicyIds[i], id);
      if (compiled.policyTypes.includes("Egress")) removeId(this.egressPolicyIds[i], id);
    }
    for (const rule of [...compiled.ingress, ...compiled.egress]) this.rulePeerBitsCache.delete(rule.id);
    for (const pm of this.portMatrices.values()) {
      // Memo entries naming the removed rules can never be hit again: drop them all and let them rebuild lazily.
      pm.ingressMemo.clear();
      pm.egressMemo.clear();
      for (const rule of compiled.egress) pm.egressRuleDest.delete(rule.id);
    }
    this.refresh(compiled);
    return true;
  }

  private refresh(compiled: CompiledPolicy): void {
    const ingress = compiled.policyTypes.includes("Ingress");
    const egress = compiled.policyTypes.includes("Egress");
    const n = this.pods.length;
    const w = this.words;
    for (const pm of this.portMatrices.values()) {
      const { incoming, outgoing } = pm;
      const reach = pm.reach.data;
      if (ingress && compiled.selected.length > 0) {
        // New allowed-source sets of the affected destinations: rewrite their columns of `incoming`, then recompute the
        // touched words of `reach` (reach = incoming & outgoing with the diagonal set holds everywhere else).
        // Destinations sharing an allowed-source set (memoized: usually all of them) are written together, word by word,
        // so the cost is rows × distinct sets × touched words, each row visited once.
        const columns = new Map<Uint32Array, Map<number, number>>();
        for (const d of compiled.selected) {
          const sources = this.allowedSources(pm, d);
          let masks = columns.get(sources);
          if (!masks) columns.set(sources, (masks = new Map()));
          masks.set(d >>> 5, (masks.get(d >>> 5) ?? 0) | (1 << (d & 31)));
        }
        const updates = [...columns].map(([sources, masks]) => ({ sources, words: [...masks.keys()], masks: [...masks.values()] }));
        const touched = [...new Set(compiled.selected.map((d) => d >>> 5))];
        for (let s = 0, row = 0; s < n; s++, row += w) {
          const sWord = s >>> 5;
          const sBit = s & 31;
          for (const { sources, words, masks } of updates) {
            const admitted = (sources[sWord] >>> sBit) & 1;
            for (let k = 0; k < words.length; k++) {
              if (admitted) incoming[row + words[k]] |= masks[k];
              else incoming[row + words[k]] &= ~masks[k];
            }
          }
          for (const dw of touched) {
            reach[row + dw] = incoming[row + dw] & outgoing[row + dw];
            if (dw === sWord) reach[row + dw] |= 1 << sBit;
          }
        }
      }
      if (egress) {
        for (const s of compiled.selected) {
          const row = s * w;
          outgoing.set(this.allowedDestinations(pm, s), row);
          for (let k = 0; k < w; k++) reach[row + k] = incoming[row + k] & outgoing[row + k];
          reach[row + (s >>> 5)] |= 1 << (s & 31);
        }
      }
    }
  }

  // ---------------------------------------------------------------- compilation

  private insertPolicy(policy: NetworkPolicy): CompiledPolicy {
    const namespace = policy.metadata.namespace || "default";
    const podSelector = compileSelector(policy.spec?.podSelector ?? {});
    const compiled = new PolicyEntry(this.nextPolicyId++, namespace, policy, podSelector, this.select(podSelector, this.namespaces.get(namespace)));
    const key = compiled.key;
    this.policiesById.set(compiled.id, compiled);
    this.policyIdByKey.set(key, compiled.id);
    const ingress = compiled.policyTypes.includes("Ingress");
    const egress = compiled.policyTypes.includes("Egress");
    for (const i of compiled.selected) {
      if (ingress) this.ingressPolicyIds[i].push(compiled.id);
      if (egress) this.egressPolicyIds[i].push(compiled.id);
    }
    return compiled;
  }

  /**
   * Pods of a namespace matching a selector, ascending (cached per namespace and selector). Candidates come from the
   * smallest posting list among the selector's positive requirements (or the whole namespace when it has none) and are
   * then checked against the full selector, so the cost follows the number of candidates, not of pods.
   */
  private select(selector: CompiledSelector, ns: NamespaceRecord | undefined): readonly number[] {
    if (!ns || ns.start === ns.end || selector.selectsNone) return EMPTY_LIST;
    const cacheKey = `${ns.name}\0${selector.key}`;
    const cached = this.selectionCache.get(cacheKey);
    if (cached) return cached;
    let result: number[];
    if (selector.selectsAll) {
      result = new Array(ns.end - ns.start);
      for (let i = 0; i < result.length; i++) result[i] = ns.start + i;
    } else {
      let best: number[][] | undefined;
      let bestCount = ns.end - ns.start;
      for (const req of selector.positive) {
        const lists =
          req.kind === "exists"
            ? [this.keyPostings.get(req.key) ?? []]
            : req.values.map((v) => this.labelPostings.get(req.key)?.get(v) ?? []);
        let count = 0;
        for (const l of lists) count += lowerBound(l, ns.end) - lowerBound(l, ns.start);
        if (count < bestCount) {
          best = lists;
          bestCount = count;
        }
      }
      result = [];
      const records = this.podRecords;
      if (best) {
        for (const list of best) {
          for (let k = lowerBound(list, ns.start); k < list.length && list[k] < ns.end; k++) {
            if (selector.matches(records[list[k]].labels)) result.push(list[k]);
          }
        }
        if (best.length > 1) result.sort((a, b) => a - b);
      } else {
        for (let i = ns.start; i < ns.end; i++) if (selector.matches(records[i].labels)) result.push(i);
      }
    }
    this.selectionCache.set(cacheKey, result);
    return result;
  }

  private selectNamespaces(selector: CompiledSelector): NamespaceRecord[] {
    let result = this.namespaceSelectionCache.get(selector.key);
    if (!result) {
      result = [...this.namespaces.values()].filter((ns) => selector.matches(ns.labels));
      this.namespaceSelectionCache.set(selector.key, result);
    }
    return result;
  }

  private evaluatePeer(peer: CompiledPeer, policyNamespace: string): Uint32Array {
    const bits = new Uint32Array(this.words);
    if (peer.ipBlock) {
      this.ipBlockPods(peer.ipBlock, bits);
      return bits;
    }
    if (!peer.podSelector && !peer.namespaceSelector) return bits;
    const namespaces = peer.namespaceSelector
      ? this.selectNamespaces(peer.namespaceSelector)
      : [this.namespaces.get(policyNamespace)].filter((ns): ns is NamespaceRecord => ns !== undefined);
    for (const ns of namespaces) {
      if (!peer.podSelector || peer.podSelector.selectsAll) setRange(bits, ns.start, ns.end);
      else for (const i of this.select(peer.podSelector, ns)) setBit(bits, i);
    }
    return bits;
  }

  /** Set the bits of the pods with an IP in the block (IPv4 through a sorted address index; IPv6 by scan). */
  private ipBlockPods(block: CompiledIpBlock, bits: Uint32Array): void {
    const cidr = block.cidr;
    if (!cidr) return;
    const index = this.buildIpIndex();
    if (cidr.family === 4) {
      for (let k = lowerBound(index.v4, cidr.first); k < index.v4.length && index.v4[k] <= cidr.last; k++) {
        const ip: IpAddress = { family: 4, value: index.v4[k] };
        if (ipBlockContains(block, ip)) setBit(bits, index.v4Pods[k]);
      }
    } else {
      for (const { ip, pod } of index.v6) if (ipBlockContains(block, { family: 6, value: ip })) setBit(bits, pod);
    }
  }

  private buildIpIndex() {
    if (!this.ipIndex) {
      const v4: [number, number][] = [];
      const v6: { ip: bigint; pod: number }[] = [];
      this.podRecords.forEach((r, pod) => {
        for (const ip of podIps(r.pod)) {
          if (ip.family === 4) v4.push([ip.value, pod]);
          else v6.push({ ip: ip.value, pod });
        }
      });
      v4.sort((a, b) => a[0] - b[0]);
      this.ipIndex = { v4: Float64Array.from(v4, (e) => e[0]), v4Pods: Int32Array.from(v4, (e) => e[1]), v6 };
    }
    return this.ipIndex;
  }
}

/** Rule ids are unique within the process, so caches keyed by them never see a reused id. */
let nextRuleId = 0;

function compileRules(direction: Direction, rules: readonly PolicyRule[] | undefined, namespace: string): CompiledRule[] {
  return (rules ?? []).map((rule, index): CompiledRule => {
    const peers = direction === "ingress" ? rule.from : rule.to;
    return {
      id: nextRuleId++,
      direction,
      index,
      peers: peers && peers.length > 0 ? peers.map((p, i) => compilePeer(p, i, namespace)) : null,
      ports: compilePorts(rule.ports),
    };
  });
}

/** A compiled policy. Its rules are compiled on first use: per-pod policy grouping only needs the podSelector. */
class PolicyEntry implements CompiledPolicy {
  readonly key: string;
  readonly policyTypes: readonly PolicyType[];
  private rules?: { ingress: CompiledRule[]; egress: CompiledRule[] };

  constructor(
    readonly id: number,
    readonly namespace: string,
    readonly policy: NetworkPolicy,
    readonly podSelector: CompiledSelector,
    readonly selected: readonly number[],
  ) {
    this.key = `${namespace}/${policy.metadata.name}`;
    this.policyTypes = effectivePolicyTypes(policy);
  }

  get ingress(): readonly CompiledRule[] {
    return this.compiledRules().ingress;
  }

  get egress(): readonly CompiledRule[] {
    return this.compiledRules().egress;
  }

  private compiledRules(): { ingress: CompiledRule[]; egress: CompiledRule[] } {
    this.rules ??= {
      ingress: compileRules("ingress", this.policy.spec?.ingress, this.namespace),
      egress: compileRules("egress", this.policy.spec?.egress, this.namespace),
    };
    return this.rules;
  }
}

function compilePeer(peer: NetworkPolicyPeer, index: number, policyNamespace: string): CompiledPeer {
  if (peer.ipBlock) {
    const except = [...(peer.ipBlock.except ?? [])].sort().join(",");
    return { index, peer, key: `ip:${peer.ipBlock.cidr}|${except}`, ipBlock: compileIpBlock(peer.ipBlock) };
  }
  const podSelector = peer.podSelector ? compileSelector(peer.podSelector) : undefined;
  const namespaceSelector = peer.namespaceSelector ? compileSelector(peer.namespaceSelector) : undefined;
  if (!podSelector && !namespaceSelector) return { index, peer, key: "none" };
  const nsPart = namespaceSelector ? `ns:${namespaceSelector.key}` : `in:${policyNamespace}`;
  return { index, peer, key: `${nsPart}|pod:${podSelector ? podSelector.key : "*"}`, podSelector, namespaceSelector };
}

function pushPosting(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function removeId(list: number[], id: number): void {
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
}

function orCopy(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = a.slice();
  orInto(out, b);
  return out;
}

/** Compile a snapshot's NetworkPolicies into an index (see {@link PolicyIndex}). */
export function compilePolicies(snapshot: ClusterSnapshot): PolicyIndex {
  return new PolicyIndex(snapshot);
}

/** Read one cell of a bit matrix: may pod `from` connect to pod `to`? */
export function matrixGet(m: BitMatrix, from: number, to: number): boolean {
  return (m.data[from * m.words + (to >>> 5)] & (1 << (to & 31))) !== 0;
}
