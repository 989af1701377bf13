/**
 * The AksHci IP planner (fact sheet §3.1–3.5): how many addresses the k8s node IP pool and the VIP pool need for a
 * set of planned workload clusters, and — given a network — what is left afterwards.
 *
 * Node IP pool (§3.1, §3.3):
 *   AKS host (management cluster)   1 (host VM) + 2 upgrade spares
 *   per workload cluster            1 per control-plane VM + 1 per worker + 5 upgrade spares + 1 per HAProxy VM
 * VIP pool:
 *   per workload cluster            1 API server VIP + the service VIPs after port sharing (§3.4)
 *   AKS host API server (kube-vip)  +1, recommended only (UNCONFIRMED: not in the official worked example, §3.2)
 */
import { formatIPv4, parseCidr, parseIPv4, rangeSize, rangesOverlap, smallestPrefixFor, usableHostCount, type AddressRange, type Cidr } from "./address";
import { childPath, describeValue, isAbsent, isRecord, ProblemList, type Validation } from "./fields";
import { CLOUD_SERVICE_CIDR_REASON, kubernetesCidrOverlaps, type NetworkPoolBounds } from "./network";
import { AKS_HOST_VMS, clusterVmCount, validateClusterSpec } from "../cluster/spec";
import { packVips } from "../conflicts/vip";

/** Node IPs of the AKS host: its VM plus 2 upgrade spares [NODE-NET], [SYSREQ]. */
export const AKS_HOST_NODE_IPS = 1;
export const AKS_HOST_UPGRADE_SPARES = 2;
/**
 * Upgrade spares per workload cluster: 5 per the documentation's table [NODE-NET], [SYSREQ]. The same docs' prose
 * says "one to three"; the table's larger value is used.
 */
export const WORKLOAD_UPGRADE_SPARES = 5;
/** The smallest workload cluster: 1 control plane + 1 worker + 5 spares + 1 HAProxy VM, and its API server VIP. */
export const SMALLEST_CLUSTER = { nodeIps: 1 + 1 + WORKLOAD_UPGRADE_SPARES + 1, vips: 1 } as const;

export interface PlannedService {
  name: string;
  type: "LoadBalancer";
  ports: number[];
  /** `hcinet.io/dedicated-vip: "true"`: a VIP of its own */
  dedicatedVip?: boolean;
}

export interface PlannedNodePool {
  name: string;
  count: number;
  osType: "Linux" | "Windows";
}

export interface PlannedCluster {
  name: string;
  controlPlaneNodeCount: number;
  /** HAProxy VMs; default 1; 0 for `-loadBalancerSku none` */
  loadBalancerCount?: number;
  nodePools: PlannedNodePool[];
  services?: PlannedService[];
}

/** The network to plan into. Node pool given ⇒ static; VIP pool only ⇒ DHCP; prefix only ⇒ pools not yet split. */
export interface PlanNetwork {
  ipAddressPrefix?: string;
  k8sNodeIpPoolStart?: string;
  k8sNodeIpPoolEnd?: string;
  vipPoolStart?: string;
  vipPoolEnd?: string;
}

export interface PlanInput {
  /** count the AKS host (default true) */
  managementCluster?: boolean;
  network?: PlanNetwork;
  clusters: PlannedCluster[];
}

/** One row of the plan, as in the fact sheet's worked-example table. */
export interface PlanLine {
  label: string;
  count: number;
  cluster?: string;
  detail: string;
}

/** One VIP of a cluster and the LoadBalancer services it carries (on distinct ports). */
export interface ServiceVip {
  services: { name: string; ports: number[] }[];
}

export interface PoolUsage {
  size: number;
  used: number;
  free: number;
  /** addresses the plan needs beyond the pool's size (0 when it fits) */
  missing: number;
}

/** What still fits after the planned/used addresses. null: unknown (DHCP hands out the node addresses). */
export interface CapacityForecast {
  /** more worker nodes (one node IP each) in the existing clusters */
  workerNodes: number | null;
  /** more LoadBalancer services that each need a new VIP */
  loadBalancerVips: number;
  /** more clusters of the smallest shape (8 node IPs, 1 VIP) */
  clusters: number | null;
}

export interface NetworkForecast {
  nodePool: PoolUsage | null;
  vipPool: PoolUsage;
  fits: boolean;
  forecast: CapacityForecast;
}

