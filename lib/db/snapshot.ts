/** Builds the cluster snapshot every engine consumes from what the database holds. */
import type { Db } from "./client";
import type { ClusterSnapshot, KubeObject, Service } from "../kube/types";
import { haproxyModel, type HaproxyModel } from "../haproxy/model";
import { detectVipConflicts, serviceVips, WORKAROUND_SEPARATE_POOLS, type VipConflict } from "../conflicts/vip";
import { crossNetworkCollisions, type AddressHolder } from "../ipam/overlap";
import { snapshotFromObjects } from "../kube/snapshot";
import { notFound } from "../errors";
import { loadObjects } from "./objects";
import { cachedObjects } from "./object-cache";
import { snapshotNodeOf } from "./pods";
import { dualStackDto } from "./dualstack";

export interface StoredCluster {
  id: number;
  name: string;
  networkId: number;
  apiServerVip: string | null;
  loadBalancers: { name: string; ipAddress?: string }[];
}

/** The cluster row with its node VMs (and their pools and pod CIDR blocks), as the snapshot needs it. */
export async function storedClusterRow(db: Db, name: string) {
  const c = await db.cluster.findUnique({ where: { name }, include: { nodes: { include: { nodePool: { select: { name: true } }, podCidrs: true }, orderBy: { id: "asc" } } } });
  if (!c) throw notFound("cluster", name);
  return c;
}
export type StoredClusterRow = Awaited<ReturnType<typeof storedClusterRow>>;

/** The snapshot of a stored cluster from its row and its (parsed) objects; the objects are not modified. */
export function snapshotOfStored(c: StoredClusterRow, objects: KubeObject[], copy: "deep" | "shallow" = "deep"): { snapshot: ClusterSnapshot; cluster: StoredCluster } {
  const nodes = c.nodes.map((n) => snapshotNodeOf(n, n.podCidrs.map((b) => b.cidr)));
  const snapshot = snapshotFromObjects(objects, {
    name: c.name,
    primaryNetworkPlugin: c.primaryNetworkPlugin === "flannel" ? "flannel" : "calico",
    nodes,
    podCidr: c.podCidr,
    serviceCidr: c.serviceCidr,
    ...(dualStackDto(c).podCidrV6 ? { ipFamilies: ["IPv4", "IPv6"] as ("IPv4" | "IPv6")[], podCidrV6: c.podCidrV6!, serviceCidrV6: c.serviceCidrV6! } : {}),
    ...(c.apiServerVip ? { apiServerVip: c.apiServerVip } : {}),
    copy,
  });
  return {
    snapshot,
    cluster: {
      id: c.id,
      name: c.name,
      networkId: c.networkId,
      apiServerVip: c.apiServerVip,
      loadBalancers: c.nodes.filter((n) => n.role === "loadbalancer").map((n) => ({ name: n.name, ...(n.ipAddress ? { ipAddress: n.ipAddress } : {}) })),
    },
  };
}

export async function clusterSnapshot(db: Db, name: string): Promise<{ snapshot: ClusterSnapshot; cluster: StoredCluster; objects: KubeObject[] }> {
  const c = await storedClusterRow(db, name);
  const objects = await loadObjects(db, c.id);
  return { ...snapshotOfStored(c, objects), objects };
}

/**
 * {@link clusterSnapshot} from the incrementally refreshed object cache (./object-cache.ts): only the rows changed
 * since the last call are read and parsed. The snapshot shares spec/status with the cache: read-only (the topology).
 */
export async function cachedClusterSnapshot(db: Db, name: string): Promise<{ snapshot: ClusterSnapshot; cluster: StoredCluster }> {
  const c = await storedClusterRow(db, name);
  return snapshotOfStored(c, await cachedObjects(db, c.id), "shallow");
}

/** Only the stored objects of a cluster (no snapshot built): for exports and listings. */
export async function clusterObjects(db: Db, name: string, kinds?: string[]): Promise<KubeObject[]> {
  const c = await db.cluster.findUnique({ where: { name }, select: { id: true } });
  if (!c) throw notFound("cluster", name);
  return loadObjects(db, c.id, kinds);
}

/** Objects to export as kubectl-apply-able YAML: controller-created Pods and ReplicaSets are left out (re-created on apply). */
export function exportableObjects(objects: KubeObject[]): KubeObject[] {
  return objects.filter((o) => {
    const owned = Array.isArray(o.metadata.ownerReferences) && o.metadata.ownerReferences.length > 0;
    return !(owned && (o.kind === "Pod" || o.kind === "ReplicaSet"));
  });
}

/** The HAProxy load-balancer model of a cluster (frontends → backends), from its snapshot. */
export async function clusterHaproxy(db: Db, name: string): Promise<HaproxyModel> {
  const { snapshot, cluster } = await clusterSnapshot(db, name);
  return haproxyModel({ cluster: cluster.name, ...(cluster.apiServerVip ? { apiServerVip: cluster.apiServerVip } : {}), loadBalancers: cluster.loadBalancers, snapshot });
}

/**
 * The conflict report of a network: VIP conflicts among its clusters (the seed's shared-AksHciClusterNetwork HAProxy
 * conflict, lib/conflicts/vip) and `cross-network` collisions — an address of this network's clusters (allocated, or a
 * VIP observed in imported state) that a cluster or the AKS host of another network also holds (lib/ipam/overlap).
 */
export async function networkConflicts(db: Db, networkName: string): Promise<VipConflict[]> {
  const net = await db.clusterNetwork.findUnique({ where: { name: networkName }, include: { clusters: true } });
  if (!net) throw notFound("network", networkName);
  const clusters = [];
  const servicesOf = new Map<number, Service[]>();
  const allClusters = await db.cluster.findMany({ include: { network: { select: { name: true } } } });
  for (const c of allClusters) {
    servicesOf.set(c.id, (await cachedObjects(db, c.id, ["Service"])) as Service[]);
  }
  for (const c of net.clusters) {
    clusters.push({ name: c.name, ...(c.apiServerVip ? { apiServerVip: c.apiServerVip } : {}), services: servicesOf.get(c.id) ?? [] });
  }
  const vip = detectVipConflicts({ network: net.name, clusters });

  // every address held anywhere: allocations of every network, plus VIPs observed on imported Services
  const holders: AddressHolder[] = [];
  const allocs = await db.ipAllocation.findMany({ include: { network: { select: { name: true } }, cluster: { select: { name: true } } } });
  const seen = new Set<string>();
  for (const a of allocs) {
    holders.push({ address: a.address, network: a.network.name, cluster: a.cluster?.name ?? null, ownerKind: a.ownerKind, ownerName: a.ownerName });
    seen.add(`${a.network.name}/${a.address}`);
  }
  for (const c of allClusters) {
    for (const svc of servicesOf.get(c.id) ?? []) {
      for (const ip of serviceVips(svc)) {
        if (seen.has(`${c.network.name}/${ip}`)) continue;
        holders.push({ address: ip, network: c.network.name, cluster: c.name, ownerKind: "service (imported)", ownerName: `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}` });
      }
    }
  }
  const cross: VipConflict[] = crossNetworkCollisions(holders)
    .filter((x) => x.holders.some((h) => h.network === net.name))
    .map((x) => ({
      vip: x.address,
      kind: "cross-network",
      entries: x.holders.map((h) => ({ cluster: h.cluster ?? "AKS host", service: `${h.ownerKind} ${h.ownerName}`, ports: [], network: h.network })),
      message: x.message,
      workarounds: [WORKAROUND_SEPARATE_POOLS],
    }));
  return [...cross, ...vip];
}
