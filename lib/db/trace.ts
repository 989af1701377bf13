/**
 * The trace engine's input for a stored cluster: its snapshot, its AksHciClusterNetwork and its HAProxy VMs; and the
 * prepared plan (indexes, HAProxy model, compiled policies) cached per cluster version, so a trace on a large cluster
 * does not rebuild them on every request. The version is a fingerprint read with three aggregate queries (objects:
 * count, greatest id, sum of resourceVersions, latest update; node VMs: count, greatest id; the cluster's update
 * time): any apply, delete, scale or cluster change alters it.
 */
import type { Db } from "./client";
import { notFound } from "../errors";
import { clusterSnapshot } from "./snapshot";
import { prepareTrace, type TraceEnv, type TracePlan } from "../trace/trace";

export async function clusterTraceEnv(db: Db, name: string): Promise<TraceEnv> {
  const { snapshot, cluster } = await clusterSnapshot(db, name);
  const net = await db.clusterNetwork.findUnique({ where: { id: cluster.networkId } });
  return {
    snapshot,
    loadBalancers: cluster.loadBalancers,
    ...(net ? { network: { name: net.name, ...(net.ipAddressPrefix ? { ipAddressPrefix: net.ipAddressPrefix } : {}), ...(net.gateway ? { gateway: net.gateway } : {}) } } : {}),
  };
}

/** The version of one stored cluster (see the header); exported for the topology cache (lib/db/topology.ts). */
export async function fingerprint(db: Db, name: string): Promise<string> {
  const c = await db.cluster.findUnique({ where: { name }, select: { id: true, updatedAt: true, networkId: true } });
  if (!c) throw notFound("cluster", name);
  const [objects, vms] = await Promise.all([
    db.kubeObject.aggregate({ where: { clusterId: c.id }, _count: { _all: true }, _max: { id: true, updatedAt: true }, _sum: { resourceVersion: true } }),
    db.nodeVm.aggregate({ where: { clusterId: c.id }, _count: { _all: true }, _max: { id: true } }),
  ]);
  return JSON.stringify([c.id, c.updatedAt, c.networkId, objects._count._all, objects._max.id, objects._max.updatedAt, objects._sum.resourceVersion, vms._count._all, vms._max.id]);
}

const CACHE_SIZE = 8;
const plans = new Map<string, { version: string; plan: TracePlan }>();

/** The prepared trace plan of a stored cluster, rebuilt only when the cluster changed. */
export async function clusterTracePlan(db: Db, name: string): Promise<TracePlan> {
  const version = await fingerprint(db, name);
  const hit = plans.get(name);
  if (hit && hit.version === version) {
    plans.delete(name);
    plans.set(name, hit); // most recently used last
    return hit.plan;
  }
  const plan = prepareTrace(await clusterTraceEnv(db, name));
  plans.set(name, { version, plan });
  while (plans.size > CACHE_SIZE) plans.delete(plans.keys().next().value as string);
  return plan;
}
