/** The trace engine's input for a stored cluster: its snapshot, its AksHciClusterNetwork and its HAProxy VMs. */
import type { Db } from "./client";
import { clusterSnapshot } from "./snapshot";
import type { TraceEnv } from "../trace/trace";

export async function clusterTraceEnv(db: Db, name: string): Promise<TraceEnv> {
  const { snapshot, cluster } = await clusterSnapshot(db, name);
  const net = await db.clusterNetwork.findUnique({ where: { id: cluster.networkId } });
  return {
    snapshot,
    loadBalancers: cluster.loadBalancers,
    ...(net ? { network: { name: net.name, ...(net.ipAddressPrefix ? { ipAddressPrefix: net.ipAddressPrefix } : {}), ...(net.gateway ? { gateway: net.gateway } : {}) } } : {}),
  };
}
