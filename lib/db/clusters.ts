/**
 * Workload clusters (New-AksHciCluster) and their node pools. Every change is ONE transaction: node and LB VM
 * addresses, upgrade spares, the API server VIP, pod CIDRs / IPAM blocks, service addresses and the cluster's
 * objects are written together or not at all; UNIQUE constraints guarantee no address is ever held twice, even by
 * clusters sharing an AksHciClusterNetwork.
 */
import type { Db } from "./client";
import { lockDeploymentVms, lockNetwork, transaction } from "./tx";
import { limitMessage, limits } from "../limits";
import type { Prisma } from "../generated/prisma/client";
import { conflict, notFound, unprocessable, type FieldError } from "../errors";
import {
  IMMUTABLE_CLUSTER_FIELD_REASONS,
  validateClusterSpec,
  validateNodePoolInput,
  CONTROL_PLANE_NODE_COUNTS,
  AKS_HOST_VMS,
  WORKERLESS_MESSAGE,
  deploymentVmProblem,
  MAX_VMS_PER_DEPLOYMENT,
  type AksHciClusterSpec,
} from "../cluster/spec";
import { bootstrapObjects, clusterAssumptions, CLUSTER_DNS_IP, KUBERNETES_SERVICE_IP, nodeAgents } from "../cluster/bootstrap";
import { parseIPv4 } from "../ipam/address";
import { ProblemList } from "../ipam/fields";
import type { AksHciClusterNetwork } from "../ipam/network";
import { renderPowerShell } from "../ipam/powershell";
import { allocateFromPool, type AllocationRequest } from "./allocations";
import { putObject, type Tx } from "./objects";
import { reconcilePods } from "./pods";
import { recordAudit } from "./audit";
import type { ClusterDto, ClusterSummaryDto, NodeDto } from "../api/dto";
import { clusterSpecOf } from "../api/specs";
import { compareCidrs, dualStackColumns, dualStackDto } from "./dualstack";

export type { ClusterDto, ClusterSummaryDto, NodeDto };

/** Upgrade spares per workload cluster (fact sheet §3.1: 5; the prose's "one to three" is the lower figure). */
export const UPGRADE_SPARES_PER_CLUSTER = 5;
const TX = { timeoutMs: 60_000, maxWaitMs: 30_000 };

type NetworkRecord = Prisma.ClusterNetworkGetPayload<object>;
type ClusterRecord = Prisma.ClusterGetPayload<object>;

interface PlannedVm {
  name: string;
  role: "controlplane" | "worker" | "loadbalancer";
  osType: string;
  vmSize: string;
  nodePoolId: number | null;
}

const cpName = (cluster: string, i: number) => `${cluster}-control-plane-${i}`;
const lbName = (cluster: string, i: number) => `${cluster}-load-balancer-${i}`;
const workerName = (cluster: string, pool: string, i: number) => `${cluster}-${pool}-${i}`;

/** Creates the VMs: one node-pool address each (static networks; DHCP networks mark them DHCP-assigned). */
async function createVms(tx: Tx, net: NetworkRecord, cluster: ClusterRecord, vms: PlannedVm[], extra: AllocationRequest[] = []): Promise<void> {
  if (vms.length === 0 && extra.length === 0) return;
  let addresses: (string | null)[] = vms.map(() => null);
  if (net.ipAssignment === "static") {
    const requests = vms.map((v) => ({ ownerKind: v.role, ownerName: v.name, clusterId: cluster.id }));
    const got = await allocateFromPool(tx, net, "node", [...requests, ...extra]);
    addresses = got.slice(0, vms.length);
  }
  await tx.nodeVm.createMany({
    data: vms.map((v, i) => ({
      clusterId: cluster.id,
      nodePoolId: v.nodePoolId,
      name: v.name,
      role: v.role,
      osType: v.osType,
      vmSize: v.vmSize,
      ipAddress: addresses[i],
      ipAssignment: net.ipAssignment === "static" ? "static" : "dhcp",
    })),
  });
}

/** Removes VMs and releases their node-pool addresses (their pod CIDR blocks go with them). */
async function removeVms(tx: Tx, cluster: ClusterRecord, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await tx.ipAllocation.deleteMany({ where: { clusterId: cluster.id, ownerName: { in: names } } });
  await tx.nodeVm.deleteMany({ where: { clusterId: cluster.id, name: { in: names } } });
}

