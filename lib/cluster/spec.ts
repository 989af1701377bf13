/**
 * Validation of `New-AksHciCluster` / `New-AksHciNodePool` input (fact sheet §2), with the cmdlets' parameter names
 * and defaults. Every problem is returned at once with its field path; nothing throws.
 */
import { limitMessage, limits, limitVars } from "../limits";
import { childPath, describeValue, isAbsent, isRecord, ProblemList, type FieldProblem, type Validation } from "../ipam/fields";
import { DUAL_STACK_PARAMETERS, readDualStack, type ClusterIpFamilies } from "./dualstack";

export type { FieldProblem, Validation } from "../ipam/fields";

export type OsType = "Linux" | "Windows";
export type LoadBalancerSku = "HAProxy" | "none";
export type NetworkPlugin = "calico" | "flannel";

/** A node pool (`New-AksHciNodePool -name -count -osType -vmSize -maxPodCount`). */
export interface NodePoolSpec {
  name: string;
  count: number;
  osType: OsType;
  vmSize: string;
  maxPodCount: number;
}

/** A workload cluster (`New-AksHciCluster`), defaults filled in. */
export interface AksHciClusterSpec {
  name: string;
  /** name of the `New-AksHciClusterNetwork` object; absent ⇒ the cluster uses the AKS host's network [WAC-SETUP] */
  vnet?: string;
  controlPlaneNodeCount: number;
  controlPlaneVmSize: string;
  loadBalancerVmSize: string;
  loadBalancerSku: LoadBalancerSku;
  /** HAProxy VMs (`New-AksHciLoadBalancerSetting -loadBalancerCount`); 0 when the SKU is none */
  loadBalancerCount: number;
  nodePools: NodePoolSpec[];
  primaryNetworkPlugin: NetworkPlugin;
  kubernetesVersion: string;
  /** hcinet's dual-stack option (Calico only; not a New-AksHciCluster parameter, see lib/cluster/dualstack) */
  ipFamilies?: ClusterIpFamilies;
  podCidrV6?: string;
  serviceCidrV6?: string;
}

/**
 * `New-AksHciCluster` defaults [NC]. kubernetesVersion "" means the cmdlet's own default (the latest version the
 * installed module offers): hcinet pins no version it cannot verify; the script then leaves -kubernetesVersion out.
 */
export const CLUSTER_DEFAULTS = {
  controlPlaneNodeCount: 1,
  controlPlaneVmSize: "Standard_A4_V2",
  loadBalancerVmSize: "Standard_A4_V2",
  loadBalancerSku: "HAProxy",
  loadBalancerCount: 1,
  primaryNetworkPlugin: "calico",
  kubernetesVersion: "",
} as const;

/** `New-AksHciNodePool` defaults [NNP]. */
export const NODE_POOL_DEFAULTS = { count: 1, osType: "Linux", vmSize: "Standard_K8S3_v1", maxPodCount: 110 } as const;

/**
 * UNCONFIRMED for the AksHci module: the docs only give the default 1; {1, 3, 5} (odd, etcd quorum) is the 23H2 scale
 * table's set and Microsoft's production recommendation (fact sheet §2.1).
 */
export const CONTROL_PLANE_NODE_COUNTS = [1, 3, 5] as const;
/** UNCONFIRMED for AksHci: ≤ 64 nodes per pool is the 23H2 limit [SCALE23]. */
export const MAX_NODES_PER_POOL = 64;
/**
 * Validated maximum of 200 VMs in the whole deployment: the AKS host, and the control planes, load balancers and
 * workers of every cluster all count [SUPPORT], [SYSREQ] (fact sheet §2.3: "200 VMs total").
 */
export const MAX_VMS_PER_DEPLOYMENT = 200;
/** @deprecated the limit is deployment-wide: {@link MAX_VMS_PER_DEPLOYMENT} */
export const MAX_VMS_PER_CLUSTER = MAX_VMS_PER_DEPLOYMENT;
/** The AKS host (management cluster) is one VM [NODE-NET], [SUPPORT]. */
export const AKS_HOST_VMS = 1;

/** The parameters of New-AksHciCluster hcinet models; anything else is refused (422 naming it). */
export const CLUSTER_PARAMETERS = [
  "name", "vnet", "controlPlaneNodeCount", "controlPlaneVmSize", "loadBalancerVmSize", "loadBalancerSku", "loadBalancerCount",
  "nodePools", "primaryNetworkPlugin", "kubernetesVersion", ...DUAL_STACK_PARAMETERS,
] as const;
/** The parameters of New-AksHciNodePool hcinet models. */
export const NODE_POOL_PARAMETERS = ["name", "count", "osType", "vmSize", "maxPodCount"] as const;

