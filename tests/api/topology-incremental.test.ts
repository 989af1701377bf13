/**
 * The topology's incremental snapshot (lib/db/object-cache.ts: only changed rows re-read and parsed) against a full
 * rebuild from the database, after objects are changed, added and deleted, pods placed by workloads, node VMs added
 * and removed by scaling — and after another client (another process) changed the store. Runs on SQLite, and on
 * PostgreSQL with TEST_STORE=postgresql (bin/pg-test.mjs).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "./helpers";

const url = useTempDatabase();
const { db, createDb } = await import("@/lib/db/client");
const { createNetwork } = await import("@/lib/db/networks");
const { createCluster, scaleNodePool } = await import("@/lib/db/clusters");
const { applyManifests, deleteClusterObject } = await import("@/lib/db/apply");
const { clusterSnapshot, cachedClusterSnapshot, networkConflicts } = await import("@/lib/db/snapshot");
const { cachedObjects, clearObjectCache } = await import("@/lib/db/object-cache");
const { clusterTopologyJson, clearTopologyCache, topologyVersion } = await import("@/lib/db/topology");

/** Every step below changes the cluster: the version the topology cache is keyed by must change with it. */
const versions = new Set<string>();

const deployment = (ns: string, name: string, replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}`;
const service = (ns: string, name: string, type = "ClusterIP") =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  type: ${type}\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: 8080}]`;
const apply = (text: string) => applyManifests(db(), "inc", text, { actor: "test" });

/** The incremental snapshot equals a full rebuild; returns how many bodies the incremental read fetched. */
async function expectSameAsFull(): Promise<{ fetched: number; rows: number }> {
  const version = await topologyVersion(db(), "inc");
  expect(version).toBe(await topologyVersion(db(), "inc"));
  versions.add(version);
  const stats = { rows: 0, fetched: 0 };
  const clusterId = (await db().cluster.findUniqueOrThrow({ where: { name: "inc" } })).id;
  await cachedObjects(db(), clusterId, undefined, stats);
  const incremental = await cachedClusterSnapshot(db(), "inc");
  const full = await clusterSnapshot(db(), "inc");
  expect(incremental.snapshot).toEqual(full.snapshot);
  expect(incremental.cluster).toEqual(full.cluster);
  const conflicts = await networkConflicts(db(), "incnet");
  clearObjectCache();
  expect(conflicts).toEqual(await networkConflicts(db(), "incnet"));
  await cachedObjects(db(), clusterId); // refill (the next step measures what it re-reads)
  return stats;
}

const podNames = async () => (await clusterSnapshot(db(), "inc")).snapshot.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();

