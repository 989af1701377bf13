/**
 * Shapes the API returns and the UI reads (networks, clusters, applies). No Prisma types and nothing of lib/db here:
 * components import this file; lib/db builds these shapes.
 */
import type { NodeAgent } from "../cluster/bootstrap";
import type { NodePoolSpec } from "../cluster/spec";

/** What an apply did to one object (kubectl's created / configured / unchanged). */
export type PutResult = "created" | "configured" | "unchanged";

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

export interface NodeDto {
  name: string;
  role: "controlplane" | "worker" | "loadbalancer";
  nodePool: string | null;
  osType: "Linux" | "Windows";
  vmSize: string;
  ipAddress: string | null;
  ipAssignment: "static" | "dhcp";
  podCidrs: string[];
  agents: NodeAgent[];
  pods: number;
}

export interface ClusterDto {
  name: string;
  network: string;
  ipAssignment: "static" | "dhcp";
  controlPlaneNodeCount: number;
  controlPlaneVmSize: string;
  loadBalancerSku: string;
  loadBalancerVmSize: string;
  loadBalancerCount: number;
  primaryNetworkPlugin: "calico" | "flannel";
  kubernetesVersion: string;
  podCidr: string;
  serviceCidr: string;
  /** ["IPv4"], or ["IPv4", "IPv6"] for a dual-stack (Calico) cluster with its IPv6 pod and service ranges */
  ipFamilies: ("IPv4" | "IPv6")[];
  podCidrV6: string | null;
  serviceCidrV6: string | null;
  apiServerVip: string | null;
  kubernetesServiceIp: string;
  clusterDnsIp: string;
  nodePools: NodePoolSpec[];
  nodes: NodeDto[];
  upgradeSpares: string[];
  objectCounts: Record<string, number>;
  /** assumptions behind these addresses that the documentation does not confirm */
  assumptions: string[];
  /** a support "case" cluster: the support role may import into it (PUT /api/clusters/{name}/case) */
  caseCluster: boolean;
  createdAt: string;
}

export interface ClusterSummaryDto {
  name: string;
  network: string;
  primaryNetworkPlugin: "calico" | "flannel";
  controlPlaneNodeCount: number;
  workerCount: number;
  windowsWorkers: number;
  loadBalancerCount: number;
  apiServerVip: string | null;
  kubernetesVersion: string;
  createdAt: string;
}

export interface ApplyResultEntry {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name: string;
  action: PutResult;
  allocated?: { clusterIP?: string; clusterIPs?: string[]; nodePorts?: number[]; healthCheckNodePort?: number; loadBalancerIP?: string; podIPs?: string[] };
}

export interface ApplyResult {
  dryRun: boolean;
  results: ApplyResultEntry[];
  notModelled: string[];
  warnings: string[];
}
