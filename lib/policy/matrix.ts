/**
 * Pod-to-pod reachability matrices: for each port, whether pod i may open a connection to pod j, as the cluster's
 * network plugin enforces NetworkPolicy (Calico enforces it, flannel does not).
 */
import type { ClusterSnapshot } from "../kube/types";
import { fullBitset } from "./bitset";
import { type BitMatrix, compilePolicies, matrixGet, PolicyIndex } from "./compile";
import { type PortSpec, portKey } from "./ports";

/** A snapshot, or an index compiled from one (reuse it to answer several questions without recompiling). */
export type PolicySource = ClusterSnapshot | PolicyIndex;

export function toIndex(source: PolicySource): PolicyIndex {
  return source instanceof PolicyIndex ? source : compilePolicies(source);
}

/** Reachability as bitsets, for the UI heatmap: `matrices["80/TCP"][i]` is row i (bit j: pods[i] → pods[j]). */
export interface ReachabilityBits {
  plugin: ClusterSnapshot["primaryNetworkPlugin"];
  /** False when the plugin does not enforce NetworkPolicy (flannel): every connection is allowed. */
  enforced: boolean;
  /** "namespace/name", sorted. */
  pods: string[];
  /** Words per row. */
  words: number;
  matrices: Record<string, Uint32Array[]>;
}

/** Reachability as booleans: `matrices["80/TCP"][i][j]` says whether pods[i] may connect to pods[j]. */
export interface ReachabilityMatrix {
  plugin: ClusterSnapshot["primaryNetworkPlugin"];
  pods: string[];
  matrices: Record<string, boolean[][]>;
}

/** The enforced matrix of one port: the policies' verdict under Calico, everything allowed under flannel. */
export function enforcedMatrix(index: PolicyIndex, spec: PortSpec): BitMatrix {
  if (index.plugin !== "flannel") return index.policyMatrix(spec);
  const n = index.pods.length;
  const row = fullBitset(n);
  const data = new Uint32Array(n * index.words);
  for (let i = 0; i < n; i++) data.set(row, i * index.words);
  return { size: n, words: index.words, data };
}

/**
 * Reachability bitsets for each port. Rows are views into the index's cached matrices (under Calico): they follow
 * later addPolicy / removePolicy calls on the same index and must not be modified.
 */
export function reachabilityBitsets(source: PolicySource, ports: readonly PortSpec[]): ReachabilityBits {
  const index = toIndex(source);
  const matrices: Record<string, Uint32Array[]> = {};
  for (const spec of ports) {
    const m = enforcedMatrix(index, spec);
    const rows: Uint32Array[] = new Array(m.size);
    for (let i = 0; i < m.size; i++) rows[i] = m.data.subarray(i * m.words, (i + 1) * m.words);
    matrices[portKey(spec)] = rows;
  }
  return { plugin: index.plugin, enforced: index.plugin !== "flannel", pods: [...index.pods], words: index.words, matrices };
}

/**
 * Reachability as boolean matrices for each port (`"80/TCP"` keys), pods sorted "namespace/name", diagonal true.
 * Meant for small clusters and the CLI: at 10,000 pods prefer {@link reachabilityBitsets} (100 M booleans per port).
 */
export function reachabilityMatrix(source: PolicySource, ports: readonly PortSpec[]): ReachabilityMatrix {
  const index = toIndex(source);
  const matrices: Record<string, boolean[][]> = {};
  for (const spec of ports) {
    const m = enforcedMatrix(index, spec);
    const rows: boolean[][] = new Array(m.size);
    for (let i = 0; i < m.size; i++) {
      const row: boolean[] = new Array(m.size);
      for (let j = 0; j < m.size; j++) row[j] = matrixGet(m, i, j);
      rows[i] = row;
    }
    matrices[portKey(spec)] = rows;
  }
  return { plugin: index.plugin, pods: [...index.pods], matrices };
}
