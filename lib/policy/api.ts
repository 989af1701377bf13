/**
 * The reachability answers the API gives, built on the engine: the CLI's JSON shape
 * `{plugin, pods, matrices: {"80/TCP": boolean[][]}}`, or a compact form for the heatmap (rows as base64 bitsets).
 */
import type { ClusterSnapshot } from "../kube/types";
import { compilePolicies } from "./compile";
import { reachabilityBitsets, reachabilityMatrix, type ReachabilityMatrix } from "./matrix";
import { parsePortSpec, portKey, type PortSpec } from "./ports";
import { wordCount } from "./bitset";
import { CalicoModel, type CalicoVerdict } from "./calico/evaluate";
import { calicoBitMatrix, type CalicoBitMatrix } from "./calico/fast";
import { limitMessage, limits } from "../limits";
import { isCalicoPolicy } from "./calico/types";
import { explain, type Explanation } from "./explain";

/** Calico's own policies are judged by the grouped tiered evaluator: bounded (more pods → 422 naming the limit). */
export class CalicoPodLimitError extends Error {
  constructor(readonly pods: number) {
    super(limitMessage(limits.calicoPolicyPods, "pods with Calico v3 policies", pods));
  }
}

/** The snapshot holds projectcalico.org/v3 policies and the plugin enforces them (Calico). */
export function enforcesCalicoPolicies(snapshot: ClusterSnapshot): boolean {
  return snapshot.primaryNetworkPlugin === "calico" && snapshot.others.some(isCalicoPolicy);
}

function calicoModel(snapshot: ClusterSnapshot): CalicoModel {
  if (snapshot.pods.length > limits.calicoPolicyPods.max) throw new CalicoPodLimitError(snapshot.pods.length);
  return new CalicoModel(snapshot);
}

/** Bit matrices with Calico v3 and Kubernetes policies together (Calico's tiers), by groups of pods. */
function calicoBits(snapshot: ClusterSnapshot, ports: PortSpec[]): { pods: string[]; words: number; matrices: Record<string, CalicoBitMatrix> } {
  const model = calicoModel(snapshot);
  const matrices: Record<string, CalicoBitMatrix> = {};
  for (const p of ports) matrices[portKey(p)] = calicoBitMatrix(model, p);
  const pods = model.pods();
  return { pods, words: wordCount(pods.length), matrices };
}

/** Boolean matrices with Calico v3 and Kubernetes policies together (Calico's tiers). */
function calicoReachability(snapshot: ClusterSnapshot, ports: PortSpec[]): ReachabilityMatrix {
  const bits = calicoBits(snapshot, ports);
  const n = bits.pods.length;
  const matrices: Record<string, boolean[][]> = {};
  for (const [key, m] of Object.entries(bits.matrices)) {
    matrices[key] = Array.from({ length: n }, (_, s) => Array.from({ length: n }, (_, d) => ((m.rows[s * m.words + (d >>> 5)] >>> (d & 31)) & 1) === 1));
  }
  return { plugin: "calico", pods: bits.pods, matrices };
}

/** An explanation, plus Calico's tiered verdict (`calico`) when Calico v3 policies exist. */
export type CalicoAwareExplanation = Explanation & { calico?: CalicoVerdict };

export function explainWithCalico(snapshot: ClusterSnapshot, from: string, to: string, port: PortSpec): CalicoAwareExplanation {
  const base = explain(snapshot, from, to, port);
  if (!snapshot.others.some(isCalicoPolicy)) return base;
  const verdict = calicoModel({ ...snapshot, primaryNetworkPlugin: "calico" }).verdict(from, to, port);
  const enforced = snapshot.primaryNetworkPlugin === "calico";
  const sideText = (name: string, d: CalicoVerdict["ingress"]) =>
    d.by === "rule"
      ? `${name} ${d.allowed ? "allowed" : "denied"} by ${d.policy}${d.rule !== undefined ? ` rule ${d.rule}` : ""} (${d.action}) in tier ${d.tier}`
      : d.by === "tierDefault"
        ? `${name} denied by the default action of tier ${d.tier} (a policy selects the pod and no rule decided)`
        : d.by === "passedOutOfLastTier"
          ? `${name} allowed: passed to the next tier (${d.passed.map((p) => p.policy ?? `tier ${p.tier}`).join(", ")}) and no later tier applies`
          : `${name} allowed: no policy selects the pod`;
  const why = `${sideText("egress", verdict.egress)}; ${sideText("ingress", verdict.ingress)}`;
  return {
    ...base,
    allowed: enforced ? verdict.allowed : true,
    ...(enforced ? {} : { wouldBe: verdict.allowed }),
    calico: verdict,
    reason: enforced
      ? `${from} → ${to} on ${portKey(port)} is ${verdict.allowed ? "allowed" : "denied"} under Calico's tiers: ${why}.`
      : `${from} → ${to} on ${portKey(port)} is allowed: flannel enforces no policy; under Calico it would be ${verdict.allowed ? "allowed" : "denied"} (${why}).`,
  };
}

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
  if (enforcesCalicoPolicies(snapshot)) return calicoReachability(snapshot, ports);
  return reachabilityMatrix(compilePolicies(snapshot), ports);
}

export function reachabilityCompact(snapshot: ClusterSnapshot, ports: PortSpec[]): CompactReachability {
  if (enforcesCalicoPolicies(snapshot)) {
    const m = calicoBits(snapshot, ports);
    const matrices: Record<string, string> = {};
    for (const [key, b] of Object.entries(m.matrices)) matrices[key] = Buffer.from(b.rows.buffer, b.rows.byteOffset, b.rows.byteLength).toString("base64");
    return { plugin: "calico", enforced: true, pods: m.pods, namespaces: m.pods.map((p) => p.split("/")[0]), words: m.words, matrices };
  }
  const bits = reachabilityBitsets(compilePolicies(snapshot), ports);
  const matrices: Record<string, string> = {};
  for (const [key, rows] of Object.entries(bits.matrices)) {
    const all = new Uint32Array(rows.length * bits.words);
    rows.forEach((r, i) => all.set(r, i * bits.words));
    matrices[key] = Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString("base64");
  }
  return { plugin: bits.plugin, enforced: bits.enforced, pods: bits.pods, namespaces: bits.pods.map((p) => p.split("/")[0]), words: bits.words, matrices };
}