/** Every workload cluster has at least one worker (the documentation's clusters all do; a control plane alone runs no workload). */
export const WORKERLESS_MESSAGE =
  "a workload cluster needs at least one worker node: give a node pool a count of 1 or more (New-AksHciCluster -nodePoolName … -nodeCount ≥ 1)";

/** VMs of one cluster: control plane, HAProxy VMs and workers. */
export function clusterVmCount(c: { controlPlaneNodeCount: number; loadBalancerCount: number; nodePools: readonly { count: number }[] }): number {
  return c.controlPlaneNodeCount + c.loadBalancerCount + c.nodePools.reduce((n, p) => n + p.count, 0);
}

/** The deployment-wide VM limit, one message for the API, the wizard and `hcinet plan`. Null when `total` fits. */
export function deploymentVmProblem(total: number): string | null {
  return total > MAX_VMS_PER_DEPLOYMENT
    ? `the deployment would have ${total} VMs (the AKS host, and the control planes, load balancers and workers of every cluster); the validated maximum is ${MAX_VMS_PER_DEPLOYMENT} VMs in total`
    : null;
}
/** `-maxPodCount` / `-nodeMaxPodCount` "must be greater than 50" [NC] (an older doc says "at least 50"). */
export const MIN_MAX_POD_COUNT_EXCLUSIVE = 50;

/**
 * Fields that cannot change once the cluster exists, with the documented reason.
 * primaryNetworkPlugin: [NC], [CONT-NET]; vnet: [NODE-NET].
 */
export const IMMUTABLE_CLUSTER_FIELDS = ["primaryNetworkPlugin", "vnet"] as const;
export type ImmutableClusterField = (typeof IMMUTABLE_CLUSTER_FIELDS)[number];
export const IMMUTABLE_CLUSTER_FIELD_REASONS: Record<ImmutableClusterField, string> = {
  primaryNetworkPlugin: "Cannot be changed after deployment",
  vnet: "Nothing network-related can be changed after the AKS host or a workload cluster is deployed",
};

/**
 * Cluster names. Documented: "Do not use hyphens" (creation may fail) [NC], [DOCS-2164]. The rest — start with a
 * lowercase letter, then lowercase letters and digits, 1–40 characters — is our UNCONFIRMED assumption, chosen to be
 * safe for the VM and Kubernetes object names AksHci derives from the cluster name.
 */
const CLUSTER_NAME = /^[a-z][a-z0-9]*$/;
const CLUSTER_NAME_MAX = 40;
/** Node pool names: lowercase letters and digits (UNCONFIRMED; same caution as cluster names). */
const NODE_POOL_NAME = /^[a-z0-9]+$/;
const NODE_POOL_NAME_MAX = 40;
const KUBERNETES_VERSION = /^v\d+\.\d+\.\d+$/;

function readVmSize(problems: ProblemList, rec: Record<string, unknown>, key: string, parent: string, fallback: string): string {
  const v = problems.string(rec, key, parent);
  if (v !== undefined && v.trim() === "") problems.add(childPath(parent, key), "must name a VM size such as Standard_K8S3_v1", "vmSize.blank");
  problems.freeText(childPath(parent, key), v);
  return v ?? fallback;
}

function checkClusterName(problems: ProblemList, name: string): void {
  if (name.includes("-")) {
    problems.add("name", `"${name}" contains a hyphen; the AksHci docs say "Do not use hyphens" in cluster names (creation may fail)`, "cluster.nameHyphen", { name });
  } else if (name.length > CLUSTER_NAME_MAX || !CLUSTER_NAME.test(name)) {
    problems.add(
      "name",
      `"${name}" is not allowed: cluster names must start with a lowercase letter and contain only lowercase letters and digits, 1–${CLUSTER_NAME_MAX} characters`,
      "cluster.nameChars",
      { name, max: CLUSTER_NAME_MAX },
    );
  }
}

/**
 * Validates one node pool (`New-AksHciNodePool` parameters). Use it alone when adding a pool to an existing cluster:
 * `existingNames` are the cluster's pools, whose names the new pool must not repeat [NNP]. `path` prefixes the
 * problem paths (the cluster validator passes `nodePools[i]`).
 */
export function validateNodePoolInput(
  input: unknown,
  options: { existingNames?: readonly string[]; path?: string } = {},
): Validation<NodePoolSpec> {
  const problems = new ProblemList();
  const pool = readNodePool(problems, input, options.path ?? "");
  if (pool && options.existingNames?.includes(pool.name)) {
    problems.add(childPath(options.path ?? "", "name"), `the cluster already has a node pool named "${pool.name}"`, "nodePool.exists", { name: pool.name });
  }
  return problems.empty && pool ? { ok: true, value: pool } : { ok: false, problems: problems.items };
}

