/** Shapes the API returns (no Prisma types here: the browser imports this file). */
export interface PoolUsage {
  start: string;
  end: string;
  size: number;
  used: number;
  reserved: number;
  free: number;
}

export interface NetworkDto {
  name: string;
  vswitchName: string;
  ipAssignment: "static" | "dhcp";
  ipAddressPrefix: string | null;
  gateway: string | null;
  dnsServers: string[];
  vipPoolStart: string;
  vipPoolEnd: string;
  k8sNodeIpPoolStart: string | null;
  k8sNodeIpPoolEnd: string | null;
  vlanID: number | null;
  managementCluster: boolean;
  clusters: string[];
  usage: { vip: PoolUsage; node: PoolUsage | null };
  /** what still fits: more worker nodes (null for DHCP), more LoadBalancer VIPs, more clusters of the smallest shape */
  forecast: { workerNodes: number | null; loadBalancerVips: number; clusters: number | null };
  createdAt: string;
}

export interface AllocationDto {
  address: string;
  pool: "node" | "vip";
  ownerKind: string;
  ownerName: string;
  clusterName: string | null;
}
