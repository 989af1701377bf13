/** Cluster networks (AksHciClusterNetwork): persistence, with validation by lib/ipam. */
import type { Db } from "./client";
import { transaction } from "./tx";
import type { ClusterNetwork as NetworkModel } from "../generated/prisma/client";
import { poolBounds, validateClusterNetwork } from "../ipam/network";
import { forecastForNetwork } from "../ipam/planner";
import { networkOverlaps } from "../ipam/overlap";
import { conflict, notFound, unprocessable } from "../errors";
import { allocateFromPool, poolRange, reservedAddresses, type NetworkRow } from "./allocations";
import { recordAudit } from "./audit";
import type { AllocationDto, NetworkDto, PoolUsage } from "./dto";

export type { AllocationDto, NetworkDto, PoolUsage };

function usageOf(net: NetworkRow, pool: "node" | "vip", used: number): PoolUsage | null {
  const range = poolRange(net, pool);
  const start = pool === "vip" ? net.vipPoolStart : net.k8sNodeIpPoolStart;
  const end = pool === "vip" ? net.vipPoolEnd : net.k8sNodeIpPoolEnd;
  if (!range || !start || !end) return null;
  const size = range.end - range.start + 1;
  let reserved = 0;
  for (const r of reservedAddresses(net)) if (r >= range.start && r <= range.end) reserved++;
  return { start, end, size, used, reserved, free: Math.max(0, size - used - reserved) };
}

function toDto(n: NetworkModel & { clusters: { name: string }[] }, counts: { node: number; vip: number }): NetworkDto {
  const usage = { vip: usageOf(n, "vip", counts.vip)!, node: usageOf(n, "node", counts.node) };
  const ipAssignment = n.ipAssignment === "dhcp" ? "dhcp" : "static";
  const bounds = poolBounds({
    name: n.name,
    vswitchName: n.vswitchName,
    ipAssignment,
    vipPoolStart: n.vipPoolStart,
    vipPoolEnd: n.vipPoolEnd,
    ...(n.ipAddressPrefix ? { ipAddressPrefix: n.ipAddressPrefix } : {}),
    ...(n.k8sNodeIpPoolStart && n.k8sNodeIpPoolEnd ? { k8sNodeIpPoolStart: n.k8sNodeIpPoolStart, k8sNodeIpPoolEnd: n.k8sNodeIpPoolEnd } : {}),
  });
  const taken = (u: PoolUsage | null) => (u ? u.used + u.reserved : 0);
  const { forecast } = forecastForNetwork(bounds, taken(usage.node), taken(usage.vip));
  return {
    name: n.name,
    vswitchName: n.vswitchName,
    ipAssignment,
    ipAddressPrefix: n.ipAddressPrefix,
    gateway: n.gateway,
    dnsServers: JSON.parse(n.dnsServers) as string[],
    vipPoolStart: n.vipPoolStart,
    vipPoolEnd: n.vipPoolEnd,
    k8sNodeIpPoolStart: n.k8sNodeIpPoolStart,
    k8sNodeIpPoolEnd: n.k8sNodeIpPoolEnd,
    vlanID: n.vlanId,
    managementCluster: n.managementCluster,
    clusters: n.clusters.map((c) => c.name).sort(),
    usage,
    forecast,
    createdAt: n.createdAt.toISOString(),
  };
}

async function allocationCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.ipAllocation.groupBy({ by: ["networkId", "pool"], _count: { _all: true } });
  return new Map(rows.map((r) => [`${r.networkId}/${r.pool}`, r._count._all]));
}

export async function listNetworks(db: Db): Promise<NetworkDto[]> {
  const [nets, counts] = await Promise.all([
    db.clusterNetwork.findMany({ include: { clusters: { select: { name: true } } }, orderBy: { name: "asc" } }),
    allocationCounts(db),
  ]);
  return nets.map((n) => toDto(n, { node: counts.get(`${n.id}/node`) ?? 0, vip: counts.get(`${n.id}/vip`) ?? 0 }));
}

export async function getNetwork(db: Db, name: string): Promise<NetworkDto> {
  const n = await db.clusterNetwork.findUnique({ where: { name }, include: { clusters: { select: { name: true } } } });
  if (!n) throw notFound("network", name);
  const counts = await db.ipAllocation.groupBy({ by: ["pool"], where: { networkId: n.id }, _count: { _all: true } });
  const c = Object.fromEntries(counts.map((r) => [r.pool, r._count._all]));
  return toDto(n, { node: c.node ?? 0, vip: c.vip ?? 0 });
}

/**
 * Validates and creates a network. When `managementCluster` is set the AKS host runs on it, and its addresses are
 * taken at once: the first node-pool address for the host VM, two upgrade spares, and the first VIP for its
 * API server (kube-vip) — fact sheet §3.1/§3.2 (the host VIP is UNCONFIRMED: not in the official worked example).
 */
