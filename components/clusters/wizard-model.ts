/**
 * The Create Cluster wizard's form model: the draft as the inputs hold it (strings), the New-AksHciCluster body built
 * from it, which step each field path belongs to, and the IP plan / fit of the draft on the chosen network.
 */
import { networkSpecOf } from "@/lib/api/specs";
import { CLUSTER_DEFAULTS, NODE_POOL_DEFAULTS, type OsType, type NetworkPlugin } from "@/lib/cluster/spec";
import { planAddresses, type IpPlan } from "@/lib/ipam/planner";
import { EXAMPLE_POD_CIDR_V6, EXAMPLE_SERVICE_CIDR_V6 } from "@/lib/cluster/dualstack";
import type { NetworkDto } from "@/lib/api/dto";

export interface PoolRow {
  /** stable React key (rows can be removed from the middle) */
  key: number;
  name: string;
  count: string;
  osType: OsType;
  vmSize: string;
  maxPodCount: string;
}

export interface Draft {
  name: string;
  vnet: string;
  kubernetesVersion: string;
  controlPlaneNodeCount: number;
  controlPlaneVmSize: string;
  loadBalancerVmSize: string;
  loadBalancerCount: string;
  nodePools: PoolRow[];
  primaryNetworkPlugin: NetworkPlugin;
  /** dual-stack (IPv4 + IPv6, Calico only; lib/cluster/dualstack): optional so drafts saved before it still load */
  dualStack?: boolean;
  podCidrV6?: string;
  serviceCidrV6?: string;
}

export const STEPS = ["network", "controlPlane", "nodePools", "plugin", "review"] as const;
export type Step = (typeof STEPS)[number];

let nextKey = 1;
/** After restoring saved rows (sessionStorage): new rows get keys above theirs. */
export function reserveKeys(rows: readonly { key: number }[]): void {
  for (const r of rows) if (r.key >= nextKey) nextKey = r.key + 1;
}
export function newPoolRow(name: string, osType: OsType = NODE_POOL_DEFAULTS.osType): PoolRow {
  return { key: nextKey++, name, count: String(NODE_POOL_DEFAULTS.count), osType, vmSize: NODE_POOL_DEFAULTS.vmSize, maxPodCount: String(NODE_POOL_DEFAULTS.maxPodCount) };
}

export function initialDraft(vnet = ""): Draft {
  return {
    name: "",
    vnet,
    kubernetesVersion: CLUSTER_DEFAULTS.kubernetesVersion,
    controlPlaneNodeCount: CLUSTER_DEFAULTS.controlPlaneNodeCount,
    controlPlaneVmSize: CLUSTER_DEFAULTS.controlPlaneVmSize,
    loadBalancerVmSize: CLUSTER_DEFAULTS.loadBalancerVmSize,
    loadBalancerCount: String(CLUSTER_DEFAULTS.loadBalancerCount),
    nodePools: [newPoolRow("nodepool1")],
    primaryNetworkPlugin: CLUSTER_DEFAULTS.primaryNetworkPlugin,
    dualStack: false,
    podCidrV6: EXAMPLE_POD_CIDR_V6,
    serviceCidrV6: EXAMPLE_SERVICE_CIDR_V6,
  };
}

/** "3" → 3; "" stays "" (absent); anything else stays a string so the validator says "must be an integer". */
function num(s: string): number | string {
  const v = s.trim();
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

/** A count for the live preview: what the admin typed, or 0 while the input is not a whole number. */
export function countOf(s: string): number {
  const v = num(s);
  return typeof v === "number" && v >= 0 ? v : 0;
}

/** The POST /api/clusters body (New-AksHciCluster parameters). */
export function toClusterInput(d: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: d.name.trim(),
    controlPlaneNodeCount: d.controlPlaneNodeCount,
    controlPlaneVmSize: d.controlPlaneVmSize.trim(),
    loadBalancerVmSize: d.loadBalancerVmSize.trim(),
    loadBalancerCount: num(d.loadBalancerCount),
    nodePools: d.nodePools.map((p) => ({ name: p.name.trim(), count: num(p.count), osType: p.osType, vmSize: p.vmSize.trim(), maxPodCount: num(p.maxPodCount) })),
    primaryNetworkPlugin: d.primaryNetworkPlugin,
    kubernetesVersion: d.kubernetesVersion.trim(),
  };
  if (d.vnet) out.vnet = d.vnet;
  // the dual-stack option only goes with Calico (the wizard disables it for Flannel: IPv6 Flannel No, Calico Yes)
  if (d.dualStack && d.primaryNetworkPlugin === "calico") {
    out.ipFamilies = ["IPv4", "IPv6"];
    out.podCidrV6 = (d.podCidrV6 ?? "").trim();
    out.serviceCidrV6 = (d.serviceCidrV6 ?? "").trim();
  }
  return out;
}

/** Which step shows the input of a field path (server paths included). */
export function stepOf(path: string): number {
  const root = path.split(/[.[]/)[0];
  if (root === "nodePools") return 2;
  if (["controlPlaneNodeCount", "controlPlaneVmSize", "loadBalancerVmSize", "loadBalancerCount", "loadBalancerSku"].includes(root)) return 1;
  if (["primaryNetworkPlugin", "ipFamilies", "podCidrV6", "serviceCidrV6"].includes(root)) return 3;
  return 0;
}

/** DOM id of a field's input: `nodePools[1].count` → `cw-nodePools-1-count`. */
export function fieldId(path: string): string {
  return "cw-" + path.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-");
}

/** The draft's empty numeric inputs: the validator would silently take the default, the wizard asks for a number. */
export function emptyNumberPaths(d: Draft): string[] {
  const out: string[] = [];
  if (d.loadBalancerCount.trim() === "") out.push("loadBalancerCount");
  d.nodePools.forEach((p, i) => {
    if (p.count.trim() === "") out.push(`nodePools[${i}].count`);
    if (p.maxPodCount.trim() === "") out.push(`nodePools[${i}].maxPodCount`);
  });
  return out;
}

/** The IP plan of this one cluster. The AKS host already lives on its network, so it is not counted again. */
export function planDraft(d: Draft): IpPlan {
  return planAddresses({
    managementCluster: false,
    clusters: [
      {
        name: d.name.trim() || "new",
        controlPlaneNodeCount: d.controlPlaneNodeCount,
        loadBalancerCount: countOf(d.loadBalancerCount),
        nodePools: d.nodePools.map((p) => ({ name: p.name.trim() || "?", count: countOf(p.count), osType: p.osType })),
      },
    ],
  });
}

export interface Fit {
  /** null: DHCP network, node addresses come from the DHCP server */
  node: { need: number; free: number; missing: number } | null;
  vip: { need: number; free: number; missing: number };
  fits: boolean;
}

/** Does the plan fit the network's currently free addresses? */
export function fitOn(plan: IpPlan, net: NetworkDto): Fit {
  const node = net.usage.node
    ? { need: plan.nodePool.required, free: net.usage.node.free, missing: Math.max(0, plan.nodePool.required - net.usage.node.free) }
    : null;
  const vip = { need: plan.vipPool.required, free: net.usage.vip.free, missing: Math.max(0, plan.vipPool.required - net.usage.vip.free) };
  return { node, vip, fits: (node?.missing ?? 0) === 0 && vip.missing === 0 };
}

/** NetworkDto → the validated network shape renderPowerShell takes. */
export const toPsNetwork = networkSpecOf;