async function findNetwork(tx: Tx, vnet: string | undefined): Promise<NetworkRecord> {
  if (vnet) {
    const net = await tx.clusterNetwork.findUnique({ where: { name: vnet } });
    if (!net) throw unprocessable("the cluster is not valid", [{ path: "vnet", message: `network "${vnet}" does not exist`, code: "vnet.unknown", vars: { name: vnet } }]);
    return net;
  }
  const host = await tx.clusterNetwork.findFirst({ where: { managementCluster: true }, orderBy: { id: "asc" } });
  if (!host) {
    throw unprocessable("the cluster is not valid", [
      { path: "vnet", message: "no vnet given and no network hosts the AKS host (management cluster): name a network with vnet", code: "vnet.noHost" },
    ]);
  }
  return host;
}

/** Refreshes the `kubernetes` Endpoints (control-plane addresses on 6443) after the control plane changed. */
async function syncKubernetesEndpoints(tx: Tx, cluster: ClusterRecord): Promise<void> {
  const cps = await tx.nodeVm.findMany({ where: { clusterId: cluster.id, role: "controlplane" }, orderBy: { name: "asc" } });
  const ips = cps.map((c) => c.ipAddress).filter((ip): ip is string => !!ip);
  const ep = bootstrapObjects({ primaryNetworkPlugin: cluster.primaryNetworkPlugin === "flannel" ? "flannel" : "calico", controlPlaneIps: ips }).find(
    (o) => o.kind === "Endpoints" && o.metadata.name === "kubernetes",
  )!;
  await putObject(tx, cluster.id, ep);
}

/** VMs of the whole deployment: every cluster's VMs and the AKS host (when a network hosts it). Fact sheet §2.3. */
async function deploymentVms(tx: Tx): Promise<number> {
  await lockDeploymentVms(tx); // PostgreSQL: the count and the VMs added after it are one writer's at a time
  const host = await tx.clusterNetwork.count({ where: { managementCluster: true } });
  return (await tx.nodeVm.count()) + (host > 0 ? AKS_HOST_VMS : 0);
}

/** 422 when `adding` more VMs would take the deployment over the 200-VM limit (same message as the planner). */
async function checkDeploymentVms(tx: Tx, adding: number, path: string, what: string): Promise<void> {
  if (adding <= 0) return;
  const total = (await deploymentVms(tx)) + adding;
  const problem = deploymentVmProblem(total);
  if (problem) throw unprocessable(`the ${what} is not valid`, [{ path, message: problem, code: "deployment.vms", vars: { total, max: MAX_VMS_PER_DEPLOYMENT } }]);
}