function readNodePool(problems: ProblemList, input: unknown, parent: string): NodePoolSpec | undefined {
  if (!isRecord(input)) {
    problems.add(parent, `must be an object with the New-AksHciNodePool parameters, got ${describeValue(input)}`, "nodePool.notObject", { got: describeValue(input) });
    return undefined;
  }
  problems.unknownKeys(input, NODE_POOL_PARAMETERS, parent, "New-AksHciNodePool");
  const name = problems.string(input, "name", parent, { required: true });
  if (name !== undefined && name.includes("-")) {
    problems.add(
      childPath(parent, "name"),
      `"${name}" contains a hyphen; node pool names may contain only lowercase letters and digits (hyphens are refused like in cluster names)`,
      "nodePool.nameHyphen",
      { name },
    );
  } else if (name !== undefined && (name.length > NODE_POOL_NAME_MAX || !NODE_POOL_NAME.test(name))) {
    problems.add(
      childPath(parent, "name"),
      `"${name}" is not allowed: node pool names may contain only lowercase letters and digits, 1–${NODE_POOL_NAME_MAX} characters`,
      "nodePool.nameChars",
      { name, max: NODE_POOL_NAME_MAX },
    );
  }
  const count = problems.integer(input, "count", parent, { min: 0, max: MAX_NODES_PER_POOL });
  const osType = problems.oneOf(input, "osType", parent, ["Linux", "Windows"] as const);
  const vmSize = readVmSize(problems, input, "vmSize", parent, NODE_POOL_DEFAULTS.vmSize);
  const maxPodCount = problems.integer(input, "maxPodCount", parent, {
    min: MIN_MAX_POD_COUNT_EXCLUSIVE + 1,
    hint: "AksHci requires more than 50",
  });
  if (name === undefined) return undefined;
  return {
    name,
    count: count ?? NODE_POOL_DEFAULTS.count,
    osType: osType ?? NODE_POOL_DEFAULTS.osType,
    vmSize,
    maxPodCount: maxPodCount ?? NODE_POOL_DEFAULTS.maxPodCount,
  };
}

/**
 * Validates `New-AksHciCluster` input and fills the defaults. Rules: fact sheet §2.1–2.3 (names, control plane
 * count, load balancer SKU/count, node pools, ≥ 1 worker, plugin, version, unknown parameters refused, and the
 * deployment-wide 200-VM limit counting `context.existingVms` — the AKS host and every other cluster's VMs).
 * The same function runs in the API, the wizard and `hcinet plan`.
 */
