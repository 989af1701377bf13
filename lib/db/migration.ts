/** The migration plan of a stored cluster: its spec, its network with what is free there, and its objects. */
import type { Db } from "./client";
import { getCluster, listClusters } from "./clusters";
import { getNetwork } from "./networks";
import { clusterSnapshot } from "./snapshot";
import { migrationPlan, type MigrationPlan } from "../plugins/migration";
import type { AksHciClusterNetwork } from "../ipam/network";

export async function clusterMigrationPlan(db: Db, name: string, newClusterName?: string): Promise<MigrationPlan> {
  const c = await getCluster(db, name);
  const n = await getNetwork(db, c.network);
  const { snapshot } = await clusterSnapshot(db, name);
  const network: AksHciClusterNetwork = {
    name: n.name,
    vswitchName: n.vswitchName,
    ipAssignment: n.ipAssignment,
    ...(n.ipAddressPrefix ? { ipAddressPrefix: n.ipAddressPrefix } : {}),
    ...(n.gateway ? { gateway: n.gateway } : {}),
    ...(n.ipAssignment === "static" ? { dnsServers: n.dnsServers } : {}),
    ...(n.k8sNodeIpPoolStart && n.k8sNodeIpPoolEnd ? { k8sNodeIpPoolStart: n.k8sNodeIpPoolStart, k8sNodeIpPoolEnd: n.k8sNodeIpPoolEnd } : {}),
    vipPoolStart: n.vipPoolStart,
    vipPoolEnd: n.vipPoolEnd,
    ...(n.vlanID !== null ? { vlanID: n.vlanID } : {}),
    managementCluster: n.managementCluster,
  };
  const existingNames = (await listClusters(db)).map((x) => x.name);
  return migrationPlan({
    cluster: {
      name: c.name,
      vnet: c.network,
      controlPlaneNodeCount: c.controlPlaneNodeCount,
      controlPlaneVmSize: c.controlPlaneVmSize,
      loadBalancerVmSize: c.loadBalancerVmSize,
      loadBalancerSku: c.loadBalancerSku === "none" ? "none" : "HAProxy",
      loadBalancerCount: c.loadBalancerCount,
      nodePools: c.nodePools,
      primaryNetworkPlugin: c.primaryNetworkPlugin,
      kubernetesVersion: c.kubernetesVersion,
    },
    network,
    free: { nodeIps: n.usage.node ? n.usage.node.free : null, vips: n.usage.vip.free },
    snapshot,
    existingNames,
    ...(newClusterName ? { newClusterName } : {}),
  });
}
