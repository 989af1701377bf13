/** The migration plan of a stored cluster: its spec, its network with what is free there, and its objects. */
import { clusterSpecOf, networkSpecOf } from "../api/specs";
import type { Db } from "./client";
import { getCluster, listClusters } from "./clusters";
import { getNetwork } from "./networks";
import { clusterSnapshot } from "./snapshot";
import { migrationPlan, type MigrationPlan } from "../plugins/migration";

export async function clusterMigrationPlan(db: Db, name: string, newClusterName?: string): Promise<MigrationPlan> {
  const c = await getCluster(db, name);
  const n = await getNetwork(db, c.network);
  const { snapshot } = await clusterSnapshot(db, name);
  const network = networkSpecOf(n);
  const existingNames = (await listClusters(db)).map((x) => x.name);
  return migrationPlan({
    cluster: clusterSpecOf(c),
    network,
    free: { nodeIps: n.usage.node ? n.usage.node.free : null, vips: n.usage.vip.free },
    snapshot,
    existingNames,
    ...(newClusterName ? { newClusterName } : {}),
  });
}