export async function createCluster(db: Db, input: unknown, actor?: string): Promise<ClusterDto> {
  const v = validateClusterSpec(input);
  if (!v.ok) throw unprocessable("the cluster is not valid", v.problems);
  const spec: AksHciClusterSpec = v.value;
  await transaction(db, async (tx) => {
    const net = await findNetwork(tx, spec.vnet);
    await lockNetwork(tx, net.id); // PostgreSQL: this network's pools take one writer at a time (tx.ts)
    const inContext = validateClusterSpec(input, { existingVms: await deploymentVms(tx) });
    if (!inContext.ok) throw unprocessable("the cluster is not valid", inContext.problems);
    if (await tx.cluster.findUnique({ where: { name: spec.name } })) {
      throw conflict("already_exists", `cluster "${spec.name}" already exists`, { kind: "cluster", name: spec.name }, [{ path: "name", message: "a cluster with this name already exists", code: "exists.cluster" }]);
    }
    const cluster = await tx.cluster.create({
      data: {
        name: spec.name,
        networkId: net.id,
        controlPlaneNodeCount: spec.controlPlaneNodeCount,
        controlPlaneVmSize: spec.controlPlaneVmSize,
        loadBalancerSku: spec.loadBalancerSku,
        loadBalancerVmSize: spec.loadBalancerVmSize,
        loadBalancerCount: spec.loadBalancerCount,
        primaryNetworkPlugin: spec.primaryNetworkPlugin,
        kubernetesVersion: spec.kubernetesVersion,
        ...dualStackColumns(spec),
      },
    });
    const vms: PlannedVm[] = [];
    for (let i = 0; i < spec.controlPlaneNodeCount; i++) vms.push({ name: cpName(spec.name, i), role: "controlplane", osType: "Linux", vmSize: spec.controlPlaneVmSize, nodePoolId: null });
    for (const p of spec.nodePools) {
      const pool = await tx.nodePool.create({ data: { clusterId: cluster.id, name: p.name, count: p.count, osType: p.osType, vmSize: p.vmSize, maxPodCount: p.maxPodCount } });
      for (let i = 0; i < p.count; i++) vms.push({ name: workerName(spec.name, p.name, i), role: "worker", osType: p.osType, vmSize: p.vmSize, nodePoolId: pool.id });
    }
    for (let i = 0; i < spec.loadBalancerCount; i++) vms.push({ name: lbName(spec.name, i), role: "loadbalancer", osType: "Linux", vmSize: spec.loadBalancerVmSize, nodePoolId: null });
    const spares = Array.from({ length: UPGRADE_SPARES_PER_CLUSTER }, () => ({ ownerKind: "upgrade-spare", ownerName: spec.name, clusterId: cluster.id }));
    await createVms(tx, net, cluster, vms, spares);
    const [vip] = await allocateFromPool(tx, net, "vip", [{ ownerKind: "apiserver", ownerName: spec.name, clusterId: cluster.id }]);
    await tx.cluster.update({ where: { id: cluster.id }, data: { apiServerVip: vip } });
    await tx.clusterAddress.createMany({
      data: [
        { clusterId: cluster.id, space: "service", address: KUBERNETES_SERVICE_IP, addressNum: parseIPv4(KUBERNETES_SERVICE_IP)!, ownerKind: "Service", ownerNamespace: "default", ownerName: "kubernetes" },
        { clusterId: cluster.id, space: "service", address: CLUSTER_DNS_IP, addressNum: parseIPv4(CLUSTER_DNS_IP)!, ownerKind: "Service", ownerNamespace: "kube-system", ownerName: "kube-dns" },
      ],
    });
    const cpIps = net.ipAssignment === "static" ? (await tx.nodeVm.findMany({ where: { clusterId: cluster.id, role: "controlplane" }, orderBy: { name: "asc" } })).map((n) => n.ipAddress!) : [];
    for (const obj of bootstrapObjects({ primaryNetworkPlugin: spec.primaryNetworkPlugin, controlPlaneIps: cpIps })) await putObject(tx, cluster.id, obj);
    await reconcilePods(tx, cluster.id);
    await recordAudit(tx, { actor, action: "create", targetKind: "Cluster", targetName: spec.name, after: spec });
  }, { ...TX, lock: "shared" });
  return getCluster(db, spec.name);
}

async function clusterOr404(tx: Tx, name: string): Promise<ClusterRecord & { network: NetworkRecord }> {
  const c = await tx.cluster.findUnique({ where: { name }, include: { network: true } });
  if (!c) throw notFound("cluster", name);
  return c;
}

export async function listClusters(db: Db): Promise<ClusterSummaryDto[]> {
  const rows = await db.cluster.findMany({ include: { network: { select: { name: true } }, nodes: { select: { role: true, osType: true } } }, orderBy: { name: "asc" } });
  return rows.map((c) => ({
    name: c.name,
    network: c.network.name,
    primaryNetworkPlugin: c.primaryNetworkPlugin === "flannel" ? "flannel" : "calico",
    controlPlaneNodeCount: c.controlPlaneNodeCount,
    workerCount: c.nodes.filter((n) => n.role === "worker").length,
    windowsWorkers: c.nodes.filter((n) => n.role === "worker" && n.osType === "Windows").length,
    loadBalancerCount: c.loadBalancerCount,
    apiServerVip: c.apiServerVip,
    kubernetesVersion: c.kubernetesVersion,
    createdAt: c.createdAt.toISOString(),
  }));
}

const ROLE_ORDER = { controlplane: 0, worker: 1, loadbalancer: 2 } as const;

