/**
 * The reachability answers the API gives, built on the engine: the CLI's JSON shape
 * `{plugin, pods, matrices: {"80/TCP": boolean[][]}}`, or a compact form for the heatmap (rows as base64 bitsets).
 */
import type { ClusterSnapshot } from "../kube/types";
import { compilePolicies } from "./compile";
import { reachabilityBitsets, reachabilityMatrix, type ReachabilityMatrix } from "./matrix";
import { parsePortSpec, type PortSpec } from "./ports";

export interface CompactReachability {
  plugin: "calico" | "flannel";
  enforced: boolean;
  pods: string[];
  /** namespace of each pod, for grouping */
  namespaces: string[];
  words: number;
  /** per port: base64 of the little-endian Uint32 rows, concatenated (row i = words × 4 bytes at i × words × 4) */
  matrices: Record<string, string>;
}

/** Parses `80`, `80/TCP`, `53/udp`; throws with a message naming the bad value. */
export function parsePorts(values: string[]): PortSpec[] {
  if (values.length === 0) throw new Error("at least one port is required, e.g. port=80/TCP");
  return values.map((v) => parsePortSpec(v));
}

export function reachabilityJson(snapshot: ClusterSnapshot, ports: PortSpec[]): ReachabilityMatrix {
  return reachabilityMatrix(compilePolicies(snapshot), ports);
}

export function reachabilityCompact(snapshot: ClusterSnapshot, ports: PortSpec[]): CompactReachability {
  const bits = reachabilityBitsets(compilePolicies(snapshot), ports);
  const matrices: Record<string, string> = {};
  for (const [key, rows] of Object.entries(bits.matrices)) {
    const all = new Uint32Array(rows.length * bits.words);
    rows.forEach((r, i) => all.set(r, i * bits.words));
    matrices[key] = Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString("base64");
  }
  return { plugin: bits.plugin, enforced: bits.enforced, pods: bits.pods, namespaces: bits.pods.map((p) => p.split("/")[0]), words: bits.words, matrices };
}
