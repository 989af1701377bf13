/**
 * Caps on the work one request may ask for. Past a cap the API answers 422 naming the limit (and the environment
 * variable that moves it), before doing the work. Defaults are generous for AKS hybrid's validated scale (≤ 200 VMs
 * per cluster, ≤ 16 node pools per cluster in 23H2, ≤ 110–250 pods per node).
 */
function fromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

export interface Limit {
  /** stable name used in the error's `details.limit` */
  name: string;
  max: number;
  env: string;
}

export const limits = {
  /** objects in one apply (documents, and items of kubectl Lists) */
  get documentsPerApply(): Limit {
    return { name: "documentsPerApply", env: "HCINET_MAX_APPLY_DOCUMENTS", max: fromEnv("HCINET_MAX_APPLY_DOCUMENTS", 25_000) };
  },
  /** spec.replicas of one Deployment / ReplicaSet / StatefulSet */
  get replicasPerWorkload(): Limit {
    return { name: "replicasPerWorkload", env: "HCINET_MAX_REPLICAS", max: fromEnv("HCINET_MAX_REPLICAS", 5_000) };
  },
  /** node pools of one cluster (AKS Arc documents ≤ 16) */
  get nodePoolsPerCluster(): Limit {
    return { name: "nodePoolsPerCluster", env: "HCINET_MAX_NODE_POOLS", max: fromEnv("HCINET_MAX_NODE_POOLS", 16) };
  },
  /** pods in one reachability analysis */
  get podsPerAnalysis(): Limit {
    return { name: "podsPerAnalysis", env: "HCINET_MAX_ANALYSIS_PODS", max: fromEnv("HCINET_MAX_ANALYSIS_PODS", 10_000) };
  },
  /** pods in one analysis with Calico v3 policies (tiered verdicts, evaluated by groups of pods: lib/policy/calico/fast) */
  get calicoPolicyPods(): Limit {
    return { name: "calicoPolicyPods", env: "HCINET_MAX_CALICO_POLICY_PODS", max: fromEnv("HCINET_MAX_CALICO_POLICY_PODS", 10_000) };
  },
  /** pods in one Flannel vs Calico comparison (lib/plugins/compare: four matrices per port, changed cells walked word by word) */
  get comparePods(): Limit {
    return { name: "comparePods", env: "HCINET_MAX_COMPARE_PODS", max: fromEnv("HCINET_MAX_COMPARE_PODS", 5_000) };
  },
  /** above this many pods the stateless reachability answer is given in bitset form (base64 rows), not nested arrays */
  get reachabilityJsonPods(): Limit {
    return { name: "reachabilityJsonPods", env: "HCINET_REACH_JSON_MAX_PODS", max: fromEnv("HCINET_REACH_JSON_MAX_PODS", 2_000) };
  },
};

export function limitMessage(l: Limit, what: string, got: number): string {
  return `${what}: ${got} is over the limit of ${l.max} (${l.name}; set ${l.env} to change it)`;
}

/** The values of {@link limitMessage}, for the translated text (lib/i18n/problems.ts `limit.exceeded`). */
export function limitVars(l: Limit, what: string, got: number): Record<string, string | number> {
  return { what, got, max: l.max, limit: l.name, env: l.env };
}
