/**
 * API shapes back to the AksHci parameter objects the domain takes (PowerShell rendering, migration plans, the
 * wizard's preview): one conversion for the server and the browser.
 */
import type { AksHciClusterSpec } from "../cluster/spec";
import type { AksHciClusterNetwork } from "../ipam/network";
import type { ClusterDto, NetworkDto } from "./dto";

/** NetworkDto → the `New-AksHciClusterNetwork` parameters. */
export function networkSpecOf(n: NetworkDto): AksHciClusterNetwork {
  return {
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
}

/** ClusterDto → the `New-AksHciCluster` parameters it was created with. */
export function clusterSpecOf(c: ClusterDto): AksHciClusterSpec {
  return {
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
    ...(c.ipFamilies?.includes("IPv6") && c.podCidrV6 && c.serviceCidrV6 ? { ipFamilies: ["IPv4", "IPv6"] as ["IPv4", "IPv6"], podCidrV6: c.podCidrV6, serviceCidrV6: c.serviceCidrV6 } : {}),
  };
}
