/**
 * Keeps a cluster's pods in line with its workloads and nodes (what the scheduler, the controllers and the CNI IPAM
 * do in a real cluster): every Deployment/ReplicaSet/StatefulSet/DaemonSet becomes pods spread over the nodes; a pod
 * that stays on its node keeps its address; new pods get one from their node's pod CIDR (Flannel /24) or IPAM block
 * (Calico /26); host-network pods use the node's address. Runs inside the caller's transaction.
 */
import type { KubeObject, Pod, SnapshotNode } from "../kube/types";
import { eligibleNodes, expandWorkloads } from "../kube/workloads";
import { PodIpam, type Plugin } from "../ipam/podipam";
import { parseIPv4 } from "../ipam/address";
import { podIpamV6For, v6Of } from "./dualstack";
import { deleteObject, loadObjects, loadObjectsRaw, ObjectBatch, putObject, type Tx } from "./objects";
import type { Sql } from "./sql";
import type { Pace } from "./pace";

export const WORKLOAD_KINDS = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"];
const PLACEHOLDER = "0.0.0.0";

export function snapshotNodeOf(vm: { name: string; role: string; osType: string; ipAddress: string | null; nodePool?: { name: string } | null }, podCidrs: string[]): SnapshotNode {
  const os = vm.osType === "Windows" ? "windows" : "linux";
  const labels: Record<string, string> = {
    "kubernetes.io/hostname": vm.name,
    "kubernetes.io/os": os,
    "kubernetes.io/arch": "amd64",
  };
  if (vm.role === "controlplane") labels["node-role.kubernetes.io/control-plane"] = "";
  if (vm.nodePool) labels["agentpool"] = vm.nodePool.name;
  return {
    name: vm.name,
    role: vm.role === "controlplane" ? "controlplane" : vm.role === "loadbalancer" ? "loadbalancer" : "worker",
    osType: vm.osType === "Windows" ? "Windows" : "Linux",
    ...(vm.ipAddress ? { ipAddress: vm.ipAddress } : {}),
    podCidrs,
    labels,
  };
}

function isOwned(pod: KubeObject): boolean {
  const refs = pod.metadata.ownerReferences;
  return Array.isArray(refs) && refs.length > 0;
}

/**
 * With `sql` (an apply) the pods and ReplicaSets are written set-based: one read of the stored ones, unchanged ones
 * compared in memory, new ones inserted with multi-row INSERTs, removed ones deleted in chunks.
 */