export async function createNetwork(db: Db, input: unknown, actor?: string): Promise<NetworkDto> {
  const v = validateClusterNetwork(input);
  if (!v.ok) throw unprocessable("the network is not valid", v.problems);
  const net = v.value;
  await transaction(db, async (tx) => {
    const existing = await tx.clusterNetwork.findUnique({ where: { name: net.name } });
    if (existing) throw conflict("already_exists", `network "${net.name}" already exists`, { kind: "network", name: net.name }, [{ path: "name", message: "a network with this name already exists", code: "exists.network" }]);
    // One overlap rule across every network object (lib/ipam/overlap, fact sheet §1.6 rule 14) and one AKS host.
    const others = await tx.clusterNetwork.findMany({ orderBy: { name: "asc" } });
    if (net.managementCluster) {
      const host = others.find((o) => o.managementCluster);
      if (host) {
        throw conflict(
          "management_network_exists",
          `network "${host.name}" already hosts the AKS host (managementCluster: true); a deployment has exactly one AKS host`,
          { otherNetwork: host.name },
          [{ path: "managementCluster", message: `network "${host.name}" is already the AKS host's network; a deployment has one AKS host`, code: "host.exists", vars: { name: host.name } }],
        );
      }
    }
    const overlaps = networkOverlaps(
      net,
      others.map((o) => ({ ...o, dnsServers: JSON.parse(o.dnsServers) as string[] })),
    );
    if (overlaps.length > 0) {
      const first = overlaps[0];
      throw conflict(
        "network_overlap",
        `network "${net.name}" overlaps network "${first.otherNetwork}" at ${first.range}: ${first.message}`,
        { overlaps: overlaps.map(({ otherNetwork, range, path }) => ({ otherNetwork, range, path })) },
        overlaps.map((o) => ({ path: o.path, message: o.message, code: o.code, vars: o.vars })),
      );
    }
    const row = await tx.clusterNetwork.create({
      data: {
        name: net.name,
        vswitchName: net.vswitchName,
        ipAssignment: net.ipAssignment,
        ipAddressPrefix: net.ipAddressPrefix ?? null,
        gateway: net.gateway ?? null,
        dnsServers: JSON.stringify(net.dnsServers ?? []),
        vipPoolStart: net.vipPoolStart,
        vipPoolEnd: net.vipPoolEnd,
        k8sNodeIpPoolStart: net.k8sNodeIpPoolStart ?? null,
        k8sNodeIpPoolEnd: net.k8sNodeIpPoolEnd ?? null,
        vlanId: net.vlanID ?? null,
        managementCluster: net.managementCluster ?? false,
      },
    });
    if (row.managementCluster) {
      if (row.ipAssignment === "static") {
        await allocateFromPool(tx, row, "node", [
          { ownerKind: "management-node", ownerName: "aks-host" },
          { ownerKind: "management-spare", ownerName: "aks-host" },
          { ownerKind: "management-spare", ownerName: "aks-host" },
        ]);
      }
      await allocateFromPool(tx, row, "vip", [{ ownerKind: "management-apiserver", ownerName: "aks-host" }]);
    }
    await recordAudit(tx, { actor, action: "create", targetKind: "ClusterNetwork", targetName: net.name, after: net });
  });
  return getNetwork(db, net.name);
}

export async function deleteNetwork(db: Db, name: string, actor?: string): Promise<void> {
  await transaction(db, async (tx) => {
    const n = await tx.clusterNetwork.findUnique({ where: { name }, include: { clusters: { select: { name: true } } } });
    if (!n) throw notFound("network", name);
    if (n.clusters.length > 0) {
      const names = n.clusters.map((c) => c.name).sort();
      throw conflict(
        "network_in_use",
        `network "${name}" is used by cluster(s) ${names.join(", ")}; remove them first (Remove-AksHciClusterNetwork fails while any cluster references the network)`,
        { clusters: names },
      );
    }
    await tx.ipAllocation.deleteMany({ where: { networkId: n.id } });
    await tx.clusterNetwork.delete({ where: { id: n.id } });
    await recordAudit(tx, { actor, action: "delete", targetKind: "ClusterNetwork", targetName: name, before: { name } });
  });
}

export async function listAllocations(db: Db, name: string): Promise<AllocationDto[]> {
  const n = await db.clusterNetwork.findUnique({ where: { name } });
  if (!n) throw notFound("network", name);
  const rows = await db.ipAllocation.findMany({
    where: { networkId: n.id },
    include: { cluster: { select: { name: true } } },
    orderBy: { addressNum: "asc" },
  });
  return rows.map((r) => ({
    address: r.address,
    pool: r.pool === "vip" ? "vip" : "node",
    ownerKind: r.ownerKind,
    ownerName: r.ownerName,
    clusterName: r.cluster?.name ?? null,
  }));
}
