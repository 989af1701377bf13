/**
 * `kubectl apply` for a stored cluster: multi-document YAML or a kubectl List in, created / configured / unchanged
 * per object out, with the fields the cluster filled in (ClusterIP, NodePorts, VIP, pod IPs). Atomic: every
 * document is parsed and validated first (all problems reported at once with document, line and field path); then
 * everything is written in one transaction, and any allocation problem rolls the whole apply back. `dryRun` runs
 * the same transaction and rolls it back at the end, so it shows exactly what would change.
 */
import type { Db } from "./client";
import { AppError, notFound, unprocessable, type FieldError } from "../errors";
import { parseManifests, type ManifestDocument } from "../kube/manifest";
import { validateDocuments } from "../kube/validate";
import { isClusterScoped, kindOfStoredKind, storedKind } from "../kube/kinds";
import type { KubeObject, Pod, Service } from "../kube/types";
import { loadObjects, ObjectBatch, objectNamespace, type PutResult } from "./objects";
import { allocateService, releaseService, ServiceAllocationError } from "./services";
import { SYSTEM_NAMESPACES } from "../cluster/bootstrap";
import { reconcilePods, WORKLOAD_KINDS } from "./pods";
import { recordAudit } from "./audit";
import { checkpoint, throwIfAborted, transaction } from "./tx";
import { limitMessage, limits } from "../limits";
import type { ApplyResult, ApplyResultEntry } from "../api/dto";

export type { ApplyResult, ApplyResultEntry };

/** Kinds hcinet models; others are stored and listed as not modelled. */
export const MODELLED_KINDS = new Set([
  "Namespace", "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Service", "Endpoints", "EndpointSlice",
  "Ingress", "IngressClass", "NetworkPolicy", "Node",
]);

export interface ApplyOptions {
  dryRun?: boolean;
  /** create namespaces that neither exist nor are in the input (handy for `kubectl get -o yaml` dumps) */
  createNamespaces?: boolean;
  actor?: string;
  /** the request's signal: when it aborts (client gone, deadline) the apply is rolled back, never committed */
  signal?: AbortSignal;
}

class DryRunRollback extends Error {
  constructor(readonly result: ApplyResult) {
    super("dry run");
  }
}

const TX = { timeoutMs: 120_000, maxWaitMs: 30_000 };

function docLabel(o: KubeObject): string {
  const ns = isClusterScoped(o.kind) ? "" : `${o.metadata.namespace ?? "default"}/`;
  return `${o.kind} ${ns}${o.metadata.name}`;
}