export async function reconcilePods(tx: Tx, clusterId: number, sql?: Sql, pace: Pace = () => undefined): Promise<void> {
  const cluster = await tx.cluster.findUniqueOrThrow({ where: { id: clusterId } });
  const plugin: Plugin = cluster.primaryNetworkPlugin === "flannel" ? "flannel" : "calico";
  const vms = await tx.nodeVm.findMany({ where: { clusterId, role: { not: "loadbalancer" } }, include: { nodePool: { select: { name: true } } }, orderBy: { id: "asc" } });
  const blocks = await tx.podCidrBlock.findMany({ where: { clusterId }, include: { nodeVm: { select: { name: true } } } });
  const tunnels = await tx.clusterAddress.findMany({ where: { clusterId, space: "pod", ownerKind: "tunnel" } });
  const existingPods = (sql ? await loadObjectsRaw(sql, tx, clusterId, ["Pod"]) : await loadObjects(tx, clusterId, ["Pod"])) as Pod[];
  await pace();
  const workloads = sql ? await loadObjectsRaw(sql, tx, clusterId, WORKLOAD_KINDS) : await loadObjects(tx, clusterId, WORKLOAD_KINDS);
  await pace();
  const vmNames = new Set(vms.map((v) => v.name));

  // pods that keep their address: same name, same (still existing) node
  const kept = new Map<string, Pod>();
  for (const p of existingPods) {
    const node = p.spec?.nodeName;
    if (node && vmNames.has(node) && p.status?.podIP) kept.set(`${p.metadata.namespace}/${p.metadata.name}`, p);
  }
  const keptIps = [...kept.values()].filter((p) => !p.spec.hostNetwork).map((p) => p.status!.podIP!);
  const ownBlocks = blocks.filter((b) => b.nodeVm && vmNames.has(b.nodeVm.name)).map((b) => ({ cidr: b.cidr, node: b.nodeVm!.name }));
  const ipam = new PodIpam(
    plugin,
    cluster.podCidr,
    ownBlocks.filter((b) => !b.cidr.includes(":")),
    [...keptIps, ...tunnels.filter((t) => vmNames.has(t.ownerName)).map((t) => t.address)],
  );
  for (const t of tunnels) if (vmNames.has(t.ownerName)) ipam.tunnelAddresses.set(t.ownerName, t.address);
  // dual-stack (Calico) clusters: IPv6 pod addresses from /122 blocks of the IPv6 pod range (lib/db/dualstack.ts)
  const ipam6 = podIpamV6For(cluster, vms, ownBlocks, [...kept.values()]);
  if (plugin === "flannel") for (const v of vms) ipam.ensureNodeCidr(v.name);

  const nodes = vms.map((v) => snapshotNodeOf(v, ipam.blocksOf(v.name)));
  const nodeIp = new Map(vms.map((v) => [v.name, v.ipAddress]));
  // a Deployment's ReplicaSet is expanded through its Deployment; standalone pods count when spreading
  // in slices (the same result as one call: each slice sees the pods of the slices before), pacing in between
  const toExpand = workloads.filter((w) => !(w.kind === "ReplicaSet" && isOwned(w)));
  const standaloneExisting = existingPods.filter((p) => !isOwned(p));
  // running pods stay on their node (a scale or an edit places only the new pods)
  const previousPods = existingPods.filter((p) => isOwned(p) && p.spec?.nodeName && vmNames.has(p.spec.nodeName));
  const expansion: { pods: Pod[]; replicaSets: KubeObject[] } = { pods: [], replicaSets: [] };
  for (let i = 0; i < toExpand.length; i += 100) {
    const part = expandWorkloads(toExpand.slice(i, i + 100), nodes, { assignPodIp: () => PLACEHOLDER, existingPods: [...standaloneExisting, ...expansion.pods], previousPods });
    expansion.pods.push(...part.pods);
    expansion.replicaSets.push(...part.replicaSets);
    await pace();
  }
  const desired: Pod[] = expansion.pods;

  for (const pod of desired) {
    const node = pod.spec.nodeName;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const prev = kept.get(key);
    let ip: string | null | undefined;
    if (!node) ip = undefined;
    else if (pod.spec.hostNetwork) ip = nodeIp.get(node) ?? undefined;
    else if (prev && prev.spec.nodeName === node && !prev.spec.hostNetwork) ip = prev.status!.podIP!;
    else ip = ipam.allocate(node);
    const status = { ...(pod.status ?? {}) };
    if (ip) {
      status.podIP = ip;
      status.podIPs = [{ ip }, ...(ipam6 && node && !pod.spec.hostNetwork ? ipam6.second(node, prev && prev.spec.nodeName === node ? prev : undefined) : [])];
      if (node && nodeIp.get(node)) status.hostIP = nodeIp.get(node)!;
    } else {
      delete status.podIP;
      delete status.podIPs;
      if (node && !pod.spec.hostNetwork) {
        status.phase = "Pending";
        status.conditions = [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "False", reason: "NoPodAddress" } as { type: string; status: string }];
      }
    }
    pod.status = status;
  }

  // standalone pods (applied as Pod objects) without an address: place them (their nodeName if it is ours, else the
  // least-loaded eligible node) and give them an address, as the scheduler and the CNI would
  const standalone = existingPods.filter((p) => !isOwned(p));
  const load = new Map<string, number>();
  for (const p of [...desired, ...standalone]) if (p.spec?.nodeName) load.set(p.spec.nodeName, (load.get(p.spec.nodeName) ?? 0) + 1);
  const changedStandalone: Pod[] = [];
  for (const pod of standalone) {
    if (pod.status?.podIP) continue;
    let node = pod.spec?.nodeName && vmNames.has(pod.spec.nodeName) ? pod.spec.nodeName : undefined;
    if (!node && !pod.spec?.nodeName) {
      const candidates = eligibleNodes(pod.spec, nodes);
      candidates.sort((a, b) => (load.get(a.name) ?? 0) - (load.get(b.name) ?? 0) || a.name.localeCompare(b.name));
      node = candidates[0]?.name;
    }
    if (!node) continue;
    const ip = pod.spec.hostNetwork ? nodeIp.get(node) ?? null : ipam.allocate(node);
    load.set(node, (load.get(node) ?? 0) + 1);
    const second = ip && ipam6 && !pod.spec.hostNetwork ? ipam6.second(node, undefined) : [];
    const updated: Pod = { ...pod, spec: { ...pod.spec, nodeName: node }, status: { ...(pod.status ?? {}), phase: ip ? "Running" : "Pending", ...(ip ? { podIP: ip, podIPs: [{ ip }, ...second] } : {}), ...(nodeIp.get(node) ? { hostIP: nodeIp.get(node)! } : {}), conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: ip ? "True" : "False" }] } };
    Object.assign(pod, updated);
    changedStandalone.push(pod);
  }
  const desiredKeys = new Set(desired.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
  const desiredReplicaSets = new Set(expansion.replicaSets.map((r) => `${r.metadata.namespace}/${r.metadata.name}`));
  const stalePods = existingPods.filter((p) => isOwned(p) && !desiredKeys.has(`${p.metadata.namespace}/${p.metadata.name}`));
  const staleReplicaSets = workloads.filter((rs) => rs.kind === "ReplicaSet" && isOwned(rs) && !desiredReplicaSets.has(`${rs.metadata.namespace}/${rs.metadata.name}`));
  if (sql) {
    const batch = new ObjectBatch(tx, clusterId, sql, pace);
    await batch.preload([...[...changedStandalone, ...desired].map((p) => ({ kind: "Pod", name: p.metadata.name })), ...expansion.replicaSets.map((r) => ({ kind: "ReplicaSet", name: r.metadata.name }))]);
    for (const p of changedStandalone) await batch.put(p);
    for (const [kind, gone] of [["Pod", stalePods], ["ReplicaSet", staleReplicaSets]] as const) {
      if (!gone.length) continue;
      await sql.deleteIn(tx, `DELETE FROM "KubeObject" WHERE "clusterId" = ? AND "kind" = ?`, [clusterId, kind], `("namespace" || '/' || "name")`, gone.map((o) => `${o.metadata.namespace ?? "default"}/${o.metadata.name}`), pace);
    }
    for (const p of desired) {
      await batch.put(p);
      await pace();
    }
    for (const rs of expansion.replicaSets) {
      await batch.put(rs);
      await pace();
    }
    await batch.flush();
  } else {
    for (const p of changedStandalone) await putObject(tx, clusterId, p);
    // write: pods (owned ones not desired any more are deleted), blocks, pod addresses
    for (const p of stalePods) await deleteObject(tx, clusterId, "Pod", p.metadata.namespace ?? "default", p.metadata.name);
    for (const p of desired) await putObject(tx, clusterId, p);
    for (const rs of staleReplicaSets) await deleteObject(tx, clusterId, "ReplicaSet", rs.metadata.namespace ?? "default", rs.metadata.name);
    for (const rs of expansion.replicaSets) await putObject(tx, clusterId, rs);
  }
  const vmId = new Map(vms.map((v) => [v.name, v.id]));
  const newBlocks = [...ipam.newBlocks, ...(ipam6?.newBlocks ?? [])];
  if (newBlocks.length) await tx.podCidrBlock.createMany({ data: newBlocks.map((b) => ({ clusterId, cidr: b.cidr, nodeVmId: vmId.get(b.node) ?? null })) });

  await tx.clusterAddress.deleteMany({ where: { clusterId, space: "pod" } });
  const rows: { clusterId: number; space: string; address: string; addressNum: number; ownerKind: string; ownerNamespace: string; ownerName: string }[] = [];
  for (const [node, addr] of ipam.tunnelAddresses) if (vmNames.has(node)) rows.push({ clusterId, space: "pod", address: addr, addressNum: parseIPv4(addr)!, ownerKind: "tunnel", ownerNamespace: "", ownerName: node });
  const all = [...desired, ...existingPods.filter((p) => !isOwned(p))];
  for (const p of all) {
    const ip = p.status?.podIP;
    if (!ip || p.spec.hostNetwork) continue;
    rows.push({ clusterId, space: "pod", address: ip, addressNum: parseIPv4(ip) ?? 0, ownerKind: "Pod", ownerNamespace: p.metadata.namespace ?? "default", ownerName: p.metadata.name });
    for (const v6 of v6Of(p)) rows.push({ clusterId, space: "pod", address: v6, addressNum: 0, ownerKind: "Pod", ownerNamespace: p.metadata.namespace ?? "default", ownerName: p.metadata.name });
  }
  if (rows.length) await tx.clusterAddress.createMany({ data: rows });
}
