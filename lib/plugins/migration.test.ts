import { describe, expect, it } from "vitest";
import { emptySnapshot, type Service } from "../kube/types";
import { defaultNewName, migrationPlan } from "./migration";
import type { AksHciClusterSpec } from "../cluster/spec";
import type { AksHciClusterNetwork } from "../ipam/network";

const network: AksHciClusterNetwork = {
  name: "demonet",
  vswitchName: "extSwitch",
  ipAssignment: "static",
  ipAddressPrefix: "172.16.0.0/16",
  gateway: "172.16.0.1",
  dnsServers: ["172.16.0.1"],
  k8sNodeIpPoolStart: "172.16.10.1",
  k8sNodeIpPoolEnd: "172.16.10.255",
  vipPoolStart: "172.16.255.0",
  vipPoolEnd: "172.16.255.254",
  managementCluster: false,
};
const cluster: AksHciClusterSpec = {
  name: "shopflannel",
  vnet: "demonet",
  controlPlaneNodeCount: 1,
  controlPlaneVmSize: "Standard_A4_v2",
  loadBalancerVmSize: "Standard_A4_v2",
  loadBalancerSku: "HAProxy",
  loadBalancerCount: 1,
  nodePools: [{ name: "linuxpool", count: 2, osType: "Linux", vmSize: "Standard_K8S3_v1", maxPodCount: 110 }],
  primaryNetworkPlugin: "flannel",
  kubernetesVersion: "v1.29.4",
};
const lb: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "frontend", namespace: "shop" }, spec: { type: "LoadBalancer", loadBalancerIP: "172.16.255.3", ports: [{ port: 80 }] } };
const snapshot = { ...emptySnapshot("shopflannel", "flannel"), apiServerVip: "172.16.255.2", services: [lb] };

describe("migrationPlan", () => {
  it("Flannel → Calico on the same network: PowerShell with the other plugin, addresses checked, VIP changes warned", () => {
    const p = migrationPlan({ cluster, network, free: { nodeIps: 230, vips: 248 }, snapshot, existingNames: ["shopcalico", "shopflannel"] });
    expect(p).toMatchObject({ from: "flannel", to: "calico", newClusterName: "shopcalico2", needs: { nodeIps: 1 + 2 + 1 + 5, vips: 2 }, fits: true });
    expect(p.powershell).toContain("-primaryNetworkPlugin 'calico'");
    expect(p.powershell).toContain("-name 'shopcalico2'");
    expect(p.powershell).toContain("$vnet = Get-AksHciClusterNetwork -name 'demonet'");
    expect(p.powershell).not.toContain("New-AksHciClusterNetwork");
    expect(p.powershell).toContain("-vnet $vnet");
    expect(p.warnings.map((w) => w.id)).toEqual(["vipChanges", "apiServerVipChanges"]);
    expect(p.warnings[0].objects).toEqual(["shop/frontend 172.16.255.3"]);
    expect(p.commands).toEqual(["hcinet get --cluster shopflannel -o yaml > shopflannel.yaml", "hcinet apply --cluster shopcalico2 -f shopflannel.yaml --dry-run", "hcinet apply --cluster shopcalico2 -f shopflannel.yaml"]);
  });

  it("Calico → Flannel warns about policies no longer enforced and a network that is too full", () => {
    const policy = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" as const, metadata: { name: "deny", namespace: "shop" }, spec: { podSelector: {} } };
    const gnp = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "g" }, spec: {} };
    const p = migrationPlan({ cluster: { ...cluster, name: "shopcalico", primaryNetworkPlugin: "calico" }, network, free: { nodeIps: 3, vips: 248 }, snapshot: { ...snapshot, networkPolicies: [policy], others: [gnp] } });
    expect(p.to).toBe("flannel");
    expect(p.newClusterName).toBe("shopflannel");
    expect(p.fits).toBe(false);
    expect(p.warnings.map((w) => w.id)).toEqual(["networkFull", "policiesNotEnforced", "calicoPoliciesDropped", "podToVmLost", "vipChanges", "apiServerVipChanges"]);
    expect(p.commands[1]).toMatch(/remove the 1 projectcalico\.org\/v3 object/);
    expect(p.powershell).toContain("-primaryNetworkPlugin 'flannel'");
  });

  it("default names", () => {
    expect(defaultNewName("prod", "calico")).toBe("prodcalico");
    expect(defaultNewName("shopcalico", "flannel", ["shopflannel"])).toBe("shopflannel2");
  });
});