export async function getCluster(db: Db | Tx, name: string): Promise<ClusterDto> {
  const c = await db.cluster.findUnique({
    where: { name },
    include: {
      network: true,
      nodePools: { orderBy: { id: "asc" } },
      nodes: { include: { nodePool: { select: { name: true } }, podCidrs: { select: { cidr: true } } } },
      ipAllocations: { where: { ownerKind: "upgrade-spare" }, orderBy: { addressNum: "asc" } },
    },
  });
  if (!c) throw notFound("cluster", name);
  const kinds = await db.kubeObject.groupBy({ by: ["kind"], where: { clusterId: c.id }, _count: { _all: true } });
  const pods = await db.kubeObject.findMany({ where: { clusterId: c.id, kind: "Pod" }, select: { body: true } });
  const podsPerNode = new Map<string, number>();
  for (const p of pods) {
    const node = (JSON.parse(p.body) as { spec?: { nodeName?: string } }).spec?.nodeName;
    if (node) podsPerNode.set(node, (podsPerNode.get(node) ?? 0) + 1);
  }
  const plugin = c.primaryNetworkPlugin === "flannel" ? "flannel" : "calico";
  const nodes: NodeDto[] = c.nodes
    .map((n) => {
      const role = n.role as NodeDto["role"];
      const osType = n.osType === "Windows" ? "Windows" : "Linux";
      return {
        name: n.name,
        role,
        nodePool: n.nodePool?.name ?? null,
        osType,
        vmSize: n.vmSize,
        ipAddress: n.ipAddress,
        ipAssignment: n.ipAssignment === "dhcp" ? "dhcp" : "static",
        podCidrs: n.podCidrs.map((b) => b.cidr).sort(compareCidrs),
        agents: role === "loadbalancer" ? [] : nodeAgents(plugin, osType),
        pods: podsPerNode.get(n.name) ?? 0,
      } satisfies NodeDto;
    })
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name, "en", { numeric: true }));
  return {
    name: c.name,
    network: c.network.name,
    ipAssignment: c.network.ipAssignment === "dhcp" ? "dhcp" : "static",
    controlPlaneNodeCount: c.controlPlaneNodeCount,
    controlPlaneVmSize: c.controlPlaneVmSize,
    loadBalancerSku: c.loadBalancerSku,
    loadBalancerVmSize: c.loadBalancerVmSize,
    loadBalancerCount: c.loadBalancerCount,
    primaryNetworkPlugin: plugin,
    kubernetesVersion: c.kubernetesVersion,
    podCidr: c.podCidr,
    serviceCidr: c.serviceCidr,
    ...dualStackDto(c),
    apiServerVip: c.apiServerVip,
    kubernetesServiceIp: KUBERNETES_SERVICE_IP,
    clusterDnsIp: CLUSTER_DNS_IP,
    nodePools: c.nodePools.map((p) => ({ name: p.name, count: p.count, osType: p.osType === "Windows" ? "Windows" : "Linux", vmSize: p.vmSize, maxPodCount: p.maxPodCount })),
    nodes,
    upgradeSpares: c.ipAllocations.map((a) => a.address),
    objectCounts: Object.fromEntries(kinds.map((k) => [k.kind, k._count._all])),
    assumptions: clusterAssumptions(plugin, c.loadBalancerCount),
    caseCluster: settingsCase(c.settings),
    createdAt: c.createdAt.toISOString(),
  };
}

function settingsCase(settings: string): boolean {
  try {
    return (JSON.parse(settings) as { case?: unknown }).case === true;
  } catch {
    return false;
  }
}

export async function deleteCluster(db: Db, name: string, actor?: string): Promise<void> {
  await transaction(db, async (tx) => {
    const c = await clusterOr404(tx, name);
    // allocations, VMs, pools, blocks, addresses, ports and objects go by cascade with the cluster row
    await tx.ipAllocation.deleteMany({ where: { clusterId: c.id } });
    await tx.cluster.delete({ where: { id: c.id } });
    await recordAudit(tx, { actor, action: "delete", targetKind: "Cluster", targetName: name, before: { name, network: c.network.name } });
  }, { ...TX, lock: { cluster: name } });
}

/**
 * Set-AksHciCluster / Set-AksHciLoadBalancer: `controlPlaneNodeCount` (1/3/5), `controlPlaneVmSize` and `loadBalancerCount` may change;
 * `primaryNetworkPlugin` and `vnet` may not (422 quoting the documented rule).
 */