export function validateClusterSpec(input: unknown, context: { existingVms?: number } = {}): Validation<AksHciClusterSpec> {
  if (!isRecord(input)) {
    const got = describeValue(input);
    return { ok: false, problems: [{ path: "", message: `must be an object with the New-AksHciCluster parameters, got ${got}`, code: "cluster.notObject", vars: { got } }] };
  }
  const problems = new ProblemList();
  problems.unknownKeys(input, CLUSTER_PARAMETERS, "", "New-AksHciCluster");

  const name = problems.string(input, "name", "", { required: true });
  if (name !== undefined) checkClusterName(problems, name);
  const vnet = problems.string(input, "vnet", "");

  const controlPlaneNodeCount = problems.integer(input, "controlPlaneNodeCount", "", { min: 1 });
  if (controlPlaneNodeCount !== undefined && !(CONTROL_PLANE_NODE_COUNTS as readonly number[]).includes(controlPlaneNodeCount)) {
    problems.add("controlPlaneNodeCount", `must be 1, 3 or 5 (an odd count keeps etcd quorum), got ${controlPlaneNodeCount}`, "controlPlane.count", { got: controlPlaneNodeCount });
  }
  const controlPlaneVmSize = readVmSize(problems, input, "controlPlaneVmSize", "", CLUSTER_DEFAULTS.controlPlaneVmSize);
  const loadBalancerVmSize = readVmSize(problems, input, "loadBalancerVmSize", "", CLUSTER_DEFAULTS.loadBalancerVmSize);
  const loadBalancerSku = problems.oneOf(input, "loadBalancerSku", "", ["HAProxy", "none"] as const) ?? CLUSTER_DEFAULTS.loadBalancerSku;
  const loadBalancerCount = readLoadBalancerCount(problems, input, loadBalancerSku);

  const nodePools: NodePoolSpec[] = [];
  const poolEntries = problems.array(input, "nodePools", "") ?? [];
  const poolCap = limits.nodePoolsPerCluster;
  if (poolEntries.length > poolCap.max) {
    problems.add("nodePools", limitMessage(poolCap, "node pools per cluster", poolEntries.length), "limit.exceeded", limitVars(poolCap, "node pools per cluster", poolEntries.length));
  }
  poolEntries.slice(0, poolCap.max).forEach((entry, i) => {
    const path = childPath("nodePools", i);
    const pool = readNodePool(problems, entry, path);
    if (!pool) return;
    if (nodePools.some((p) => p.name === pool.name)) {
      problems.add(childPath(path, "name"), `node pool name "${pool.name}" is used twice in this cluster; pool names must be unique`, "nodePool.duplicate", { name: pool.name });
    }
    nodePools.push(pool);
  });

  const workers = nodePools.reduce((sum, p) => sum + p.count, 0);
  if (workers === 0 && !problems.items.some((p) => p.path.startsWith("nodePools"))) problems.add("nodePools", WORKERLESS_MESSAGE, "cluster.noWorkers");
  const vms = clusterVmCount({ controlPlaneNodeCount: controlPlaneNodeCount ?? CLUSTER_DEFAULTS.controlPlaneNodeCount, loadBalancerCount: loadBalancerCount ?? 0, nodePools });
  const total = (context.existingVms ?? 0) + vms;
  const tooMany = deploymentVmProblem(total);
  if (tooMany) problems.add("nodePools", tooMany, "deployment.vms", { total, max: MAX_VMS_PER_DEPLOYMENT });

  const primaryNetworkPlugin = problems.oneOf(input, "primaryNetworkPlugin", "", ["calico", "flannel"] as const) ?? CLUSTER_DEFAULTS.primaryNetworkPlugin;
  const kubernetesVersion = problems.string(input, "kubernetesVersion", "") ?? CLUSTER_DEFAULTS.kubernetesVersion;
  if (kubernetesVersion !== "" && !KUBERNETES_VERSION.test(kubernetesVersion)) {
    problems.add(
      "kubernetesVersion",
      `"${kubernetesVersion}" is not a Kubernetes version; expected vX.Y.Z as listed by Get-AksHciKubernetesVersion, or leave it empty for the cmdlet's default`,
      "kubernetesVersion.invalid",
      { value: kubernetesVersion },
    );
  }
  const dualStack = readDualStack(problems, input, primaryNetworkPlugin);

  if (!problems.empty || name === undefined) return { ok: false, problems: problems.items };
  const value: AksHciClusterSpec = {
    name,
    controlPlaneNodeCount: controlPlaneNodeCount ?? CLUSTER_DEFAULTS.controlPlaneNodeCount,
    controlPlaneVmSize,
    loadBalancerVmSize,
    loadBalancerSku,
    loadBalancerCount: loadBalancerCount ?? 0,
    nodePools,
    primaryNetworkPlugin,
    kubernetesVersion,
  };
  if (vnet !== undefined) value.vnet = vnet;
  if (dualStack.ipFamilies.length === 2) Object.assign(value, dualStack);
  return { ok: true, value };
}

/** HAProxy: 1 by default, ≥ 1 [MULTI-LB]; SKU none: no load balancer VM, so 0 [LBS]. */
function readLoadBalancerCount(problems: ProblemList, input: Record<string, unknown>, sku: LoadBalancerSku): number | undefined {
  if (sku === "none") {
    if (!isAbsent(input.loadBalancerCount) && input.loadBalancerCount !== 0) {
      const got = String(input.loadBalancerCount);
      problems.add("loadBalancerCount", `must be 0 or left out when loadBalancerSku is "none" (no HAProxy VM is deployed), got ${got}`, "loadBalancerCount.skuNone", { got });
    }
    return 0;
  }
  return problems.integer(input, "loadBalancerCount", "", { min: 1, hint: "HAProxy load balancer VMs" }) ?? CLUSTER_DEFAULTS.loadBalancerCount;
}

/**
 * Problems for an update that changes an immutable field (`current` is the deployed spec, `requested` the new
 * one). An absent vnet means the host network, so absent → set is a change too.
 */
export function immutableFieldChanges(
  current: Pick<AksHciClusterSpec, ImmutableClusterField>,
  requested: Partial<Pick<AksHciClusterSpec, ImmutableClusterField>>,
): FieldProblem[] {
  return IMMUTABLE_CLUSTER_FIELDS.filter((f) => f in requested && requested[f] !== current[f]).map((f) => {
    const vars = { current: current[f] ?? "the AKS host network", requested: requested[f] ?? "the AKS host network" };
    return { path: f, message: `${IMMUTABLE_CLUSTER_FIELD_REASONS[f]} (current: ${vars.current}, requested: ${vars.requested})`, code: `immutable.${f}` as const, vars };
  });
}