export async function applyManifests(db: Db, clusterName: string, text: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const cluster = await db.cluster.findUnique({ where: { name: clusterName }, include: { network: true } });
  if (!cluster) throw notFound("cluster", clusterName);

  const { documents, problems } = parseManifests(text);
  throwIfAborted(opts.signal);
  const docCap = limits.documentsPerApply;
  if (documents.length > docCap.max) {
    throw unprocessable(limitMessage(docCap, "objects in one apply", documents.length), [{ path: "(body)", message: `split the input into applies of at most ${docCap.max} objects` }], { limit: docCap.name, max: docCap.max });
  }
  const replicaCap = limits.replicasPerWorkload;
  const overReplicas: FieldError[] = [];
  for (const d of documents) {
    const replicas = (d.object as { spec?: { replicas?: unknown } }).spec?.replicas;
    if (WORKLOAD_KINDS.includes(d.object.kind) && typeof replicas === "number" && replicas > replicaCap.max) {
      overReplicas.push({ document: d.index, line: d.lineOf("spec.replicas"), path: "spec.replicas", message: `${docLabel(d.object)}: ${limitMessage(replicaCap, "replicas", replicas)}` });
    }
  }
  if (overReplicas.length) throw unprocessable(`${overReplicas.length} workload(s) over the replica limit of ${replicaCap.max}; nothing was applied`, overReplicas, { limit: replicaCap.name, max: replicaCap.max });
  const all: FieldError[] = problems.map((p) => ({ document: p.document, line: p.line, path: p.path, message: p.kind ? `${p.kind} ${p.namespace ? p.namespace + "/" : ""}${p.name ?? ""}: ${p.message}` : p.message }));
  if (problems.length === 0) {
    for (const p of validateDocuments(documents, { serviceCidr: cluster.serviceCidr })) {
      all.push({ document: p.document, line: p.line, path: p.path, message: `${p.kind ?? "object"} ${p.namespace ? p.namespace + "/" : ""}${p.name ?? ""}: ${p.message}` });
    }
  }
  if (documents.length === 0 && all.length === 0) throw unprocessable("the input holds no Kubernetes objects", [{ path: "(body)", message: "no documents found" }]);
  if (all.length) throw unprocessable(`${all.length} problem(s) in the manifests; nothing was applied`, all);

  try {
    return await transaction(db, async (tx) => {
      const result: ApplyResult = { dryRun: !!opts.dryRun, results: [], notModelled: [], warnings: [] };
      const batch = new ObjectBatch(tx, cluster.id);
      const nsNames = new Set(documents.map((d) => (isClusterScoped(d.object.kind) ? "" : (d.object.metadata.namespace ?? "default"))).filter(Boolean));
      await batch.preload([...[...nsNames].map((name) => ({ kind: "Namespace", name })), ...documents.map((d) => ({ kind: storedKind(d.object.apiVersion, d.object.kind), name: d.object.metadata.name }))]);
      const existingNs = new Set([...nsNames].filter((ns) => batch.stored("Namespace", "", ns)));
      const inputNs = new Set(documents.filter((d) => d.object.kind === "Namespace").map((d) => d.object.metadata.name));
      const allocProblems: FieldError[] = [];
      const docOf = new Map<KubeObject, ManifestDocument>();

      // namespaces first, so objects in them can be applied in the same request
      const ordered = [...documents].sort((a, b) => (a.object.kind === "Namespace" ? 0 : 1) - (b.object.kind === "Namespace" ? 0 : 1) || a.index - b.index);
      let lastYield = performance.now();
      for (const d of ordered) {
        // hand the event loop back every ~20 ms of work (health probes, other requests, the deadline timer)
        if (performance.now() - lastYield > 20) {
          await checkpoint(opts.signal);
          lastYield = performance.now();
        }
        const obj = structuredClone(d.object);
        docOf.set(obj, d);
        if (obj.kind === "Namespace") obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name };
        if (!isClusterScoped(obj.kind)) {
          const ns = obj.metadata.namespace ?? "default";
          obj.metadata.namespace = ns;
          if (!existingNs.has(ns) && !inputNs.has(ns)) {
            if (opts.createNamespaces) {
              await batch.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "kubernetes.io/metadata.name": ns } } });
              existingNs.add(ns);
              result.warnings.push(`namespace ${ns} did not exist and was created`);
            } else {
              allocProblems.push({ document: d.index, line: d.lineOf("metadata.namespace"), path: "metadata.namespace", message: `${docLabel(obj)}: namespaces "${ns}" not found (add a Namespace document, or apply with createNamespaces=true)` });
              continue;
            }
          }
        }
        let toStore = obj;
        let allocated: ApplyResultEntry["allocated"];
        if (obj.kind === "Service") {
          const prev = batch.stored("Service", obj.metadata.namespace!, obj.metadata.name) as Service | undefined;
          try {
            const a = await allocateService(tx, cluster, obj as Service, prev);
            toStore = a.service;
            allocated = a.allocated;
            result.warnings.push(...a.warnings);
          } catch (e) {
            if (!(e instanceof ServiceAllocationError)) throw e;
            for (const p of e.problems) allocProblems.push({ document: d.index, line: d.lineOf(p.path), path: p.path, message: `${docLabel(obj)}: ${p.message}` });
            continue;
          }
        }
        // Services are written at once (the next Service's allocation reads the stored ones); the rest in batches
        const put = await batch.put(toStore, { now: obj.kind === "Service" });
        if (!MODELLED_KINDS.has(obj.kind)) result.notModelled.push(`${obj.apiVersion}/${obj.kind} ${obj.metadata.name}`);
        result.results.push({
          kind: obj.kind,
          apiVersion: obj.apiVersion,
          ...(isClusterScoped(obj.kind) ? {} : { namespace: objectNamespace(obj) }),
          name: obj.metadata.name,
          action: put.result,
          ...(allocated && Object.keys(allocated).length ? { allocated } : {}),
        });
      }
      await batch.flush();
      if (allocProblems.length) throw unprocessable(`${allocProblems.length} problem(s) while allocating; nothing was applied`, allocProblems);

      if (documents.some((d) => WORKLOAD_KINDS.includes(d.object.kind) || d.object.kind === "Pod")) {
        await reconcilePods(tx, cluster.id);
        const pods = (await loadObjects(tx, cluster.id, ["Pod"])) as Pod[];
        for (const r of result.results) {
          if (!WORKLOAD_KINDS.includes(r.kind) && r.kind !== "Pod") continue;
          const mine = pods.filter((p) => p.metadata.namespace === r.namespace && (r.kind === "Pod" ? p.metadata.name === r.name : ownedBy(p, r.kind, r.name)));
          const ips = mine.map((p) => p.status?.podIP).filter((ip): ip is string => !!ip);
          if (ips.length) r.allocated = { ...(r.allocated ?? {}), podIPs: ips };
        }
      }
      if (opts.dryRun) throw new DryRunRollback(result);
      await recordAudit(tx, { actor: opts.actor, action: "apply", targetKind: "Cluster", targetName: clusterName, after: result.results.map((r) => `${r.kind}/${r.namespace ?? ""}/${r.name}: ${r.action}`) });
      return result;
    }, { ...TX, signal: opts.signal });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result;
    if (e instanceof AppError) throw e;
    throw e;
  }
}

