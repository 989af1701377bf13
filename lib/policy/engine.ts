/**
 * The NetworkPolicy reachability engine (`networking.k8s.io/v1` semantics): compile a ClusterSnapshot's policies into
 * an index, then ask for reachability matrices, explanations, posture and summaries. Every function takes a snapshot
 * or an already compiled {@link PolicyIndex}.
 */
export {
  compilePolicies,
  effectivePolicyTypes,
  matrixGet,
  PolicyIndex,
  type BitMatrix,
  type CompiledPeer,
  type CompiledPolicy,
  type CompiledRule,
  type Direction,
  type PolicyGroup,
} from "./compile";
export { explain, type Explanation, type RuleMatch, type SideExplanation } from "./explain";
export {
  enforcedMatrix,
  reachabilityBitsets,
  reachabilityMatrix,
  type PolicySource,
  type ReachabilityBits,
  type ReachabilityMatrix,
} from "./matrix";
export { parsePortSpec, portKey, type PortSpec } from "./ports";
export {
  policySummary,
  posture,
  type PeerSummary,
  type PolicySummary,
  type Posture,
  type RuleSummary,
  type ShadowedRule,
} from "./posture";
