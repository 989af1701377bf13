/**
 * The migration path between plugins. The plugin cannot be changed after deployment (fact sheet §6, [NC]), so moving
 * means a new cluster: the PowerShell that creates it with the other plugin (same AksHciClusterNetwork, its free
 * addresses checked, or a new one), the manifests to re-apply, and the warnings (policies that stop being enforced,
 * Services whose VIP changes, features the target lacks). Pure.
 */
import type { AksHciClusterSpec } from "../cluster/spec";
import type { AksHciClusterNetwork } from "../ipam/network";
import { WORKLOAD_UPGRADE_SPARES } from "../ipam/planner";
import { psQuote, renderPowerShell } from "../ipam/powershell";
import type { ClusterSnapshot } from "../kube/types";
import { isCalicoObject } from "../policy/calico/types";
import { lostFeatures, type Plugin } from "./compare";

export interface MigrationWarning {
  id: "policiesNotEnforced" | "calicoPoliciesDropped" | "ipv6Unsupported" | "podToVmLost" | "vipChanges" | "apiServerVipChanges" | "networkFull";
  /** affected objects ("Kind namespace/name", or "namespace/name VIP") */
  objects: string[];
}

export interface MigrationPlan {
  from: Plugin;
  to: Plugin;
  newClusterName: string;
  network: string;
  /** addresses the new cluster takes on the network, and what is free there (null: DHCP, not known) */
  needs: { nodeIps: number; vips: number };
  free: { nodeIps: number | null; vips: number };
  fits: boolean;
  powershell: string;
  /** commands that move the objects (hcinet CLI, through the REST API) */
  commands: string[];
  warnings: MigrationWarning[];
}

export interface MigrationInput {
  cluster: AksHciClusterSpec;
  network: AksHciClusterNetwork;
  free: { nodeIps: number | null; vips: number };
  snapshot: ClusterSnapshot;
  newClusterName?: string;
  /** cluster names already taken (the default new name avoids them) */
  existingNames?: string[];
}

/** Name of the new cluster: the old one with the target plugin appended (AksHci names: lowercase letters and digits). */
export function defaultNewName(name: string, to: Plugin, taken: readonly string[] = []): string {
  const other = to === "calico" ? "flannel" : "calico";
  const base = (name.endsWith(other) ? name.slice(0, -other.length) : name) + to;
  let candidate = base;
  for (let i = 2; taken.includes(candidate); i++) candidate = `${base}${i}`;
  return candidate;
}

export function migrationPlan(input: MigrationInput): MigrationPlan {
  const { cluster, network, snapshot } = input;
  const from = cluster.primaryNetworkPlugin;
  const to: Plugin = from === "calico" ? "flannel" : "calico";
  const newClusterName = input.newClusterName ?? defaultNewName(cluster.name, to, input.existingNames);
  const workers = cluster.nodePools.reduce((a, p) => a + p.count, 0);
  const lbVms = cluster.loadBalancerSku === "HAProxy" ? cluster.loadBalancerCount : 0;
  const lbServices = snapshot.services.filter((s) => s.spec.type === "LoadBalancer");
  const needs = { nodeIps: cluster.controlPlaneNodeCount + workers + lbVms + WORKLOAD_UPGRADE_SPARES, vips: 1 + lbServices.length };
  const fits = (input.free.nodeIps === null || input.free.nodeIps >= needs.nodeIps) && input.free.vips >= needs.vips;

  // a Flannel cluster cannot be dual-stack (IPv6: Flannel No, Calico Yes): the IPv6 ranges stay behind (warning ipv6Unsupported)
  const { ipFamilies: _f, podCidrV6: _p, serviceCidrV6: _s, ...ipv4Only } = cluster;
  const script = renderPowerShell({ network, cluster: { ...(to === "flannel" ? ipv4Only : cluster), name: newClusterName, primaryNetworkPlugin: to } });
  // the network exists: fetch it instead of creating it again
  const blocks = script.trimEnd().split("\n\n");
  const i = blocks.findIndex((b) => b.includes("New-AksHciClusterNetwork"));
  if (i >= 0) blocks[i] = `# the existing network ${network.name}: ${needs.nodeIps} node IPs and ${needs.vips} VIPs needed\n$vnet = Get-AksHciClusterNetwork -name ${psQuote(network.name)}`;
  blocks.unshift(`# migration of "${cluster.name}" (${from}) to a new cluster "${newClusterName}" (${to}): -primaryNetworkPlugin cannot be changed after deployment`);
  const powershell = blocks.join("\n\n") + "\n";

  const warnings: MigrationWarning[] = [];
  if (!fits) warnings.push({ id: "networkFull", objects: [`${network.name}: ${needs.nodeIps} node IPs / ${needs.vips} VIPs needed, ${input.free.nodeIps ?? "DHCP"} / ${input.free.vips} free`] });
  if (to === "flannel") {
    const lost = new Map(lostFeatures(snapshot).map((l) => [l.feature, l.objects]));
    if (lost.get("networkPolicy")?.length) warnings.push({ id: "policiesNotEnforced", objects: lost.get("networkPolicy")! });
    if (lost.get("calicoPolicy")?.length) warnings.push({ id: "calicoPoliciesDropped", objects: lost.get("calicoPolicy")! });
    if (lost.get("ipv6")?.length) warnings.push({ id: "ipv6Unsupported", objects: lost.get("ipv6")! });
    warnings.push({ id: "podToVmLost", objects: [] });
  }
  const vipOf = (s: (typeof lbServices)[number]) => s.spec.loadBalancerIP ?? s.status?.loadBalancer?.ingress?.[0]?.ip ?? "pending";
  if (lbServices.length) warnings.push({ id: "vipChanges", objects: lbServices.map((s) => `${s.metadata.namespace ?? "default"}/${s.metadata.name} ${vipOf(s)}`) });
  if (snapshot.apiServerVip) warnings.push({ id: "apiServerVipChanges", objects: [snapshot.apiServerVip] });

  const calicoObjects = snapshot.others.filter(isCalicoObject).length;
  const commands = [
    `hcinet get --cluster ${cluster.name} -o yaml > ${cluster.name}.yaml`,
    ...(to === "flannel" && calicoObjects > 0 ? [`# remove the ${calicoObjects} projectcalico.org/v3 object(s) from ${cluster.name}.yaml: Flannel has no use for them`] : []),
    `hcinet apply --cluster ${newClusterName} -f ${cluster.name}.yaml --dry-run`,
    `hcinet apply --cluster ${newClusterName} -f ${cluster.name}.yaml`,
  ];
  return { from, to, newClusterName, network: network.name, needs, free: input.free, fits, powershell, commands, warnings };
}
