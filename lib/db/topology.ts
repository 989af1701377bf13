/**
 * The topology of a stored cluster: its snapshot plus its network, HAProxy VMs and the network's VIP conflicts.
 *
 * Cached per version (as lib/db/trace.ts caches the trace plan): the snapshot, the context and the model graph of a
 * cluster are built once per version, and the rendered JSON text of each query (filters, level, expanded elements) is
 * kept beside them, so a repeat request or an expand/collapse back to a seen view answers without rebuilding. The
 * version is the cluster's own fingerprint (lib/db/trace.ts: its objects, node VMs and row) plus what the VIP
 * conflicts read from elsewhere: every cluster's objects (their Services' VIPs), the clusters, the networks and the IP
 * allocations (counts, greatest ids, latest updates). Any apply, delete, scale, import or allocation alters it.
 */
import type { Db } from "./client";
import { cachedClusterSnapshot, networkConflicts } from "./snapshot";
import { Sql } from "./sql";
import { notFound } from "../errors";
import type { ClusterSnapshot } from "../kube/types";
import { topologyGraph, type TopologyContext, type TopologyGraph } from "../topology/model";
import { topologyViewOf, type TopologyView, type TopologyViewOptions } from "../topology/cytoscape";
import { searchModel, type ModelSearchOptions, type ModelSearchResult } from "../topology/find";

export async function clusterTopologyContext(db: Db, name: string) {
  const { snapshot, cluster } = await cachedClusterSnapshot(db, name);
  const net = await db.clusterNetwork.findUnique({ where: { id: cluster.networkId } });
  const ctx: TopologyContext = {
    loadBalancers: cluster.loadBalancers,
    ...(cluster.apiServerVip ? { apiServerVip: cluster.apiServerVip } : {}),
  };
  if (net) {
    ctx.network = {
      name: net.name,
      ipAssignment: net.ipAssignment,
      ipAddressPrefix: net.ipAddressPrefix,
      vipPool: `${net.vipPoolStart}-${net.vipPoolEnd}`,
      k8sNodeIpPool: net.k8sNodeIpPoolStart ? `${net.k8sNodeIpPoolStart}-${net.k8sNodeIpPoolEnd}` : null,
      vlanId: net.vlanId,
      vswitchName: net.vswitchName,
    };
    ctx.conflicts = await networkConflicts(db, net.name);
  }
  return { snapshot, ctx };
}

/**
 * The version the cached topology of `name` is valid for (throws not found for an unknown cluster): the cluster's row
 * and node VMs, its objects, and what the VIP conflicts read from elsewhere (every cluster's objects, the clusters, the
 * networks, the IP allocations) — counts, greatest ids, latest updates, sums of resourceVersions/ids. One raw statement
 * (lib/db/sql.ts): it runs on every request, and through Prisma its seven aggregate queries cost ~40 ms at 10,000 pods.
 */
export async function topologyVersion(db: Db, name: string): Promise<string> {
  const rows = await Sql.of(db).query<Record<string, unknown>>(
    db,
    `SELECT c."id" AS "id", c."updatedAt" AS "at", c."networkId" AS "net",
      (SELECT COUNT(*) FROM "NodeVm" v WHERE v."clusterId" = c."id") AS "vms",
      (SELECT MAX(v."id") FROM "NodeVm" v WHERE v."clusterId" = c."id") AS "vmMax",
      (SELECT COUNT(*) FROM "KubeObject" o WHERE o."clusterId" = c."id") AS "own",
      (SELECT MAX(o."id") FROM "KubeObject" o WHERE o."clusterId" = c."id") AS "ownMax",
      (SELECT MAX(o."updatedAt") FROM "KubeObject" o WHERE o."clusterId" = c."id") AS "ownAt",
      (SELECT SUM(o."resourceVersion") FROM "KubeObject" o WHERE o."clusterId" = c."id") AS "ownRv",
      (SELECT COUNT(*) FROM "KubeObject") AS "objects",
      (SELECT MAX("id") FROM "KubeObject") AS "objMax",
      (SELECT MAX("updatedAt") FROM "KubeObject") AS "objAt",
      (SELECT SUM("resourceVersion") FROM "KubeObject") AS "objRv",
      (SELECT COUNT(*) FROM "Cluster") AS "clusters",
      (SELECT MAX("id") FROM "Cluster") AS "clMax",
      (SELECT MAX("updatedAt") FROM "Cluster") AS "clAt",
      (SELECT COUNT(*) FROM "ClusterNetwork") AS "networks",
      (SELECT MAX("id") FROM "ClusterNetwork") AS "netMax",
      (SELECT MAX("updatedAt") FROM "ClusterNetwork") AS "netAt",
      (SELECT COUNT(*) FROM "IpAllocation") AS "allocs",
      (SELECT MAX("id") FROM "IpAllocation") AS "allocMax",
      (SELECT SUM("id") FROM "IpAllocation") AS "allocSum"
    FROM "Cluster" c WHERE c."name" = ?`,
    [name],
  );
  if (rows.length === 0) throw notFound("cluster", name);
  // BigInt (PostgreSQL's COUNT/SUM) and Date values as text
  return JSON.stringify(Object.values(rows[0]).map((v) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v))));
}

