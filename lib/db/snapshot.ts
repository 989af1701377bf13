/** Builds the cluster snapshot every engine consumes from what the database holds. */
import type { Db } from "./client";
import type { ClusterSnapshot, KubeObject, Service } from "../kube/types";
import { haproxyModel, type HaproxyModel } from "../haproxy/model";
import { detectVipConflicts, type VipConflict } from "../conflicts/vip";
import { snapshotFromObjects } from "../kube/snapshot";
import { notFound } from "../errors";
import { loadObjects } from "./objects";
import { snapshotNodeOf } from "./pods";

export interface StoredCluster {
  id: number;
  name: string;
  networkId: number;
  apiServerVip: string | null;
  loadBalancers: { name: string; ipAddress?: string }[];
}

export async function clusterSnapshot(db: Db, name: string): Promise<{ snapshot: ClusterSnapshot; cluster: StoredCluster; objects: KubeObject[] }> {
  const c = await db.cluster.findUnique({ where: { name }, include: { nodes: { include: { nodePool: { select: { name: true } }, podCidrs: true }, orderBy: { id: "asc" } } } });
  if (!c) throw notFound("cluster", name);
  const objects = await loadObjects(db, c.id);
  const nodes = c.nodes.map((n) => snapshotNodeOf(n, n.podCidrs.map((b) => b.cidr)));
  const snapshot = snapshotFromObjects(objects, {
    name: c.name,
    primaryNetworkPlugin: c.primaryNetworkPlugin === "flannel" ? "flannel" : "calico",
    nodes,
    podCidr: c.podCidr,
    serviceCidr: c.serviceCidr,
    ...(c.apiServerVip ? { apiServerVip: c.apiServerVip } : {}),
  });
  return {
    snapshot,
    objects,
    cluster: {
      id: c.id,
      name: c.name,
      networkId: c.networkId,
      apiServerVip: c.apiServerVip,
      loadBalancers: c.nodes.filter((n) => n.role === "loadbalancer").map((n) => ({ name: n.name, ...(n.ipAddress ? { ipAddress: n.ipAddress } : {}) })),
    },
  };
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

/** VIP conflicts among all clusters of a network (the seed's shared-AksHciClusterNetwork HAProxy conflict). */
export async function networkConflicts(db: Db, networkName: string): Promise<VipConflict[]> {
  const net = await db.clusterNetwork.findUnique({ where: { name: networkName }, include: { clusters: true } });
  if (!net) throw notFound("network", networkName);
  const clusters = [];
  for (const c of net.clusters) {
    const services = (await loadObjects(db, c.id, ["Service"])) as Service[];
    clusters.push({ name: c.name, ...(c.apiServerVip ? { apiServerVip: c.apiServerVip } : {}), services });
  }
  return detectVipConflicts({ network: net.name, clusters });
}
