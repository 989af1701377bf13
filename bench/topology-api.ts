/**
 * `npm run bench:topology-api`: the topology route's work on a stored cluster (a fresh SQLite file, the real lib/db
 * path: version check, snapshot from the database, model, folding, layout, JSON text) at 2,000 pods
 * (`BENCH_PODS`; 10,000 is the goal's size but its setup alone takes minutes), measured in one run for:
 *  - cold: the first request of a cluster version (nothing cached: what the previous code paid on every request),
 *  - repeat: the same query again (answered from the cached JSON text: only the version check),
 *  - expand: a new query on the cached model (unfold one namespace),
 * and prints the ratio cold / repeat. The cluster: AKS hybrid cluster on a /16 network with ~100 Linux workers,
 * Deployments of 1–12 replicas in namespaces of ~50 pods, a Service per Deployment (every 10th a LoadBalancer), applied
 * through applyManifests (the pods are the Deployments' expansion).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mulberry32 } from "../lib/kube/workloads";

// 2,000 by default: the cluster is set up through applyManifests, whose reconciling makes 10,000 pods take over 20 min
// on a loaded machine (BENCH_PODS=10000 for the goal's size)
const PODS = Number(process.env.BENCH_PODS ?? 2_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);

/** The cluster's objects as apply-able YAML texts, ten namespaces (~500 pods) each: one huge apply would hold the write lock for minutes. */
const RUN = Date.now().toString(36);
/** A Service of the first namespace changes type, and a Service's label in the last namespaces changes (objects stay put). */
function edit(i: number): string {
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: app-1, namespace: team-0, labels: {edit: "${RUN}-${i}"}}\nspec:\n  type: ${i % 2 ? "ClusterIP" : "NodePort"}\n  selector: {app: app-1}\n  ports: [{port: 80, targetPort: 8080}]`,
    `apiVersion: v1\nkind: Service\nmetadata: {name: app-2, namespace: team-7, labels: {edit: "${RUN}-${i}"}}\nspec:\n  type: ClusterIP\n  selector: {app: app-2}\n  ports: [{port: 80, targetPort: 8080}]`,
  ].join("\n---\n");
}

/** One Deployment of the first namespace scaled to a new replica count (a change of a few rows). */
function scaled(i: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-0, namespace: team-0}\nspec:\n  replicas: ${13 + i}\n  selector: {matchLabels: {app: app-0}}\n  template:\n    metadata: {labels: {app: app-0}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}`;
}