export async function updateCluster(db: Db, name: string, patch: Record<string, unknown>, actor?: string): Promise<ClusterDto> {
  await transaction(db, async (tx) => {
    const c = await clusterOr404(tx, name);
    const problems: FieldError[] = [];
    if ("primaryNetworkPlugin" in patch && patch.primaryNetworkPlugin !== c.primaryNetworkPlugin) {
      problems.push({ path: "primaryNetworkPlugin", message: `cannot be changed after creation: ${IMMUTABLE_CLUSTER_FIELD_REASONS.primaryNetworkPlugin}`, code: "patch.plugin" });
    }
    if ("vnet" in patch && patch.vnet !== c.network.name) {
      problems.push({ path: "vnet", message: `cannot be changed after creation: ${IMMUTABLE_CLUSTER_FIELD_REASONS.vnet}`, code: "patch.vnet" });
    }
    // Set-AksHciCluster has -controlPlaneNodeCount and -controlPlaneVmSize [SC]; Set-AksHciLoadBalancer -loadBalancerCount
    const allowed = new Set(["controlPlaneNodeCount", "controlPlaneVmSize", "loadBalancerCount", "primaryNetworkPlugin", "vnet", "name"]);
    for (const k of Object.keys(patch)) if (!allowed.has(k)) problems.push({ path: k, message: "cannot be changed with Set-AksHciCluster (set at creation only, or not a cluster parameter)", code: "patch.notChangeable" });
    if ("name" in patch && patch.name !== c.name) problems.push({ path: "name", message: "a cluster cannot be renamed", code: "patch.rename" });
    const cp = patch.controlPlaneNodeCount;
    if (cp !== undefined && !(CONTROL_PLANE_NODE_COUNTS as readonly unknown[]).includes(cp)) {
      problems.push({ path: "controlPlaneNodeCount", message: `must be one of ${CONTROL_PLANE_NODE_COUNTS.join(", ")} (UNCONFIRMED set for AksHci; odd for etcd quorum)`, code: "patch.controlPlaneCount", vars: { allowed: CONTROL_PLANE_NODE_COUNTS.join(", ") } });
    }
    const cpSize = patch.controlPlaneVmSize;
    if (cpSize !== undefined) {
      if (typeof cpSize !== "string" || cpSize.trim() === "") problems.push({ path: "controlPlaneVmSize", message: "must name a VM size such as Standard_A4_v2", code: "patch.vmSize" });
      else {
        const free = new ProblemList();
        free.freeText("controlPlaneVmSize", cpSize);
        problems.push(...free.items);
      }
    }
    const lb = patch.loadBalancerCount;
    if (lb !== undefined && (!Number.isInteger(lb) || (lb as number) < (c.loadBalancerSku === "none" ? 0 : 1) || (lb as number) > 10)) {
      problems.push({ path: "loadBalancerCount", ...(c.loadBalancerSku === "none"
          ? { message: "must be 0: the cluster has no HAProxy load balancer (SKU none)", code: "patch.lbNone" }
          : { message: "must be an integer from 1 to 10", code: "patch.lbCount" }) });
    }
    if (problems.length) throw unprocessable("the change is not allowed", problems);

    const net = c.network;
    const vms = await tx.nodeVm.findMany({ where: { clusterId: c.id } });
    const growth = (typeof cp === "number" ? cp - c.controlPlaneNodeCount : 0) + (typeof lb === "number" ? lb - c.loadBalancerCount : 0);
    await checkDeploymentVms(tx, growth, typeof cp === "number" && cp > c.controlPlaneNodeCount ? "controlPlaneNodeCount" : "loadBalancerCount", "change");
    const resize = async (role: "controlplane" | "loadbalancer", target: number, nameOf: (i: number) => string, vmSize: string) => {
      const current = vms.filter((v) => v.role === role).map((v) => v.name);
      const names = Array.from({ length: target }, (_, i) => nameOf(i));
      await removeVms(tx, c, current.filter((n) => !names.includes(n)));
      const add = names.filter((n) => !current.includes(n)).map((n) => ({ name: n, role, osType: "Linux", vmSize, nodePoolId: null }));
      await createVms(tx, net, c, add);
    };
    if (typeof cp === "number" && cp !== c.controlPlaneNodeCount) {
      await resize("controlplane", cp, (i) => cpName(c.name, i), c.controlPlaneVmSize);
      await tx.cluster.update({ where: { id: c.id }, data: { controlPlaneNodeCount: cp } });
      await syncKubernetesEndpoints(tx, c);
    }
    if (typeof cpSize === "string" && cpSize !== c.controlPlaneVmSize) {
      // a rolling replace of the control-plane VMs with the new size (same names and addresses in the model)
      await tx.cluster.update({ where: { id: c.id }, data: { controlPlaneVmSize: cpSize } });
      await tx.nodeVm.updateMany({ where: { clusterId: c.id, role: "controlplane" }, data: { vmSize: cpSize } });
    }
    if (typeof lb === "number" && lb !== c.loadBalancerCount) {
      await resize("loadbalancer", lb, (i) => lbName(c.name, i), c.loadBalancerVmSize);
      await tx.cluster.update({ where: { id: c.id }, data: { loadBalancerCount: lb } });
    }
    await reconcilePods(tx, c.id);
    await recordAudit(tx, { actor, action: "update", targetKind: "Cluster", targetName: name, before: { controlPlaneNodeCount: c.controlPlaneNodeCount, loadBalancerCount: c.loadBalancerCount }, after: patch });
  }, { ...TX, lock: { cluster: name } });
  return getCluster(db, name);
}