describe("incremental topology snapshot = full rebuild", () => {
  beforeAll(async () => {
    await createNetwork(db(), {
      name: "incnet", vswitchName: "extSwitch", ipAddressPrefix: "172.16.0.0/16", gateway: "172.16.0.1", dnsServers: ["172.16.0.1"],
      k8sNodeIpPoolStart: "172.16.10.1", k8sNodeIpPoolEnd: "172.16.19.255", vipPoolStart: "172.16.200.0", vipPoolEnd: "172.16.250.254", vlanID: 9,
    });
    await createCluster(db(), { name: "inc", vnet: "incnet", controlPlaneNodeCount: 1, loadBalancerCount: 1, primaryNetworkPlugin: "calico", nodePools: [{ name: "pool0", count: 3, osType: "Linux" }] });
    const docs: string[] = [];
    for (const ns of ["shop", "data"]) {
      docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`);
      for (const app of ["web", "api", "cart"]) docs.push(deployment(ns, app, 3), service(ns, app, app === "web" ? "LoadBalancer" : "ClusterIP"));
    }
    await apply(docs.join("\n---\n"));
  });

  it("first read, then changes, additions, deletions, scaling: equal to a full rebuild, re-reading only what changed", async () => {
    clearObjectCache();
    const first = await expectSameAsFull();
    expect(first.fetched).toBe(first.rows);
    expect((await expectSameAsFull()).fetched).toBe(0);
    expect(versions.size).toBe(1);

    // a changed object: a Service becomes a LoadBalancer (its body and a VIP allocation change)
    await apply(service("shop", "api", "LoadBalancer"));
    let s = await expectSameAsFull();
    expect(s.fetched).toBeGreaterThan(0);
    expect(s.fetched).toBeLessThan(s.rows / 2);

    // pods placed by a workload: scale a Deployment up, add a new one in a new namespace
    const before = await podNames();
    await apply([deployment("shop", "web", 6), `apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}`, deployment("extra", "batch", 2), service("extra", "batch")].join("\n---\n"));
    expect((await podNames()).length).toBe(before.length + 3 + 2);
    s = await expectSameAsFull();
    expect(s.fetched).toBeLessThan(s.rows / 2);

    // deletions: a Deployment (its pods go), a Service, a whole namespace
    await deleteClusterObject(db(), "inc", "Deployment", "data", "cart", "test");
    await deleteClusterObject(db(), "inc", "Service", "shop", "cart", "test");
    await deleteClusterObject(db(), "inc", "Namespace", "", "extra", "test");
    expect((await podNames()).some((p) => p.startsWith("data/cart-") || p.startsWith("extra/"))).toBe(false);
    await expectSameAsFull();

    // node VMs by scaling: up (new VMs), then down (pods on removed VMs are placed again)
    await scaleNodePool(db(), "inc", "pool0", 5, "test");
    await expectSameAsFull();
    await scaleNodePool(db(), "inc", "pool0", 2, "test");
    const after = await cachedClusterSnapshot(db(), "inc");
    expect(after.snapshot.nodes.filter((n) => n.role === "worker")).toHaveLength(2);
    await expectSameAsFull();
    // one version per step: the edit, the additions, the deletions, scaling up, scaling down
    expect(versions.size).toBe(6);
    await expect(topologyVersion(db(), "nope")).rejects.toThrow(/nope/);
  });

  it("another process's change is seen on the next request: the topology never serves the older graph", async () => {
    clearTopologyCache();
    const before = JSON.parse((await clusterTopologyJson(db(), "inc", { aggregate: "none" })).text) as { elements: { nodes: { data: { id: string } }[] } };
    expect(before.elements.nodes.some((n) => n.data.id.startsWith("pod:shop/late-"))).toBe(false);
    const other = createDb(url);
    try {
      await applyManifests(other, "inc", deployment("shop", "late", 2), { actor: "other" });
    } finally {
      await other.$disconnect();
    }
    const r = await clusterTopologyJson(db(), "inc", { aggregate: "none" });
    expect(r.cached).toBe(false);
    const ids = (JSON.parse(r.text) as typeof before).elements.nodes.map((n) => n.data.id);
    expect(ids.filter((id) => id.startsWith("pod:shop/late-"))).toHaveLength(2);
    await expectSameAsFull();
  });

  it("keeps at most 4 whole clusters in memory (least recently used goes first)", async () => {
    const ids: number[] = [];
    for (const name of ["inca", "incb", "incc", "incd"]) {
      await createCluster(db(), { name, vnet: "incnet", controlPlaneNodeCount: 1, loadBalancerCount: 1, primaryNetworkPlugin: "calico", nodePools: [{ name: "pool0", count: 1, osType: "Linux" }] });
      ids.push((await db().cluster.findUniqueOrThrow({ where: { name } })).id);
    }
    const inc = (await db().cluster.findUniqueOrThrow({ where: { name: "inc" } })).id;
    const read = async (id: number) => {
      const stats = { rows: 0, fetched: 0 };
      await cachedObjects(db(), id, undefined, stats);
      expect(stats.rows).toBeGreaterThan(0);
      return stats;
    };
    clearObjectCache();
    for (const id of [inc, ...ids]) await read(id);
    expect((await read(ids[3])).fetched).toBe(0); // still cached
    const again = await read(inc); // the fifth whole cluster pushed it out
    expect(again.fetched).toBe(again.rows);
  });
});