/** A Deployment's pods are owned by its ReplicaSet `<deployment>-<hash>`; the others directly by the workload. */
function ownedBy(pod: Pod, kind: string, name: string): boolean {
  const refs = (pod.metadata.ownerReferences ?? []) as { kind?: string; name?: string }[];
  return refs.some((r) => (r.kind === kind && r.name === name) || (kind === "Deployment" && r.kind === "ReplicaSet" && typeof r.name === "string" && r.name.startsWith(`${name}-`) && /^[a-z0-9]+$/.test(r.name.slice(name.length + 1))));
}

/**
 * `kubectl delete KIND NAME -n NS` (KIND as stored: `NetworkPolicy.projectcalico.org` for Calico's): removes one object and frees what it held (a Service's ClusterIP, NodePorts and
 * VIP frontends; a workload's pods and their addresses). A Namespace takes the objects in it along, as Kubernetes
 * does. The `kubernetes` Service and the system namespaces cannot be deleted.
 */
export async function deleteClusterObject(db: Db, clusterName: string, kind: string, namespace: string, name: string, actor?: string): Promise<{ deleted: string[] }> {
  const cluster = await db.cluster.findUnique({ where: { name: clusterName } });
  if (!cluster) throw notFound("cluster", clusterName);
  const ns = isClusterScoped(kindOfStoredKind(kind)) ? "" : namespace || "default";
  if ((kind === "Service" && ns === "default" && name === "kubernetes") || (kind === "Namespace" && SYSTEM_NAMESPACES.includes(name as (typeof SYSTEM_NAMESPACES)[number]))) {
    throw unprocessable(`${kind} ${name} belongs to the cluster itself and cannot be deleted`, [{ path: "name", message: "a system object" }]);
  }
  return transaction(db, async (tx) => {
    const row = await tx.kubeObject.findUnique({ where: { clusterId_kind_namespace_name: { clusterId: cluster.id, kind, namespace: ns, name } } });
    if (!row) throw notFound(kind, ns ? `${ns}/${name}` : name);
    const victims = kind === "Namespace" ? await tx.kubeObject.findMany({ where: { clusterId: cluster.id, namespace: name } }) : [];
    const deleted: string[] = [];
    for (const v of [...victims, row]) {
      if (v.kind === "Service") await releaseService(tx, cluster.id, v.namespace, v.name);
      await tx.kubeObject.delete({ where: { id: v.id } });
      deleted.push(`${v.kind}/${v.namespace ? v.namespace + "/" : ""}${v.name}`);
    }
    if (kind === "Namespace" || WORKLOAD_KINDS.includes(kind) || kind === "Pod") await reconcilePods(tx, cluster.id);
    await recordAudit(tx, { actor, action: "delete", targetKind: kind, targetName: `${clusterName}/${ns ? ns + "/" : ""}${name}`, before: JSON.parse(row.body) });
    return { deleted };
  }, TX);
}
