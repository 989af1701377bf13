/** The topology of a stored cluster: its snapshot plus its network, HAProxy VMs and the network's VIP conflicts. */
import type { Db } from "./client";
import { clusterSnapshot, networkConflicts } from "./snapshot";
import type { TopologyContext } from "../topology/model";
import { topologyView, type TopologyView, type TopologyViewOptions } from "../topology/cytoscape";

export async function clusterTopologyContext(db: Db, name: string) {
  const { snapshot, cluster } = await clusterSnapshot(db, name);
  const net = await db.clusterNetwork.findUnique({ where: { id: cluster.networkId } });
  const ctx: TopologyContext = {
    loadBalancers: cluster.loadBalancers,
    ...(cluster.apiServerVip ? { apiServerVip: cluster.apiServerVip } : {}),
  };
  if (net) {
    ctx.network = {
      name: net.name,
      ipAssignment: net.ipAssignment,
      ipAddressPrefix: net.ipAddressPrefix,
      vipPool: `${net.vipPoolStart}-${net.vipPoolEnd}`,
      k8sNodeIpPool: net.k8sNodeIpPoolStart ? `${net.k8sNodeIpPoolStart}-${net.k8sNodeIpPoolEnd}` : null,
      vlanId: net.vlanId,
      vswitchName: net.vswitchName,
    };
    ctx.conflicts = await networkConflicts(db, net.name);
  }
  return { snapshot, ctx };
}

export async function clusterTopology(db: Db, name: string, opts: TopologyViewOptions): Promise<TopologyView> {
  const { snapshot, ctx } = await clusterTopologyContext(db, name);
  return topologyView(snapshot, ctx, opts);
}