const CLUSTERS_CACHED = 4;
const VIEWS_CACHED = 24;

interface Entry {
  version: string;
  snapshot: ClusterSnapshot;
  model: TopologyGraph;
  /** canonical query → JSON text and its element count, most recently used last */
  views: Map<string, { text: string; elements: number }>;
}
const cache = new Map<string, Entry>();
/** Builds in progress, so concurrent requests for one version build once. */
const building = new Map<string, Promise<Entry>>();

async function entry(db: Db, name: string): Promise<Entry> {
  const version = await topologyVersion(db, name);
  const hit = cache.get(name);
  if (hit && hit.version === version) {
    cache.delete(name);
    cache.set(name, hit);
    return hit;
  }
  // the older version is never served again: let it go before the new one is built (less for the GC to walk)
  if (hit) cache.delete(name);
  const key = `${name}\n${version}`;
  let p = building.get(key);
  if (!p) {
    p = (async () => {
      const { snapshot, ctx } = await clusterTopologyContext(db, name);
      const e: Entry = { version, snapshot, model: topologyGraph(snapshot, ctx), views: new Map() };
      cache.delete(name);
      cache.set(name, e);
      while (cache.size > CLUSTERS_CACHED) cache.delete(cache.keys().next().value as string);
      return e;
    })().finally(() => building.delete(key));
    building.set(key, p);
  }
  return p;
}

/** A stable key for the options (expand order does not matter). */
export function viewKey(opts: TopologyViewOptions): string {
  return JSON.stringify([opts.aggregate ?? "none", opts.namespace ?? "", [...(opts.kinds ?? [])].sort(), opts.labelSelector ?? null, [...new Set(opts.expand ?? [])].sort(), opts.cap ?? null, opts.positions ?? true]);
}

/** The topology view as JSON text and its element count (nodes + edges), from the cache when the cluster is unchanged. */
export async function clusterTopologyJson(db: Db, name: string, opts: TopologyViewOptions): Promise<{ text: string; elements: number; cached: boolean }> {
  const e = await entry(db, name);
  const key = viewKey(opts);
  const hit = e.views.get(key);
  if (hit) {
    e.views.delete(key);
    e.views.set(key, hit);
    return { ...hit, cached: true };
  }
  const view = topologyViewOf(e.model, e.snapshot, opts);
  const v = { text: JSON.stringify(view), elements: view.elements.nodes.length + view.elements.edges.length };
  e.views.set(key, v);
  while (e.views.size > VIEWS_CACHED) e.views.delete(e.views.keys().next().value as string);
  return { ...v, cached: false };
}

export async function clusterTopology(db: Db, name: string, opts: TopologyViewOptions): Promise<TopologyView> {
  return JSON.parse((await clusterTopologyJson(db, name, opts)).text) as TopologyView;
}

/** Search the cluster's whole model (folded elements too) on the cached model: lib/topology/find.ts. */
export async function clusterTopologySearch(db: Db, name: string, query: string, opts: ModelSearchOptions): Promise<ModelSearchResult> {
  const e = await entry(db, name);
  return searchModel(e.model, e.snapshot.pods.length, query, opts);
}

/** Forget every cached topology (tests, benchmarks). */
export function clearTopologyCache() {
  cache.clear();
}