export interface PlanRemaining {
  /** static: both pools given; dhcp: VIP pool only; unsplit: only ipAddressPrefix, the pools are not laid out yet */
  layout: "static" | "dhcp" | "unsplit";
  nodePool: PoolUsage | null;
  vipPool: PoolUsage | null;
  /** unsplit layout: usable addresses of the prefix minus the gateway, against the whole plan */
  subnet: PoolUsage | null;
  fits: boolean;
  forecast: CapacityForecast;
}

export interface IpPlan {
  nodePool: { required: number; lines: PlanLine[] };
  vipPool: {
    /** the documentation's count (worked example: 5) */
    required: number;
    /** required + the recommended extras */
    recommended: number;
    lines: PlanLine[];
    /** lines counted only in `recommended` */
    recommendedLines: PlanLine[];
  };
  /** nodePool.required + vipPool.required (the DHCP model needs the same total) */
  total: number;
  /** smallest subnet holding `total` addresses plus a gateway (see smallestPrefixFor) */
  smallestPrefixLength: number | null;
  /** how each cluster's LoadBalancer services are packed onto VIPs */
  serviceVips: { cluster: string; vips: ServiceVip[] }[];
  /** assumptions (UNCONFIRMED ones say so) and reminders */
  notes: string[];
  remaining?: PlanRemaining;
}

/**
 * Packs one cluster's LoadBalancer services onto VIPs with the allocator's own function (lib/conflicts/vip
 * `packVips`): in the order given, each service onto the first VIP of the cluster whose ports it does not collide
 * with (HAProxy frontends are keyed by VIP and port, fact sheet §3.4), else a new VIP; `dedicatedVip` services get one
 * of their own. Worked example: 3 × 443 then 1 × 80 ⇒ 3 VIPs, the DB on the first. VIPs are never shared across
 * clusters (§5.3), so the planner packs each cluster separately.
 */
export function packServiceVips(services: readonly PlannedService[]): ServiceVip[] {
  const users = services.map((s) => ({
    cluster: "",
    service: s.name,
    ports: [...new Set(s.ports)].map((p) => `${p}/TCP`),
    ...(s.dedicatedVip ? { dedicated: true } : {}),
  }));
  const byName = new Map(services.map((s) => [s.name, [...new Set(s.ports)]]));
  return packVips(users).map((slot) => ({ services: slot.users.map((u) => ({ name: u.service, ports: byName.get(u.service)! })) }));
}

function usage(size: number, used: number): PoolUsage {
  return { size, used, free: Math.max(0, size - used), missing: Math.max(0, used - size) };
}

/**
 * What is left on an existing network: `usedNodeCount` node-pool and `usedVipCount` VIP-pool addresses taken
 * (allocated or planned). Static: free node and VIP addresses give more workers (1 node IP each), more
 * LoadBalancer VIPs, and more smallest clusters (8 node IPs + 1 VIP each). DHCP: node addresses come from the DHCP
 * scope, which hcinet cannot see, so worker and cluster forecasts are null.
 */
