/**
 * Demo data, loaded on the first start only (a `seed-demo` audit event marks it done, so deleting the demo objects
 * later does not bring them back). Goes through the same lib/db functions as the API.
 */
import type { Db } from "./client";
import { createNetwork } from "./networks";
import { createCluster } from "./clusters";
import { applyManifests } from "./apply";
import { SHOP_CALICO, SHOP_FLANNEL } from "../demo/shop";

export const DEMO_NETWORK = {
  name: "demonet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "172.16.0.0/16",
  gateway: "172.16.0.1",
  dnsServers: ["172.16.0.1"],
  k8sNodeIpPoolStart: "172.16.10.1",
  k8sNodeIpPoolEnd: "172.16.10.255",
  vipPoolStart: "172.16.255.0",
  vipPoolEnd: "172.16.255.254",
  vlanID: 9,
  managementCluster: true,
};

/** Two workload clusters sharing the demo network (the seed's shared-AksHciClusterNetwork case). */
export const DEMO_CLUSTERS = [
  {
    name: "shopcalico",
    vnet: "demonet",
    controlPlaneNodeCount: 3,
    loadBalancerCount: 1,
    primaryNetworkPlugin: "calico",
    nodePools: [
      { name: "linuxpool", count: 3, osType: "Linux" },
      { name: "winpool", count: 1, osType: "Windows" },
    ],
  },
  {
    name: "shopflannel",
    vnet: "demonet",
    controlPlaneNodeCount: 1,
    loadBalancerCount: 1,
    primaryNetworkPlugin: "flannel",
    nodePools: [{ name: "linuxpool", count: 2, osType: "Linux" }],
  },
];

export async function isSeeded(db: Db): Promise<boolean> {
  return (await db.auditEvent.count({ where: { action: "seed-demo" } })) > 0;
}

/** Loads the demo data. Returns false (and does nothing) when it was loaded before. */
export async function seedDemo(db: Db): Promise<boolean> {
  if (await isSeeded(db)) return false;
  await createNetwork(db, DEMO_NETWORK, "seed");
  for (const c of DEMO_CLUSTERS) await createCluster(db, c, "seed");
  await applyManifests(db, "shopcalico", SHOP_CALICO, { actor: "seed" });
  await applyManifests(db, "shopflannel", SHOP_FLANNEL, { actor: "seed" });
  await db.auditEvent.create({ data: { actor: "seed", action: "seed-demo", targetKind: "Demo", targetName: "demo" } });
  return true;
}