/** New-AksHciNodePool */
export async function addNodePool(db: Db, clusterName: string, input: unknown, actor?: string): Promise<ClusterDto> {
  await transaction(db, async (tx) => {
    const c = await clusterOr404(tx, clusterName);
    const existing = await tx.nodePool.findMany({ where: { clusterId: c.id }, select: { name: true } });
    const poolCap = limits.nodePoolsPerCluster;
    if (existing.length + 1 > poolCap.max) {
      throw unprocessable(limitMessage(poolCap, "node pools per cluster", existing.length + 1), [{ path: "name", message: `cluster "${clusterName}" already has ${existing.length} node pools`, code: "nodePool.limit", vars: { cluster: clusterName, count: existing.length } }], { limit: poolCap.name, max: poolCap.max });
    }
    const v = validateNodePoolInput(input, { existingNames: existing.map((p) => p.name) });
    if (!v.ok) {
      const dup = v.problems.find((p) => p.path === "name" && p.message.includes("already has a node pool"));
      if (dup) throw conflict("already_exists", `node pool already exists in cluster "${clusterName}"`, { kind: "node pool", name: `${clusterName}/${String(dup.vars?.name ?? "")}` }, [dup]);
      throw unprocessable("the node pool is not valid", v.problems);
    }
    const p = v.value;
    await checkDeploymentVms(tx, p.count, "count", "node pool");
    const pool = await tx.nodePool.create({ data: { clusterId: c.id, name: p.name, count: p.count, osType: p.osType, vmSize: p.vmSize, maxPodCount: p.maxPodCount } });
    await createVms(tx, c.network, c, Array.from({ length: p.count }, (_, i) => ({ name: workerName(c.name, p.name, i), role: "worker" as const, osType: p.osType, vmSize: p.vmSize, nodePoolId: pool.id })));
    await reconcilePods(tx, c.id);
    await recordAudit(tx, { actor, action: "create", targetKind: "NodePool", targetName: `${clusterName}/${p.name}`, after: p });
  }, { ...TX, lock: { cluster: clusterName } });
  return getCluster(db, clusterName);
}