export function forecastForNetwork(bounds: NetworkPoolBounds, usedNodeCount: number, usedVipCount: number): NetworkForecast {
  const vipPool = usage(rangeSize(bounds.vipPool.start, bounds.vipPool.end), usedVipCount);
  const nodePool = bounds.k8sNodeIpPool ? usage(rangeSize(bounds.k8sNodeIpPool.start, bounds.k8sNodeIpPool.end), usedNodeCount) : null;
  return {
    nodePool,
    vipPool,
    fits: vipPool.missing === 0 && (nodePool?.missing ?? 0) === 0,
    forecast: {
      workerNodes: nodePool ? nodePool.free : null,
      loadBalancerVips: vipPool.free,
      clusters: nodePool ? Math.min(Math.floor(nodePool.free / SMALLEST_CLUSTER.nodeIps), Math.floor(vipPool.free / SMALLEST_CLUSTER.vips)) : null,
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Computes the IP plan. Expects input that passed {@link validatePlanInput} (or is built in code). */
export function planAddresses(input: PlanInput): IpPlan {
  const managementCluster = input.managementCluster ?? true;
  const nodeLines: PlanLine[] = [];
  const vipLines: PlanLine[] = [];
  const recommendedLines: PlanLine[] = [];
  const serviceVips: IpPlan["serviceVips"] = [];
  const notes: string[] = [];

  if (managementCluster) {
    nodeLines.push({
      label: `AKS host: ${AKS_HOST_NODE_IPS} CP + ${AKS_HOST_UPGRADE_SPARES} update`,
      count: AKS_HOST_NODE_IPS + AKS_HOST_UPGRADE_SPARES,
      detail: "management cluster VM and 2 spare IPs for its rolling upgrade",
    });
  }
  for (const c of input.clusters) {
    const workers = c.nodePools.reduce((sum, p) => sum + p.count, 0);
    const lbVms = c.loadBalancerCount ?? 1;
    nodeLines.push({
      label: `Cluster ${c.name}: ${c.controlPlaneNodeCount} CP + ${plural(workers, "worker")}`,
      count: c.controlPlaneNodeCount + workers,
      cluster: c.name,
      detail:
        `1 IP per control-plane node and per worker` +
        (c.nodePools.length > 0 ? ` (${c.nodePools.map((p) => `${p.name}: ${p.count} ${p.osType}`).join(", ")})` : ""),
    });
    nodeLines.push({
      label: `Cluster ${c.name}: ${WORKLOAD_UPGRADE_SPARES} update` + (lbVms > 0 ? ` + ${lbVms} LB` : ""),
      count: WORKLOAD_UPGRADE_SPARES + lbVms,
      cluster: c.name,
      detail: `${WORKLOAD_UPGRADE_SPARES} spare IPs for rolling upgrades` + (lbVms > 0 ? `, 1 per HAProxy load balancer VM` : ", no load balancer VM"),
    });
  }

  if (input.clusters.length > 0) {
    vipLines.push({
      label: `API servers (${input.clusters.map((c) => c.name).join(", ")})`,
      count: input.clusters.length,
      detail: "1 Kubernetes API server VIP per workload cluster (port 6443)",
    });
  }
  for (const c of input.clusters) {
    const services = c.services ?? [];
    if (services.length === 0) continue;
    const vips = packServiceVips(services);
    serviceVips.push({ cluster: c.name, vips });
    const perPort = new Map<number, number>();
    for (const s of services) for (const p of new Set(s.ports)) perPort.set(p, (perPort.get(p) ?? 0) + 1);
    const portSummary = [...perPort].map(([port, n]) => `${n} × port ${port}`).join(", ");
    vipLines.push({
      label: `Services of ${c.name} (${portSummary})`,
      count: vips.length,
      cluster: c.name,
      detail:
        vips.map((v, i) => `VIP ${i + 1}: ${v.services.map((s) => `${s.name}:${s.ports.join("/")}`).join(", ")}`).join("; ") +
        " — services on different ports share a VIP, services on the same port need their own",
    });
  }
  if (managementCluster) {
    recommendedLines.push({
      label: "AKS host API server (kube-vip)",
      count: 1,
      detail: "UNCONFIRMED: observed to take the first VIP-pool address; the official worked example does not count it",
    });
  }

  const sum = (lines: PlanLine[]) => lines.reduce((n, l) => n + l.count, 0);
  const nodeRequired = sum(nodeLines);
  const vipRequired = sum(vipLines);
  const vipRecommended = vipRequired + sum(recommendedLines);
  const total = nodeRequired + vipRequired;
  const smallestPrefixLength = smallestPrefixFor(total);

  notes.push(
    `Upgrade spares: ${AKS_HOST_UPGRADE_SPARES} node IPs for the AKS host and ${WORKLOAD_UPGRADE_SPARES} per workload cluster, from the documentation's table; its prose says "one to three" — the larger table values are used.`,
  );
  if (managementCluster) {
    notes.push(
      "UNCONFIRMED: the AKS host's API server (kube-vip) is observed to take a VIP, but the official worked example does not count it; vipPool.recommended adds 1 for it.",
    );
  }
  if (input.clusters.some((c) => (c.loadBalancerCount ?? 1) !== 1)) {
    notes.push(
      "UNCONFIRMED: each HAProxy VM (-loadBalancerCount N) is assumed to take one node IP, and -loadBalancerSku none (count 0) none.",
    );
  }
  if (serviceVips.length > 0) {
    notes.push(
      "Service VIPs: within one cluster, LoadBalancer services on different ports share a VIP and services on the same port need separate VIPs; VIPs are never shared between clusters (known HAProxy issue when clusters share an AksHciClusterNetwork).",
    );
  }
  if (smallestPrefixLength !== null) {
    notes.push(
      `Smallest subnet /${smallestPrefixLength}: its addresses minus network and broadcast hold the ${total} planned addresses plus a gateway. The documentation recommends reserving at least a /24 (256 addresses).`,
    );
  }

  const plan: IpPlan = {
    nodePool: { required: nodeRequired, lines: nodeLines },
    vipPool: { required: vipRequired, recommended: vipRecommended, lines: vipLines, recommendedLines },
    total,
    smallestPrefixLength,
    serviceVips,
    notes,
  };
  if (input.network) {
    plan.remaining = remainingOn(input.network, nodeRequired, vipRecommended);
    if (plan.remaining.layout === "dhcp") {
      notes.push(
        `DHCP: the ${nodeRequired} node addresses come from the DHCP server (reserve them in its scope); the VIP pool must be excluded from the DHCP scope — hcinet cannot check the DHCP server.`,
      );
    }
    if (managementCluster) notes.push("remaining counts the recommended VIPs (including the AKS host's API server VIP).");
  }
  return plan;
}

function parsedRange(start: string | undefined, end: string | undefined): AddressRange | null {
  const s = start ? parseIPv4(start) : null;
  const e = end ? parseIPv4(end) : null;
  return s === null || e === null ? null : { start: s, end: e };
}

/** Remaining capacity of the plan's network (expects a validated PlanNetwork). */
function remainingOn(network: PlanNetwork, nodeUsed: number, vipUsed: number): PlanRemaining {
  const prefix = network.ipAddressPrefix ? parseCidr(network.ipAddressPrefix) : null;
  const vipPool = parsedRange(network.vipPoolStart, network.vipPoolEnd);
  const nodePool = parsedRange(network.k8sNodeIpPoolStart, network.k8sNodeIpPoolEnd);
  if (vipPool) {
    const f = forecastForNetwork({ ipAssignment: nodePool ? "static" : "dhcp", prefix, gateway: null, vipPool, k8sNodeIpPool: nodePool }, nodeUsed, vipUsed);
    return { layout: nodePool ? "static" : "dhcp", nodePool: f.nodePool, vipPool: f.vipPool, subnet: null, fits: f.fits, forecast: f.forecast };
  }
  // Only a prefix: node and VIP addresses share its usable addresses minus the gateway.
  const subnet = usage(prefix ? usableHostCount(prefix.prefixLength) - 1 : 0, nodeUsed + vipUsed);
  return {
    layout: "unsplit",
    nodePool: null,
    vipPool: null,
    subnet,
    fits: subnet.missing === 0,
    forecast: {
      workerNodes: subnet.free,
      loadBalancerVips: subnet.free,
      clusters: Math.floor(subnet.free / (SMALLEST_CLUSTER.nodeIps + SMALLEST_CLUSTER.vips)),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Input validation (PLAN.yaml, API bodies)

/**
 * Validates a plan input (e.g. a parsed PLAN.yaml) and fills defaults: managementCluster true, controlPlaneNodeCount
 * 1, loadBalancerCount 1, osType Linux, service type LoadBalancer. Returns every problem with its path, such as
 * `clusters[0].nodePools[0].count: must be an integer ≥ 0`.
 */
export function validatePlanInput(input: unknown): Validation<PlanInput> {
  if (!isRecord(input)) {
    return { ok: false, problems: [{ path: "", message: `must be a mapping with "clusters" (and optionally "managementCluster", "network"), got ${describeValue(input)}` }] };
  }
  const problems = new ProblemList();
  problems.unknownKeys(input, ["managementCluster", "network", "clusters"], "", "a plan", { cloudServiceCidr: CLOUD_SERVICE_CIDR_REASON });
  const managementCluster = problems.boolean(input, "managementCluster", "") ?? true;
  const network = isAbsent(input.network) ? undefined : readPlanNetwork(problems, input.network);
  const clusters: PlannedCluster[] = [];
  const entries = problems.array(input, "clusters", "", { required: true }) ?? [];
  // deployment-wide VM count (fact sheet §2.3): the AKS host, then every cluster before this one
  let vms = managementCluster ? AKS_HOST_VMS : 0;
  const names = new Set<string>();
  entries.forEach((entry, i) => {
    const cluster = readPlannedCluster(problems, entry, childPath("clusters", i), vms);
    const name = isRecord(entry) && typeof entry.name === "string" ? entry.name : undefined;
    if (name !== undefined && names.has(name)) {
      problems.add(childPath(childPath("clusters", i), "name"), `cluster name "${name}" is used twice in the plan`);
    }
    if (name !== undefined) names.add(name);
    if (!cluster) return;
    vms += clusterVmCount({ controlPlaneNodeCount: cluster.controlPlaneNodeCount, loadBalancerCount: cluster.loadBalancerCount ?? 0, nodePools: cluster.nodePools });
    clusters.push(cluster);
  });
  if (!problems.empty) return { ok: false, problems: problems.items };
  return { ok: true, value: network ? { managementCluster, network, clusters } : { managementCluster, clusters } };
}

/** Plan-only keys of a cluster entry; the rest are New-AksHciCluster parameters checked by validateClusterSpec. */
const PLAN_CLUSTER_KEYS = ["services"] as const;
const PLAN_SERVICE_KEYS = ["name", "type", "ports", "dedicatedVip"] as const;

/**
 * A planned cluster is checked by the server's own validator (lib/cluster/spec validateClusterSpec: names, no hyphens,
 * controlPlaneNodeCount 1/3/5, duplicate pool names, ≥ 1 worker, unknown parameters, the deployment-wide 200-VM
 * limit with `existingVms`), so `hcinet plan` refuses what the API refuses, with the same messages. PLAN.yaml may say
 * `loadBalancerCount: 0` for `-loadBalancerSku none`.
 */
function readPlannedCluster(problems: ProblemList, entry: unknown, path: string, existingVms: number): PlannedCluster | undefined {
  if (!isRecord(entry)) {
    problems.add(path, `must be a mapping describing a workload cluster, got ${describeValue(entry)}`);
    return undefined;
  }
  const { services: rawServices, ...params } = entry;
  if (params.loadBalancerCount === 0 && isAbsent(params.loadBalancerSku)) params.loadBalancerSku = "none";
  const spec = validateClusterSpec(params, { existingVms });
  if (!spec.ok) for (const p of spec.problems) problems.add(p.path ? childPath(path, p.path) : path, p.message);

  const services: PlannedService[] = [];
  const list = isAbsent(rawServices) ? [] : Array.isArray(rawServices) ? rawServices : (problems.add(childPath(path, "services"), `must be a list, got ${describeValue(rawServices)}`), []);
  list.forEach((s, j) => {
    const svcPath = childPath(childPath(path, "services"), j);
    if (!isRecord(s)) {
      problems.add(svcPath, `must be a mapping with name, type and ports, got ${describeValue(s)}`);
      return;
    }
    problems.unknownKeys(s, PLAN_SERVICE_KEYS, svcPath, "a planned LoadBalancer service");
    const svcName = problems.string(s, "name", svcPath, { required: true });
    const type = isAbsent(s.type) ? "LoadBalancer" : problems.oneOf(s, "type", svcPath, ["LoadBalancer"] as const);
    const ports = readPorts(problems, s, svcPath);
    const dedicatedVip = problems.boolean(s, "dedicatedVip", svcPath);
    if (svcName !== undefined && type !== undefined && ports) services.push({ name: svcName, type, ports, ...(dedicatedVip ? { dedicatedVip } : {}) });
  });
  if (!spec.ok) return undefined;
  const c = spec.value;
  return {
    name: c.name,
    controlPlaneNodeCount: c.controlPlaneNodeCount,
    loadBalancerCount: c.loadBalancerCount,
    nodePools: c.nodePools.map((p) => ({ name: p.name, count: p.count, osType: p.osType })),
    services,
  };
}

function readPorts(problems: ProblemList, s: Record<string, unknown>, svcPath: string): number[] | undefined {
  const list = problems.array(s, "ports", svcPath, { required: true });
  if (!list) return undefined;
  if (list.length === 0) {
    problems.add(childPath(svcPath, "ports"), "must list at least one port");
    return undefined;
  }
  const ports: number[] = [];
  list.forEach((port, k) => {
    if (typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535) ports.push(port);
    else problems.add(childPath(childPath(svcPath, "ports"), k), `must be a port number from 1 to 65535, got ${typeof port === "number" ? port : describeValue(port)}`);
  });
  return ports.length === list.length ? ports : undefined;
}

function readPlanNetwork(problems: ProblemList, v: unknown): PlanNetwork | undefined {
  if (!isRecord(v)) {
    problems.add("network", `must be a mapping with ipAddressPrefix and/or the pool bounds, got ${describeValue(v)}`);
    return undefined;
  }
  const before = problems.items.length;
  problems.unknownKeys(v, ["ipAddressPrefix", "k8sNodeIpPoolStart", "k8sNodeIpPoolEnd", "vipPoolStart", "vipPoolEnd"], "network", "a plan's network", {
    cloudServiceCidr: CLOUD_SERVICE_CIDR_REASON,
  });
  const out: PlanNetwork = {};
  let prefix: Cidr | null = null;
  const prefixText = problems.string(v, "ipAddressPrefix", "network");
  if (prefixText !== undefined) {
    prefix = parseCidr(prefixText);
    if (!prefix || prefix.base !== prefix.network) {
      problems.add("network.ipAddressPrefix", `"${prefixText}" is not a network prefix such as 172.16.0.0/24${prefix ? " (host bits are set)" : ""}`);
      prefix = null;
    } else {
      const overlaps = kubernetesCidrOverlaps(prefix.network, prefix.broadcast, { prefix: prefixText });
      for (const o of overlaps) problems.add("network.ipAddressPrefix", o.message, o.code, o.vars);
      if (overlaps.length === 0) out.ipAddressPrefix = prefixText;
    }
  }
  const pools = [
    ["k8sNodeIpPoolStart", "k8sNodeIpPoolEnd", "k8s node IP pool"],
    ["vipPoolStart", "vipPoolEnd", "VIP pool"],
  ] as const;
  for (const [startKey, endKey, label] of pools) {
    const bounds = [startKey, endKey].map((key) => {
      const text = problems.string(v, key, "network");
      if (text === undefined) return undefined;
      const n = parseIPv4(text);
      if (n === null) problems.add(`network.${key}`, `"${text}" is not a valid IPv4 address`);
      else if (prefix && (n < prefix.network || n > prefix.broadcast)) problems.add(`network.${key}`, `${text} is outside ipAddressPrefix ${prefixText}`);
      else out[key] = text;
      return text;
    });
    if ((bounds[0] === undefined) !== (bounds[1] === undefined)) {
      problems.add(`network.${bounds[0] === undefined ? startKey : endKey}`, `is required with ${bounds[0] === undefined ? endKey : startKey} (the ${label} is a start–end range)`);
    }
    const range = parsedRange(out[startKey], out[endKey]);
    if (range && range.start > range.end) {
      problems.add(`network.${endKey}`, `${out[endKey]} is lower than ${startKey} ${out[startKey]}`);
    }
  }
  if (out.k8sNodeIpPoolStart && !out.vipPoolStart && isAbsent(v.vipPoolStart)) {
    problems.add("network.vipPoolStart", "is required when the k8s node IP pool is given (the VIP pool is mandatory in both IP models)");
  }
  if (problems.items.length === before && !out.ipAddressPrefix && !out.vipPoolStart) {
    problems.add("network", "must give ipAddressPrefix and/or vipPoolStart/vipPoolEnd (and, for static IPs, k8sNodeIpPoolStart/k8sNodeIpPoolEnd)");
  }
  const nodeRange = parsedRange(out.k8sNodeIpPoolStart, out.k8sNodeIpPoolEnd);
  const vipRange = parsedRange(out.vipPoolStart, out.vipPoolEnd);
  if (nodeRange && vipRange && rangesOverlap(nodeRange.start, nodeRange.end, vipRange.start, vipRange.end)) {
    problems.add("network.vipPoolStart", `the VIP pool overlaps the k8s node IP pool (${formatIPv4(nodeRange.start)}–${formatIPv4(nodeRange.end)})`);
  }
  return problems.items.length === before ? out : undefined;
}
