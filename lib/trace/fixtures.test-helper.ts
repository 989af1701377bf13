/**
 * The demo shop as a traced cluster, without a database: the seed's manifests on nodes shaped like the seed's
 * clusters (shopcalico: 3 control plane, 3 Linux workers, 1 Windows worker, 1 HAProxy VM on demonet 172.16.0.0/16),
 * with ClusterIPs, NodePorts and VIPs handed out the way the allocators do (deterministic, for readable tests).
 */
import { SHOP_CALICO, SHOP_FLANNEL } from "../demo/shop";
import { snapshotFromManifests } from "../kube/load";
import type { ClusterSnapshot, SnapshotNode } from "../kube/types";
import type { TraceEnv } from "./trace";

const node = (name: string, role: SnapshotNode["role"], ipAddress: string, podCidr: string | null, osType: SnapshotNode["osType"] = "Linux"): SnapshotNode => ({
  name,
  role,
  osType,
  ipAddress,
  podCidrs: podCidr ? [podCidr] : [],
  labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": osType.toLowerCase(), ...(role === "controlplane" ? { "node-role.kubernetes.io/control-plane": "" } : {}) },
});

export const DEMO_NETWORK = { name: "demonet", ipAddressPrefix: "172.16.0.0/16", gateway: "172.16.0.1" };

function allocate(s: ClusterSnapshot, vipBase: number, nodePortBase: number): void {
  let ip = 10;
  let np = nodePortBase;
  let vip = vipBase;
  for (const svc of [...s.services].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))) {
    if (svc.spec.type === "ExternalName") continue;
    if (svc.spec.clusterIP !== "None") svc.spec.clusterIP = `10.96.0.${++ip}`;
    if (svc.spec.type === "NodePort" || svc.spec.type === "LoadBalancer") for (const p of svc.spec.ports ?? []) p.nodePort = np++;
    if (svc.spec.type === "LoadBalancer") {
      svc.status = { loadBalancer: { ingress: [{ ip: `172.16.255.${vip++}` }] } };
      if (svc.spec.externalTrafficPolicy === "Local") svc.spec.healthCheckNodePort = np++;
    }
  }
}

export function demoCalico(): TraceEnv {
  const nodes = [
    node("shopcalico-control-plane-1", "controlplane", "172.16.10.2", "10.244.0.0/24"),
    node("shopcalico-control-plane-2", "controlplane", "172.16.10.3", "10.244.1.0/24"),
    node("shopcalico-control-plane-3", "controlplane", "172.16.10.4", "10.244.2.0/24"),
    node("shopcalico-linuxpool-1", "worker", "172.16.10.5", "10.244.3.0/24"),
    node("shopcalico-linuxpool-2", "worker", "172.16.10.6", "10.244.4.0/24"),
    node("shopcalico-linuxpool-3", "worker", "172.16.10.7", "10.244.5.0/24"),
    node("shopcalico-winpool-1", "worker", "172.16.10.8", "10.244.6.0/24", "Windows"),
    node("shopcalico-lb-1", "loadbalancer", "172.16.10.20", null),
  ];
  const loaded = snapshotFromManifests(SHOP_CALICO, { name: "shopcalico", primaryNetworkPlugin: "calico", nodes, apiServerVip: "172.16.255.1", expandWorkloads: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  allocate(loaded.snapshot, 2, 30100);
  // endpoints were derived before allocation; ports do not change, so they stay valid
  return { snapshot: loaded.snapshot, network: DEMO_NETWORK };
}

export function demoFlannel(): TraceEnv {
  const nodes = [
    node("shopflannel-control-plane-1", "controlplane", "172.16.10.30", "10.244.0.0/24"),
    node("shopflannel-linuxpool-1", "worker", "172.16.10.31", "10.244.1.0/24"),
    node("shopflannel-linuxpool-2", "worker", "172.16.10.32", "10.244.2.0/24"),
    node("shopflannel-lb-1", "loadbalancer", "172.16.10.40", null),
  ];
  const loaded = snapshotFromManifests(SHOP_FLANNEL, { name: "shopflannel", primaryNetworkPlugin: "flannel", nodes, apiServerVip: "172.16.255.50", expandWorkloads: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  allocate(loaded.snapshot, 51, 31100);
  return { snapshot: loaded.snapshot, network: DEMO_NETWORK };
}