/** Set-AksHciNodePool -count: scales one pool, allocating or releasing node addresses. */
export async function scaleNodePool(db: Db, clusterName: string, poolName: string, count: unknown, actor?: string): Promise<ClusterDto> {
  if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 64) {
    throw unprocessable("the node pool is not valid", [{ path: "count", message: "must be an integer from 0 to 64 (nodes per pool; 64 is the 23H2 limit, UNCONFIRMED for AksHci)", code: "nodePool.count" }]);
  }
  const target = count as number;
  await transaction(db, async (tx) => {
    const c = await clusterOr404(tx, clusterName);
    const pool = await tx.nodePool.findUnique({ where: { clusterId_name: { clusterId: c.id, name: poolName } }, include: { nodes: true } });
    if (!pool) throw notFound("node pool", `${clusterName}/${poolName}`);
    await checkDeploymentVms(tx, target - pool.nodes.length, "count", "node pool");
    const otherWorkers = await tx.nodeVm.count({ where: { clusterId: c.id, role: "worker", NOT: { nodePoolId: pool.id } } });
    if (otherWorkers + target === 0) throw unprocessable("the node pool is not valid", [{ path: "count", message: WORKERLESS_MESSAGE, code: "cluster.noWorkers" }]);
    const current = pool.nodes.map((n) => n.name);
    const wanted = Array.from({ length: target }, (_, i) => workerName(c.name, pool.name, i));
    await removeVms(tx, c, current.filter((n) => !wanted.includes(n)));
    await createVms(tx, c.network, c, wanted.filter((n) => !current.includes(n)).map((n) => ({ name: n, role: "worker" as const, osType: pool.osType, vmSize: pool.vmSize, nodePoolId: pool.id })));
    await tx.nodePool.update({ where: { id: pool.id }, data: { count: target } });
    await reconcilePods(tx, c.id);
    await recordAudit(tx, { actor, action: "scale", targetKind: "NodePool", targetName: `${clusterName}/${poolName}`, before: { count: pool.count }, after: { count: target } });
  }, { ...TX, lock: { cluster: clusterName } });
  return getCluster(db, clusterName);
}

export async function deleteNodePool(db: Db, clusterName: string, poolName: string, actor?: string): Promise<ClusterDto> {
  await transaction(db, async (tx) => {
    const c = await clusterOr404(tx, clusterName);
    const pool = await tx.nodePool.findUnique({ where: { clusterId_name: { clusterId: c.id, name: poolName } }, include: { nodes: true } });
    if (!pool) throw notFound("node pool", `${clusterName}/${poolName}`);
    const otherWorkers = await tx.nodeVm.count({ where: { clusterId: c.id, role: "worker", NOT: { nodePoolId: pool.id } } });
    if (otherWorkers === 0 && pool.nodes.length > 0) {
      throw conflict("last_workers", `removing node pool "${poolName}" would leave cluster "${clusterName}" without workers: ${WORKERLESS_MESSAGE}`, { pool: poolName, cluster: clusterName });
    }
    await removeVms(tx, c, pool.nodes.map((n) => n.name));
    await tx.nodePool.delete({ where: { id: pool.id } });
    await reconcilePods(tx, c.id);
    await recordAudit(tx, { actor, action: "delete", targetKind: "NodePool", targetName: `${clusterName}/${poolName}`, before: { count: pool.count } });
  }, { ...TX, lock: { cluster: clusterName } });
  return getCluster(db, clusterName);
}

/** The PowerShell script that builds this cluster (and its network, unless it is the AKS host's) with the real cmdlets. */
export async function clusterPowerShell(db: Db, name: string): Promise<string> {
  const c = await getCluster(db, name);
  const n = await db.clusterNetwork.findUniqueOrThrow({ where: { name: c.network } });
  // clusters created on this network before this one: the network object already exists when this script runs
  const me = await db.cluster.findUniqueOrThrow({ where: { name }, select: { id: true } });
  const earlier = await db.cluster.findMany({ where: { networkId: n.id, id: { lt: me.id } }, select: { name: true }, orderBy: { id: "asc" } });
  const network: AksHciClusterNetwork = {
    name: n.name,
    vswitchName: n.vswitchName,
    ipAssignment: n.ipAssignment === "dhcp" ? "dhcp" : "static",
    ...(n.ipAddressPrefix ? { ipAddressPrefix: n.ipAddressPrefix } : {}),
    ...(n.gateway ? { gateway: n.gateway } : {}),
    ...(n.ipAssignment === "static" ? { dnsServers: JSON.parse(n.dnsServers) as string[] } : {}),
    ...(n.k8sNodeIpPoolStart ? { k8sNodeIpPoolStart: n.k8sNodeIpPoolStart, k8sNodeIpPoolEnd: n.k8sNodeIpPoolEnd ?? undefined } : {}),
    vipPoolStart: n.vipPoolStart,
    vipPoolEnd: n.vipPoolEnd,
    ...(n.vlanId !== null ? { vlanID: n.vlanId } : {}),
    managementCluster: n.managementCluster,
  };
  return renderPowerShell({
    network,
    networkUsedBy: earlier.map((e) => e.name),
    cluster: clusterSpecOf(c),
  });
}