function manifests(pods: number): string[] {
  const random = mulberry32(11);
  const chunks: string[] = [];
  let docs: string[] = [];
  let placed = 0;
  for (let n = 0; placed < pods; n++) {
    const ns = `team-${n}`;
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`);
    const target = Math.min(pods - placed, 30 + Math.floor(random() * 40));
    let inNs = 0;
    for (let d = 0; inNs < target; d++) {
      const replicas = Math.min(target - inNs, 1 + Math.floor(random() * 12));
      const app = `app-${d}`;
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}`,
      );
      docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  type: ${d % 10 === 0 ? "LoadBalancer" : "ClusterIP"}\n  selector: {app: ${app}}\n  ports: [{port: 80, targetPort: 8080}]`);
      inNs += replicas;
    }
    placed += inNs;
    if (n % 10 === 9) {
      chunks.push(docs.join("\n---\n"));
      docs = [];
    }
  }
  if (docs.length) chunks.push(docs.join("\n---\n"));
  return chunks;
}

async function main() {
  // BENCH_DB=/path/file.db keeps the stored cluster between runs (set up once; reused when the file exists)
  const keep = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : null;
  const reuse = !!keep && existsSync(keep);
  const file = keep ?? path.join(mkdtempSync(path.join(os.tmpdir(), "hcinet-topo-bench-")), "bench.db");
  const url = `file:${file}`;
  const r = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  process.env.DATABASE_URL = url;
  const { db } = await import("../lib/db/client");
  const { createNetwork } = await import("../lib/db/networks");
  const { createCluster } = await import("../lib/db/clusters");
  const { applyManifests } = await import("../lib/db/apply");
  const { clusterTopologyJson, clearTopologyCache, topologyVersion } = await import("../lib/db/topology");
  const { clearObjectCache, cachedObjects, lastObjectRead } = await import("../lib/db/object-cache");
  const { clusterSnapshot, storedClusterRow, snapshotOfStored, networkConflicts } = await import("../lib/db/snapshot");
  const { topologyGraph } = await import("../lib/topology/model");
  const { topologyViewOf } = await import("../lib/topology/cytoscape");
  const workers = Math.ceil(PODS / 100);
  let t = performance.now();
  if (!reuse) {
  await createNetwork(db(), {
    name: "benchnet", vswitchName: "extSwitch", ipAddressPrefix: "172.16.0.0/16", gateway: "172.16.0.1", dnsServers: ["172.16.0.1"],
    k8sNodeIpPoolStart: "172.16.10.1", k8sNodeIpPoolEnd: "172.16.19.255", vipPoolStart: "172.16.200.0", vipPoolEnd: "172.16.250.254", vlanID: 9,
  });
  await createCluster(db(), { name: "bench", vnet: "benchnet", controlPlaneNodeCount: 1, loadBalancerCount: 1, primaryNetworkPlugin: "calico", nodePools: Array.from({ length: Math.ceil(workers / 50) }, (_, i) => ({ name: `pool${i}`, count: Math.min(50, workers - i * 50), osType: "Linux" })) });
  for (const chunk of manifests(PODS)) await applyManifests(db(), "bench", chunk, { actor: "bench" });
  console.error(`applied ${PODS} pods in ${ms(performance.now() - t)}`);
  } else console.error(`reusing the stored cluster in ${file}`);

  const first = { aggregate: "auto" as const };
  const clusterId = (await db().cluster.findUniqueOrThrow({ where: { name: "bench" } })).id;
  const cold: number[] = [];
  const changed: number[] = [];
  const fetched: number[] = [];
  const edited: number[] = [];
  const previous: number[] = [];
  const editFetched: number[] = [];
  const repeat: number[] = [];
  const expand: number[] = [];
  const version: number[] = [];
  let summary = "";
  for (let i = 0; i < 3; i++) {
    clearTopologyCache();
    clearObjectCache();
    t = performance.now();
    const c = await clusterTopologyJson(db(), "bench", first);
    cold.push(performance.now() - t);
    const json = JSON.parse(c.text) as { summary: { aggregate: string; pods: number }; elements: { nodes: { data: { id: string; kind: string } }[] } };
    summary = `${json.summary.pods} pods, level ${json.summary.aggregate}, ${c.elements} elements, ${(c.text.length / 1e6).toFixed(2)} MB`;
    t = performance.now();
    const h = await clusterTopologyJson(db(), "bench", first);
    repeat.push(performance.now() - t);
    if (!h.cached) throw new Error("the repeat was not a cache hit");
    const ns = json.elements.nodes.filter((n) => n.data.kind === "Namespace")[i]?.data.id;
    t = performance.now();
    await clusterTopologyJson(db(), "bench", { ...first, ...(ns ? { expand: [ns] } : {}) });
    expand.push(performance.now() - t);
    t = performance.now();
    await topologyVersion(db(), "bench");
    version.push(performance.now() - t);
    // the previous code's first request of a version: every body read through Prisma, parsed, deep-copied into the snapshot
    clearObjectCache();
    t = performance.now();
    {
      const { snapshot, cluster } = await clusterSnapshot(db(), "bench");
      const net = await db().clusterNetwork.findUniqueOrThrow({ where: { id: cluster.networkId } });
      const ctx = { loadBalancers: cluster.loadBalancers, network: { name: net.name }, conflicts: await networkConflicts(db(), net.name) };
      JSON.stringify(topologyViewOf(topologyGraph(snapshot, ctx), snapshot, first));
    }
    previous.push(performance.now() - t);
    // refill the object cache as the request before a change left it (the cluster's objects, every cluster's Services)
    await cachedObjects(db(), clusterId);
    await networkConflicts(db(), "benchnet");
    // the first request after a change (what the goal is about), two kinds of change:
    // an edit of a few objects (a Service's type and a label of a Deployment's pods elsewhere: the pods stay put) …
    await applyManifests(db(), "bench", edit(i), { actor: "bench" });
    t = performance.now();
    const afterEdit = await clusterTopologyJson(db(), "bench", first);
    edited.push(performance.now() - t);
    if (afterEdit.cached) throw new Error("the request after an edit was a cache hit");
    editFetched.push(lastObjectRead(clusterId).fetched);
    // … and a scale of one Deployment by one replica: the write path (lib/db/pods.ts reconcilePods) places every
    // workload's pods again, so pods after it in the placement order move node and address (most pod rows rewritten)
    await applyManifests(db(), "bench", scaled(i), { actor: "bench" });
    t = performance.now();
    const after = await clusterTopologyJson(db(), "bench", first);
    changed.push(performance.now() - t);
    if (after.cached) throw new Error("the request after a change was a cache hit");
    fetched.push(lastObjectRead(clusterId).fetched);
  }
  console.log(summary);
  console.log("| pods | previous code: first request of a version | cold (new process: every row read) | first request after an edit (incremental) | first request after a scale | repeat (cached JSON) | expand a namespace (cached model) | version check | previous / after an edit |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  console.log(`| ${PODS.toLocaleString("en")} | ${ms(median(previous))} | ${ms(median(cold))} | ${ms(median(edited))} | ${ms(median(changed))} | ${ms(median(repeat))} | ${ms(median(expand))} | ${ms(median(version))} | ${(median(previous) / median(edited)).toFixed(1)}× |`);
  console.log(`(rows re-read of ${lastObjectRead(clusterId).rows.toLocaleString("en")}: after each edit ${editFetched.join(", ")}; after each scale ${fetched.join(", ")})`);

  // where the cold request's time goes: the same steps as lib/db/topology.ts, one at a time (median of 3)
  const phases: Record<string, number[]> = {};
  const time = async <T>(k: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const v = await f();
    (phases[k] ??= []).push(performance.now() - t0);
    return v;
  };
  for (let i = 0; i < 3; i++) {
    await time("version check", () => topologyVersion(db(), "bench"));
    const c = await time("DB: cluster row + VMs", () => storedClusterRow(db(), "bench"));
    const rows = await time("DB: object rows", () => db().kubeObject.findMany({ where: { clusterId: c.id }, orderBy: [{ kind: "asc" }, { namespace: "asc" }, { name: "asc" }] }));
    const objects = await time("JSON.parse of bodies", () => rows.map((r) => JSON.parse(r.body)));
    const { snapshot, cluster } = await time("snapshot build (deep copy, as before)", () => snapshotOfStored(c, objects));
    await time("snapshot build (shallow copy of cached objects)", () => snapshotOfStored(c, objects, "shallow"));
    await time("incremental object read (heads, nothing changed)", () => cachedObjects(db(), c.id));
    const ctx = await time("network + VIP conflicts (DB + parse)", async () => {
      const net = await db().clusterNetwork.findUnique({ where: { id: cluster.networkId } });
      return { loadBalancers: cluster.loadBalancers, network: { name: net!.name }, conflicts: await networkConflicts(db(), net!.name) };
    });
    const model = await time("model", () => topologyGraph(snapshot, ctx));
    const view = await time("view (fold, owners, layout)", () => topologyViewOf(model, snapshot, first));
    await time("JSON.stringify", () => JSON.stringify(view));
  }
  console.log(`\nthe cold request, step by step (${PODS.toLocaleString("en")} pods; median of 3):\n| step | time |\n|---|---|`);
  let sum = 0;
  for (const [k, xs] of Object.entries(phases)) {
    sum += median(xs);
    console.log(`| ${k} | ${ms(median(xs))} |`);
  }
  console.log(`| sum | ${ms(sum)} |`);
  console.log(`\nload average (1, 5, 15 min) at the end: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  await db().$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
